"""The native spreadsheet form: one row per variant, columns named as in records.py.

Style columns may be repeated on every row of a style or left empty after
its first row.  Export neutralises formula injection; import undoes that.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kiosk.catalogue.gtin import display_gtin
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import ALL_FIELDS, Cell, Record, Source
from kiosk.catalogue.review import draft_notes
from kiosk.catalogue.tables import neutralise_formula, read_rows, unneutralise
from kiosk.catalogue.translations import COLUMNS as TRANSLATION_COLUMNS
from kiosk.catalogue.translations import column_name

REQUIRED = ("style_id", "title", "colour", "size", "gtin", "stock", "price")
_NUMERIC = {"stock", "price", "boost"}


_KNOWN = frozenset(ALL_FIELDS + TRANSLATION_COLUMNS)


def _column_name(header: str) -> str:
    return column_name("_".join(header.strip().lower().replace("-", " ").split()))


def load_native_csv(text: str, file: str, diag: Diagnostics) -> Source:
    header, rows = read_rows(text, file)
    names = [_column_name(h) for h in header]
    for index, name in enumerate(names):
        if name and name not in _KNOWN:
            diag.error("unknown-column", f"unknown column {header[index]!r}",
                       "rename or delete it; columns are listed in docs/catalogue-format.md",
                       1, index + 1, header[index])
    for name in REQUIRED:
        if name not in names:
            diag.error("column-missing", f"column {name!r} is missing",
                       f"add a {name} column (see docs/catalogue-format.md)", 1, None, name)
    source = Source(file, [])
    known = [n if n in _KNOWN else None for n in names]
    where = {n: i + 1 for i, n in enumerate(known) if n}
    for line, row in rows:
        cells = {}
        for i, (value, name) in enumerate(zip(row, known, strict=False)):   # hot loop
            if value and name and (value := value.strip()):
                cells[name] = Cell(unneutralise(value) if "'" in value else value, line, i + 1)
        source.records.append(Record(line, cells, columns=where))
    return source


def translation_columns(catalogue) -> tuple[str, ...]:
    """The translation columns a catalogue uses (none: the file keeps the classic header)."""
    used = {key for s in catalogue.styles for key, _ in s.names}
    used |= {key for s in catalogue.styles for c in s.colourways if c.colour
             for key, _ in c.colour.names}
    return tuple(c for c in TRANSLATION_COLUMNS if c in used)


def catalogue_rows(catalogue, draft: bool = False) -> list[list[str]]:
    """One row per variant; ``draft`` fills the review column (see review.py); then one cell
    per ``translation_columns``."""
    rows = []
    extra_columns = translation_columns(catalogue)
    for style in catalogue.styles:
        style_cells = [style.id, style.title, style.kind, style.category,
                       style.accessory_category or "", style.brand, style.gender,
                       ", ".join(sorted(style.pairing_tags)), f"{style.boost:g}" if style.boost else "",
                       style.description]
        # Style-only images (a Shopify image row) ride on the first row: CSV has one column.
        variant_images = {i for v in style.variants for i in v.images}
        extra = [i for i in style.images if i not in variant_images]
        notes = draft_notes(style) if draft else [()] * len(style.variants)
        extra_done = False
        for variant, note in zip(style.variants, notes, strict=True):
            colour = variant.colour
            lab = " ".join(f"{c:g}" for c in colour.lab) if colour and colour.source == "lab" else ""
            hex_cell = "" if "colour-unknown" in note else _hex(colour)
            rows.append([*style_cells, colour.name if colour else "", hex_cell, lab,
                         variant.size or "", variant.size_system or "", display_gtin(variant.gtin) if variant.gtin else "",
                         variant.sku or "", str(variant.stock), str(variant.price),
                         " ".join([*variant.images, *extra]), "; ".join(note),
                         *_translations(style, colour, extra_columns, first=not extra_done)])
            extra_done = True
            extra = []
            style_cells = [style.id] + [""] * (len(style_cells) - 1)
    return rows


def _translations(style, colour, columns: tuple[str, ...], first: bool) -> list[str]:
    names = dict(style.names) if first else {}
    names |= dict(colour.names) if colour else {}
    return [names.get(c, "") for c in columns]


def _hex(colour) -> str:
    from kiosk.catalogue.colour_names import lookup
    if colour is None or not colour.hex or lookup(colour.name) == (True, colour.hex):
        return ""
    return colour.hex


def write_native_csv(catalogue, path: Path | None = None, draft: bool = False) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    header = ALL_FIELDS + translation_columns(catalogue)
    writer.writerow(header)
    for row in catalogue_rows(catalogue, draft):
        writer.writerow([cell if name in _NUMERIC else neutralise_formula(cell)
                         for name, cell in zip(header, row, strict=True)])
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
