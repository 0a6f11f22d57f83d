"""The corrected file of a checked upload, and the gaps a manager may fill in it cell by cell.

A file that loads is corrected by writing it as an import draft (native CSV with the
``review`` column, review.py): what the export could not tell stays a warning there.  A
file with errors is salvaged first: every cell an error points at (a mistyped or
duplicated GTIN, a negative stock …) is left empty and the rest read again with the import
rules, so the draft keeps every other row and the check points at the emptied cells; a
file whose errors are not in a cell (unreadable, no rows …) has no corrected file.

``fill`` writes one value into one cell of a native CSV draft: the gaps the manager guide
used to send people to a spreadsheet for (``FILLABLE``: no sizes, a colour we do not know, a
missing GTIN).  The result is checked again by ``check_catalogue``, the same rules as ever.
"""

from __future__ import annotations

import csv
import io

from kiosk.catalogue.build import build_catalogue
from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.colour_names import parse_hex
from kiosk.catalogue.issues import CatalogueErrors, Diagnostics, Issue
from kiosk.catalogue.loader import IMPORT_LENIENT, _parser, detect_format
from kiosk.catalogue.native_csv import write_native_csv
from kiosk.catalogue.records import ALL_FIELDS
from kiosk.catalogue.tables import neutralise_formula
from kiosk.errors import CatalogueError

FILLABLE = {"size-missing": "size", "colour-unknown": "colour", "gtin-missing": "gtin"}
MAX_VALUE_CHARS = 100
PASSES = 3


def corrected_csv(catalogue: Catalogue) -> str:
    """The import draft of a catalogue that loads: native CSV with the review column."""
    return write_native_csv(catalogue, draft=True)


def salvage(text: str, file: str, issues: list[Issue]) -> Catalogue | None:
    """The file read again with the cells in error left empty; None if that is not enough."""
    try:
        fmt = detect_format(text, file)
    except CatalogueError:
        return None
    blank = _cells(issues)
    for _ in range(PASSES):
        if not blank:
            return None
        source = _parser(fmt)(text, file, Diagnostics(file, IMPORT_LENIENT))
        for record in source.records:
            for name in [n for n in record.cells if (record.where(n)[0], n) in blank]:
                del record.cells[name]
        try:
            return build_catalogue(source, Diagnostics(file, IMPORT_LENIENT))
        except CatalogueErrors as exc:
            more = _cells(exc.issues) - blank
            if not more:
                return None
            blank |= more
        except CatalogueError:
            return None
    return None


def _cells(issues: list[Issue]) -> set[tuple[int, str]]:
    return {(i.location.line, i.location.field) for i in issues
            if i.severity == "error" and i.location.line and i.location.field in ALL_FIELDS}


def fill(text: str, line: int, field: str, value: str) -> str:
    """Native CSV ``text`` with ``value`` in the ``field`` cell of the row starting at ``line``
    (a hex like #1f3a5f for a colour goes in colour_hex); KeyError if there is no such row."""
    value = " ".join(value.split())[:MAX_VALUE_CHARS]
    if field == "colour" and parse_hex(value):
        field = "colour_hex"
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if field not in header:
        raise KeyError(field)
    rows, found, start = [], False, reader.line_num + 1
    for row in reader:
        if start == line:
            row = row + [""] * (len(header) - len(row))
            row[header.index(field)] = neutralise_formula(value)
            found = True
        rows.append(row)
        start = reader.line_num + 1
    if not found:
        raise KeyError(line)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
