"""Cells a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``).

The mirror only ever shows catalogue text as text, and every file we write neutralises
such cells (``tables.neutralise_formula``), so they are warnings, not errors: but a
manager should know that a product title in the export is a formula, most likely pasted
by mistake or planted to run on the next person who opens the file in Excel.
"""

from __future__ import annotations

import re

from kiosk.catalogue.issues import Issue
from kiosk.catalogue.tables import read_rows
from kiosk.errors import CatalogueError, Location

DELIMITED = ("csv", "shopify", "merchant-tsv")
MAX_REPORTED = 50  # a whole column of formulas is one problem said 50 times at most
# = + @ always start a formula; "-" only when no number follows (-2 is a stock count).
_FORMULA = re.compile(r"^\s*(?:[=+@]|-(?![\d.]))")
# Any place a cell can start (file or line start, after a delimiter or a CR), quotes and
# spaces skipped, then what _FORMULA looks for: without one no cell can match, and the rows
# are not read again (a 50,000-row file: 0.6 s saved on a busy machine). Only too generous.
_MAYBE = re.compile(r"(?:^|[,;\t\r])[\s\"]*(?:[=+@]|-(?![\d.]))", re.MULTILINE)


def formula_issues(text: str, file: str, fmt: str) -> list[Issue]:
    """One warning per formula-like cell of a delimited file, with its row, column and header."""
    if fmt not in DELIMITED or not _MAYBE.search(text):
        return []
    try:
        header, rows = read_rows(text, file, "\t" if fmt == "merchant-tsv" else None)
        found: list[Issue] = []
        for line, cells in rows:
            for column, cell in enumerate(cells, 1):
                if cell and _FORMULA.match(cell):
                    found.append(_issue(file, line, column, _name(header, column), cell))
                    if len(found) >= MAX_REPORTED:
                        return found
        return found
    except CatalogueError:  # unreadable rows are already reported by the loader
        return []


def _name(header: list[str], column: int) -> str:
    return header[column - 1] if column <= len(header) else f"column {column}"


def _issue(file: str, line: int, column: int, field: str, cell: str) -> Issue:
    return Issue("warning", "formula-cell",
                 f"cell starts like a spreadsheet formula ({cell.strip()[:30]!r}): the mirror "
                 "shows it as text, a spreadsheet would run it",
                 Location(file, line, column, field),
                 "remove the leading = + - @ unless the text really starts so")
