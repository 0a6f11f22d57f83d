"""A stock-only file (GTIN, quantity) applied to a catalogue: a new version, only stock changed.

    gtin,quantity            (also: barcode / ean / gtin14; stock / qty / available / inventory)
    4006381333931,3
    04006381333948,0

Comma, semicolon or tab separated, UTF-8 (a BOM is fine).  Every GTIN must be one the
catalogue already has (a stock file adds nothing, removes nothing, changes no price); a
GTIN listed twice, a bad check digit, a negative or fractional quantity is an error at its
row and column, with the same GTIN and stock rules as a catalogue (``gtin.normalise_gtin``,
``values.parse_stock``).  Variants the file does not list keep their stock.  A size whose
quantity is 0 is out of stock on the mirrors (``Variant.in_stock``).
"""

from __future__ import annotations

import csv
import dataclasses
import io

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.gtin import GtinError, normalise_gtin
from kiosk.catalogue.issues import Diagnostics, Issue
from kiosk.catalogue.model import Style, Variant, group_colourways
from kiosk.catalogue.reader import decode_utf8
from kiosk.catalogue.values import BadValue, parse_stock
from kiosk.errors import CatalogueError

GTIN_HEADERS = ("gtin", "barcode", "ean", "gtin14", "variant barcode")
QUANTITY_HEADERS = ("quantity", "stock", "qty", "available", "inventory", "on hand")
FIX_HEADER = "the first line names the columns: gtin,quantity (e.g. 4006381333931,3)"


def apply_stock_text(text: str, file: str, catalogue: Catalogue) -> tuple[Catalogue | None, list[Issue]]:
    """(the catalogue with the file's stock, issues); None when the file has errors."""
    diag = Diagnostics(file)
    counts = _read(text, diag, catalogue)
    if diag.has_errors:
        return None, diag.issues
    if not counts:
        diag.error("stock-empty", "the file lists no GTIN with a quantity", FIX_HEADER, line=2)
        return None, diag.issues
    return with_stock(catalogue, counts, source=file), diag.issues


def apply_stock_bytes(raw: bytes, file: str, catalogue: Catalogue) -> tuple[Catalogue | None, list[Issue]]:
    try:
        text = decode_utf8(raw, file)
    except CatalogueError as exc:
        return None, [Issue("error", "encoding", exc.message, exc.location, exc.fix)]
    return apply_stock_text(text, file, catalogue)


def with_stock(catalogue: Catalogue, counts: dict[str, int], source: str) -> Catalogue:
    """``catalogue`` with the stock of the variants keyed by GTIN-14 in ``counts``."""
    styles = []
    for style in catalogue.styles:
        if not any(v.gtin in counts for v in style.variants):
            styles.append(style)
            continue
        variants = tuple(_restocked(v, counts) for v in style.variants)
        styles.append(_with_variants(style, variants))
    return Catalogue(styles, currency=catalogue.currency, store=catalogue.store, source=source,
                     warnings=catalogue.warnings, image_where=catalogue.image_where)


def _restocked(variant: Variant, counts: dict[str, int]) -> Variant:
    stock = counts.get(variant.gtin) if variant.gtin else None
    return variant if stock is None or stock == variant.stock else dataclasses.replace(variant, stock=stock)


def _with_variants(style: Style, variants: tuple[Variant, ...]) -> Style:
    return dataclasses.replace(style, variants=variants, colourways=group_colourways(style.id, variants))


def _read(text: str, diag: Diagnostics, catalogue: Catalogue) -> dict[str, int]:
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.split("\n", 1)[0].count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        diag.error("stock-header", "the file is empty", FIX_HEADER, line=1)
        return {}
    names = [" ".join(h.strip().lower().split()) for h in header]
    gtin_col = next((i for i, n in enumerate(names) if n in GTIN_HEADERS), None)
    qty_col = next((i for i, n in enumerate(names) if n in QUANTITY_HEADERS), None)
    if gtin_col is None or qty_col is None:
        missing = "gtin" if gtin_col is None else "quantity"
        diag.error("stock-header", f"no {missing} column in the first line ({', '.join(header)[:200]!s})",
                   FIX_HEADER, line=1, field=missing)
        return {}
    counts: dict[str, int] = {}
    first_line: dict[str, int] = {}
    line = rows.line_num
    try:
        for row in rows:
            line, start = rows.line_num, line + 1
            if not any(cell.strip() for cell in row):
                continue
            _row(row, start, gtin_col, qty_col, diag, catalogue, counts, first_line)
    except csv.Error as exc:  # a quote never closed: the feed stopped mid-file
        diag.error("stock-csv", f"the file ends inside a quoted cell ({exc})",
                   "check the last lines: the file may have been cut off; export it again",
                   line=rows.line_num)
    return counts


def _row(row: list[str], line: int, gtin_col: int, qty_col: int, diag: Diagnostics,
         catalogue: Catalogue, counts: dict[str, int], first_line: dict[str, int]) -> None:
    cell = row[gtin_col].strip() if gtin_col < len(row) else ""
    text = row[qty_col].strip() if qty_col < len(row) else ""
    try:
        gtin = normalise_gtin(cell)
    except GtinError as exc:
        diag.error("gtin-invalid" if cell else "gtin-missing", str(exc) if cell else "no GTIN",
                   exc.fix if cell else "write the barcode number of this size", line=line,
                   column=gtin_col + 1, field="gtin")
        gtin = None
    try:
        stock = parse_stock(text) if text else None
    except BadValue as exc:
        diag.error("stock-invalid", str(exc), exc.fix, line=line, column=qty_col + 1, field="quantity")
        return
    if stock is None:
        diag.error("stock-missing", "no quantity", "write how many units this store holds "
                   "(0 when sold out)", line=line, column=qty_col + 1, field="quantity")
        return
    if gtin is None:
        return
    if gtin in first_line:
        diag.error("gtin-duplicate", f"GTIN {cell} is listed twice (first on line {first_line[gtin]})",
                   "keep one line per GTIN", line=line, column=gtin_col + 1, field="gtin")
        return
    if catalogue.find_gtin(gtin) is None:
        diag.error("stock-gtin-unknown", f"GTIN {cell} is not in the live catalogue",
                   "check the barcode; a new product goes in a catalogue upload, not a stock file",
                   line=line, column=gtin_col + 1, field="gtin")
        return
    first_line[gtin] = line
    counts[gtin] = stock
