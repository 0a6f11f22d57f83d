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
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.catalogue import Catalogue, Issue, check_catalogue
from kiosk.catalogue.corrected import FILLABLE, corrected_csv, fill, salvage
from kiosk.catalogue.loader import detect_format
from kiosk.catalogue.reader import decode_utf8
from kiosk.catalogue.stock import apply_stock_bytes
from kiosk.errors import CatalogueError

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
    text: str | None = None   # a native CSV draft the page may fill gaps in (corrected.fill)
    salvaged: str | None = None  # an upload with errors: its corrected file, if it has one

    @property
    def errors(self) -> int:
        return sum(i.severity == "error" for i in self.issues)

    @property
    def publishable(self) -> bool:
        return self.catalogue is not None and self.errors == 0

    @property
    def editable(self) -> bool:
        return self.kind == "catalogue" and self.text is not None

    def fillable(self, issue: Issue) -> str | None:
        """The field the page may fill for this finding (in an editable draft), else None."""
        line = issue.location.line or 0
        return FILLABLE.get(issue.code) if self.editable and line > 1 else None

    def corrected(self) -> str | None:
        """The corrected file: native CSV with the review column (formulas neutralised)."""
        if self.catalogue is not None:
            return corrected_csv(self.catalogue)
        return self.text if self.text is not None else self.salvaged


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


@dataclass
class Checked:
    """An upload checked, with what the page needs to correct it."""
    catalogue: Catalogue | None
    issues: list[Issue]
    text: str | None = None       # the upload itself when it is a native CSV (fillable)
    salvaged: str | None = None   # an upload with errors: its corrected file, if any


def check_for_page(raw: bytes, filename: str) -> Checked:
    """``check_upload``, plus the native text to fill in, or a corrected file of a failed one."""
    catalogue, issues = check_upload(raw, filename)
    name = clean_name(filename)
    try:
        text = decode_utf8(raw, name)
        native = detect_format(text, name) == "csv"
    except CatalogueError:
        return Checked(catalogue, issues)
    salvaged = None
    if catalogue is None and not native:
        rescued = salvage(text, name, issues)
        salvaged = corrected_csv(rescued) if rescued is not None else None
    return Checked(catalogue, issues, text if native else None, salvaged)


def refill(draft: Draft, line: int, field: str, value: str) -> Draft:
    """The draft with one gap filled, checked again with the same rules; KeyError: no such cell."""
    text = fill(draft.text or "", line, field, value)
    catalogue, issues = check_upload(text.encode("utf-8"), draft.filename)
    return replace(draft, catalogue=catalogue, issues=issues, text=text, salvaged=None)


def to_editable(draft: Draft) -> Draft | None:
    """A loadable (or salvaged) upload of another format as its native draft, to fill in."""
    text = draft.corrected()
    if text is None or draft.kind != "catalogue":
        return None
    name = draft.filename.rsplit(".", 1)[0] + "-corrected.csv"
    catalogue, issues = check_upload(text.encode("utf-8"), name)
    return replace(draft, filename=name, catalogue=catalogue, issues=issues, text=text, salvaged=None)


def check_stock_upload(raw: bytes, filename: str, live) -> tuple[Catalogue | None, list[Issue]]:
    """A stock-only file applied to the live catalogue (``kiosk.catalogue.stock``'s rules)."""
    catalogue, issues = apply_stock_bytes(raw, clean_name(filename), live.catalogue)
    return catalogue, sorted(issues, key=lambda i: (i.location.line or 0, i.location.column or 0))


def _renamed(issue: Issue, name: str) -> Issue:
    """Show the manager's file name, never our temporary folder."""
    return replace(issue, location=replace(issue.location, file=name))


class Drafts:
    def __init__(self):
        self._drafts: dict[str, Draft] = {}
        self._lock = threading.Lock()

    def add(self, owner: str, filename: str, size: int, now: float,
            checked: Checked | tuple[Catalogue | None, list[Issue]], kind: str = "catalogue",
            base: str | None = None) -> Draft:
        if isinstance(checked, tuple):
            checked = Checked(*checked)
        draft = Draft(secrets.token_urlsafe(12), owner, clean_name(filename), size, now,
                      checked.catalogue, checked.issues, kind=kind, base=base, text=checked.text,
                      salvaged=checked.salvaged)
        with self._lock:
            mine = sorted((d for d in self._drafts.values() if d.owner == owner), key=lambda d: d.created)
            for old in mine[: max(0, len(mine) - PER_MANAGER + 1)]:
                del self._drafts[old.id]
            if len(self._drafts) >= MAX_DRAFTS:
                del self._drafts[min(self._drafts.values(), key=lambda d: d.created).id]
            self._drafts[draft.id] = draft
        return draft

    def swap(self, old: Draft, new: Draft) -> bool:
        """Replace a draft by its corrected self (same id, same owner), unless it is gone."""
        with self._lock:
            if self._drafts.get(old.id) is not old or new.owner != old.owner or new.id != old.id:
                return False
            self._drafts[old.id] = new
            return True

    def get(self, draft_id: str, owner: str) -> Draft | None:
        """Only the uploader sees a draft: another manager's id is 'not found', not 'forbidden'."""
        with self._lock:
            draft = self._drafts.get(draft_id)
        return draft if draft is not None and draft.owner == owner else None
