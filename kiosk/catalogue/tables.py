"""Delimited text (CSV/TSV, as spreadsheets and feeds write it) with line numbers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from kiosk.errors import CatalogueError, Location

MAX_ROWS = 600_000
# Where a spreadsheet may start a cell (the cell start, or after a separator it splits on)
# that begins with a formula character or our own escape.
_SEGMENT_START = re.compile(r"(^|[,;|\t\r\n])(\s*)(?=[=+\-@'])")
_ESCAPED_START = re.compile(r"(^|[,;|\t\r\n])(\s*)'(?=[=+\-@'])")


def sniff_delimiter(first_line: str) -> str:
    """Tab for feeds, ';' for Excel in most of Europe, ',' otherwise."""
    counts = {d: first_line.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(text: str, file: str, delimiter: str | None = None
              ) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, iterator of (line where the row starts, cells)); blank rows skipped."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=delimiter or sniff_delimiter(first_line), strict=False)
    header = _next(reader, file, 1)
    if not header:
        raise CatalogueError("the file is empty", location=Location(file, 1),
                             fix="export the catalogue again with its header row")
    return [h.strip() for h in header], _rows(reader, file)


def _rows(reader, file: str) -> Iterator[tuple[int, list[str]]]:
    count = 0
    while True:
        start = reader.line_num + 1
        row = _next(reader, file, start)
        if row is None:
            return
        if not any(row) or not "".join(row).strip():   # any() first: C speed for real rows
            continue
        count += 1
        if count > MAX_ROWS:
            raise CatalogueError(f"more than {MAX_ROWS} rows", location=Location(file, start),
                                 fix="split the catalogue per store or department")
        yield start, row


def _next(reader, file: str, line: int) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise CatalogueError(f"CSV could not be read: {exc}", location=Location(file, line),
                             fix="check the quotes on that line; a field may be too long "
                                 "(over 128 KB) or a quote left open") from None


def neutralise_formula(value: str) -> str:
    """Spreadsheet formula injection: a text cell is exported so no part of it runs.

    The rule: at the start of the cell and after every separator a spreadsheet may
    split on (``,`` ``;`` ``|`` tab, CR, LF), skipping spaces, a formula character
    (``= + - @``) or an apostrophe gets an apostrophe put before it.  A leading ``'``
    makes a spreadsheet read the rest as text; doing it after each separator keeps
    ``Shirt;=cmd…`` text in a ';' locale too, which splits the cell there (issue #21).
    Escaping an apostrophe as well keeps ``unneutralise`` its exact inverse.
    Both CSV exports (``kiosk catalogue import -o``, ``kiosk report --csv``) use this.
    """
    return _SEGMENT_START.sub(r"\1\2'", value)


def unneutralise(value: str) -> str:
    """Undo ``neutralise_formula`` (a native CSV read back, or one a manager kept so)."""
    return _ESCAPED_START.sub(r"\1\2", value)
