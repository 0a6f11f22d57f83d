"""Image references in a catalogue: http(s) URLs or files next to the catalogue.

Local files must exist (a missing one is an error); URLs are only checked for
shape here, fetching them is ``image_cache.py``'s job (and a URL that cannot
be fetched right now is a warning, never an error).

``local_image`` is the one rule for a local reference, used by the checker,
the mirror's ``image_path`` and the hand-off service's ``/img``: a relative
picture file that, with every link followed, lies inside the catalogue's
folder.  An absolute path, a ``..`` or a link out once let ``/img`` send
/etc/passwd and the service's own database (issue #21).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Cell

_SPLIT = re.compile(r"[\s|]+")
# Only pictures: a database, a key file or a config next to the catalogue is never an image.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
_WHERE_FIX = "name a picture in the catalogue's folder (or a sub-folder), e.g. images/shirt.jpg"


class RefusedImage(ValueError):
    """A local image reference that breaks the ``local_image`` rule; ``code`` and ``fix`` for
    the report."""

    def __init__(self, code: str, message: str, fix: str):
        super().__init__(message)
        self.code, self.message, self.fix = code, message, fix


def is_url(ref: str) -> bool:
    return ref.lower().startswith(("http://", "https://"))


def local_image(ref: str, folder: Path | None) -> Path:
    """The picture file ``ref`` names inside ``folder``, resolved; raise ``RefusedImage`` else.

    With ``folder`` None (a published catalogue: no folder to look in) only the spelling is
    checked and ``ref`` comes back as a relative path.
    """
    _check_spelling(ref)
    if folder is None:
        return Path(ref)
    try:
        root = folder.resolve()
        path = (root / ref).resolve()   # follows every link, then we check where it ended
    except (OSError, ValueError, RuntimeError):   # name too long, NUL, a link loop
        raise RefusedImage("image-missing", f"image file {ref!r} cannot be read",
                           _WHERE_FIX) from None
    if not path.is_relative_to(root):
        raise RefusedImage("image-outside", f"image {ref!r} is a link that leads outside the "
                           "catalogue's folder", "copy the picture into the folder instead of "
                           "linking to it")
    _check_suffix(ref, path.name)
    return path


def _check_spelling(ref: str) -> None:
    if PurePosixPath(ref).is_absolute() or PureWindowsPath(ref).anchor:
        raise RefusedImage("image-absolute", f"image {ref!r} is an absolute path", _WHERE_FIX)
    if ".." in re.split(r"[\\/]", ref):
        raise RefusedImage("image-outside", f"image {ref!r} climbs out of the catalogue's "
                           "folder with '..'", _WHERE_FIX)
    _check_suffix(ref, ref)


def _check_suffix(ref: str, name: str) -> None:
    if not name.lower().endswith(IMAGE_SUFFIXES):
        raise RefusedImage("image-type", f"image {ref!r} is not a picture file "
                           f"({', '.join(IMAGE_SUFFIXES)})", "link a JPEG, PNG, WebP or GIF "
                           "picture (an https:// address or a file in the catalogue's folder)")


class ImageChecker:
    def __init__(self, diag: Diagnostics, base_dir: Path | None):
        self.diag = diag
        self.base_dir = base_dir
        self._local: dict[str, RefusedImage | None] = {}   # one look at the disk per name
        # Where each accepted reference was first written, so a later finding about it
        # (a URL that cannot be fetched) points at the row the manager has to edit.
        self.where: dict[str, tuple[int | None, int | None]] = {}

    def check(self, cells: list[Cell]) -> list[str]:
        refs: list[str] = []
        for cell in cells:
            for ref in (r for r in _SPLIT.split(cell.value.strip()) if r):
                if self._valid(ref, cell):
                    refs.append(ref)
                    self.where.setdefault(ref, (cell.line, cell.column))
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
        if ref not in self._local:
            self._local[ref] = self._refusal(ref)
        refused = self._local[ref]
        return True if refused is None else self._bad(cell, refused.code, refused.message,
                                                      refused.fix)

    def _refusal(self, ref: str) -> RefusedImage | None:
        try:
            path = local_image(ref, self.base_dir)
        except RefusedImage as refused:
            return refused
        if self.base_dir is not None and not _is_file(path):
            # Without a folder (a published catalogue) existence is the mirror's business.
            return RefusedImage("image-missing", f"image file {ref!r} not found (looked in "
                                f"{self.base_dir})", "copy the picture next to the catalogue "
                                "or fix the file name")
        return None

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
