"""Image references in a catalogue: http(s) URLs or files next to the catalogue.

Local files must exist (a missing one is an error); URLs are only checked for
shape here, fetching them is ``image_cache.py``'s job (and a URL that cannot
be fetched right now is a warning, never an error).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Cell

_SPLIT = re.compile(r"[\s|]+")


def is_url(ref: str) -> bool:
    return ref.lower().startswith(("http://", "https://"))


class ImageChecker:
    def __init__(self, diag: Diagnostics, base_dir: Path | None):
        self.diag = diag
        self.base_dir = base_dir
        self._exists: dict[str, bool] = {}

    def check(self, cells: list[Cell]) -> list[str]:
        refs: list[str] = []
        for cell in cells:
            for ref in (r for r in _SPLIT.split(cell.value.strip()) if r):
                if self._valid(ref, cell):
                    refs.append(ref)
        return refs

    def _valid(self, ref: str, cell: Cell) -> bool:
        if is_url(ref):
            if _hostname(ref):
                return True
            return self._bad(cell, "image-url", f"image URL {ref!r} has no host name",
                             "write the full address, e.g. https://cdn.example.com/shirt.jpg")
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?![\\/])", ref):
            return self._bad(cell, "image-scheme", f"image {ref!r} is neither http(s) nor a file",
                             "use an https:// address or a file path next to the catalogue")
        if self.base_dir is None:   # a published catalogue: files are the mirror's business
            return True
        if ref not in self._exists:
            self._exists[ref] = _is_file(self.base_dir / ref)
        if not self._exists[ref]:
            return self._bad(cell, "image-missing", f"image file {ref!r} not found "
                             f"(looked in {self.base_dir})",
                             "copy the picture next to the catalogue or fix the file name")
        return True

    def _bad(self, cell: Cell, code: str, message: str, fix: str) -> bool:
        self.diag.error(code, message, fix, cell.line, cell.column, "images")
        return False


def _hostname(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:   # e.g. "https://[not-ipv6]/x.jpg"
        return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):   # name too long, invalid characters …
        return False
