"""Merchant Center delimited feed (TSV, or CSV) → records."""

from __future__ import annotations

from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.merchant import attribute_name, items_to_source
from kiosk.catalogue.records import Cell, Source
from kiosk.catalogue.tables import read_rows


def load_merchant_tsv(text: str, file: str, diag: Diagnostics) -> Source:
    header, rows = read_rows(text, file)
    names = [attribute_name(h) for h in header]
    if "id" not in names:
        diag.error("column-missing", "no 'id' column", "a Merchant Center feed starts with "
                   "a header row naming id, title, price …", 1, None, "id")
        return Source(file, [])
    items = []
    for line, row in rows:
        item = {}
        for index, name in enumerate(names):
            if index < len(row) and row[index].strip():
                value = row[index].strip()
                if name in item:   # repeated column (additional_image_link twice)
                    value = f"{item[name].value},{value}"
                item[name] = Cell(value, line, index + 1)
        items.append((line, item))
    return items_to_source(items, file, diag)
