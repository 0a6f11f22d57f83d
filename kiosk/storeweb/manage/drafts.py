"""Uploaded catalogues: checked by ``kiosk catalogue check``'s own code, held until a publish.

The upload is written to a private temporary folder under its own (cleaned) name and
checked with ``kiosk.catalogue.check_catalogue``, the function behind ``kiosk catalogue
check``: one implementation, two front ends, the same findings with the same line numbers.
Nothing here touches the live catalogue; a draft only becomes one through ``channel``.
Drafts live in memory, a few per manager, and belong to the manager who uploaded them.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.catalogue import Catalogue, Issue, check_catalogue
from kiosk.catalogue.native_csv import write_native_csv
from kiosk.catalogue.stock import apply_stock_bytes

SUFFIXES = (".csv", ".tsv", ".txt", ".xml", ".yaml", ".yml")
MAX_DRAFTS = 20       # across managers: each holds a parsed catalogue (50k variants ~ 100 MB)
PER_MANAGER = 3


@dataclass
class Draft:
    id: str
    owner: str
    filename: str
    size: int
    created: float
    catalogue: Catalogue | None
    issues: list[Issue]
    kind: str = "catalogue"   # or "stock": the live catalogue with a stock file applied
    base: str | None = None   # a stock draft: the live version it was applied to

    @property
    def errors(self) -> int:
        return sum(i.severity == "error" for i in self.issues)

    @property
    def publishable(self) -> bool:
        return self.catalogue is not None and self.errors == 0

    def native_csv(self) -> str:
        """The catalogue in our own spreadsheet form (formulas neutralised by the writer)."""
        assert self.catalogue is not None
        return write_native_csv(self.catalogue)


def clean_name(name: str) -> str:
    """A safe file name keeping the suffix that tells the format (.csv, .xml, .yaml …)."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:80] or "upload"
    return stem + (suffix if suffix in SUFFIXES else ".csv")


def check_upload(raw: bytes, filename: str) -> tuple[Catalogue | None, list[Issue]]:
    """``kiosk catalogue check FILE`` on the uploaded bytes (images are not fetched here)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-upload-") as folder:
        path = Path(folder) / clean_name(filename)
        path.write_bytes(raw)
        catalogue, issues = check_catalogue(path)
    for_page = [_renamed(i, path.name) for i in issues]
    for_page.sort(key=lambda i: (i.location.line or 0, i.location.column or 0))
    return catalogue, for_page


def check_stock_upload(raw: bytes, filename: str, live) -> tuple[Catalogue | None, list[Issue]]:
    """A stock-only file applied to the live catalogue (``kiosk.catalogue.stock``'s rules)."""
    catalogue, issues = apply_stock_bytes(raw, clean_name(filename), live.catalogue)
    return catalogue, sorted(issues, key=lambda i: (i.location.line or 0, i.location.column or 0))


def _renamed(issue: Issue, name: str) -> Issue:
    """Show the manager's file name, never our temporary folder."""
    from dataclasses import replace
    return replace(issue, location=replace(issue.location, file=name))


class Drafts:
    def __init__(self):
        self._drafts: dict[str, Draft] = {}
        self._lock = threading.Lock()

    def add(self, owner: str, filename: str, size: int, now: float,
            checked: tuple[Catalogue | None, list[Issue]], kind: str = "catalogue",
            base: str | None = None) -> Draft:
        draft = Draft(secrets.token_urlsafe(12), owner, clean_name(filename), size, now, *checked,
                      kind=kind, base=base)
        with self._lock:
            mine = sorted((d for d in self._drafts.values() if d.owner == owner), key=lambda d: d.created)
            for old in mine[: max(0, len(mine) - PER_MANAGER + 1)]:
                del self._drafts[old.id]
            if len(self._drafts) >= MAX_DRAFTS:
                del self._drafts[min(self._drafts.values(), key=lambda d: d.created).id]
            self._drafts[draft.id] = draft
        return draft

    def get(self, draft_id: str, owner: str) -> Draft | None:
        """Only the uploader sees a draft: another manager's id is 'not found', not 'forbidden'."""
        with self._lock:
            draft = self._drafts.get(draft_id)
        return draft if draft is not None and draft.owner == owner else None
