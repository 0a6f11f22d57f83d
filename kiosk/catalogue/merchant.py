"""Google Merchant Center items (from a TSV or XML feed) → records.

Variants share ``item_group_id``; colour, size and GTIN are item attributes.
Feeds carry online availability, not this store's stock: a ``quantity``
column (from the local inventory feed) is used when present, otherwise
in stock counts as 1 and the file gets one warning saying so.
"""

from __future__ import annotations

import re

from kiosk.catalogue import kinds
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Cell, Record, Source

Item = dict[str, Cell]
_GENDERS = {"male": "men", "female": "women", "unisex": "unisex"}
_DIRECT = {"id": "sku", "gtin": "gtin", "color": "colour", "size": "size",
           "size_system": "size_system", "brand": "brand", "quantity": "stock",
           "description": "description"}


def attribute_name(name: str) -> str:
    """'g:item_group_id' / 'Item Group ID' → 'item_group_id'."""
    name = name.strip().lower()
    name = name.split(":", 1)[1] if name.startswith("g:") else name
    return "_".join(name.replace("-", " ").split())


def items_to_source(items: list[tuple[int, Item]], file: str, diag: Diagnostics) -> Source:
    source = Source(file, [])
    source.currency = _feed_currency(items) or source.currency
    availability_only = False
    for line, item in items:
        record = _record(line, item)
        if record is None:
            diag.warning("row-skipped", "item without id or item_group_id skipped",
                         "every feed item needs an id", line)
            continue
        if "stock" not in record.cells:
            availability_only |= _stock_from_availability(record, item)
        source.records.append(record)
    if availability_only:
        diag.warning("stock-from-availability", "the feed has availability but no store "
                     "quantity: 'in stock' items count as 1 unit", "add a 'quantity' column "
                     "from your local inventory feed for real counts", 1, None, "availability")
    return source


def _record(line: int, item: Item) -> Record | None:
    group = item.get("item_group_id") or item.get("id")
    if group is None:
        return None
    cells: dict[str, Cell] = {"style_id": group}
    for theirs, ours in _DIRECT.items():
        if theirs in item:
            cells[ours] = item[theirs]
    if "color" in item:   # "Navy/White": the first colour is the main one (feed spec)
        colour = item["color"]
        cells["colour"] = Cell(re.split(r"[/,]", colour.value)[0].strip(), colour.line,
                               colour.column)
    _price(item, cells)
    _title_and_kind(item, cells)
    _images(item, cells)
    if "gender" in item:
        gender = item["gender"]
        cells["gender"] = Cell(_GENDERS.get(gender.value.lower(), gender.value.lower()),
                               gender.line, gender.column)
    tags = [item[n].value for n in ("material", "pattern") if n in item]
    if tags:
        cells["pairing_tags"] = Cell(", ".join(tags), line)
    return Record(line, cells)


def _feed_currency(items: list[tuple[int, Item]]) -> str | None:
    """A feed's prices name their currency ('49.95 EUR'): the first one is the catalogue's."""
    for _, item in items:
        match = re.search(r"\b([A-Z]{3})\s*$", item["price"].value) if "price" in item else None
        if match:
            return match.group(1)
    return None


def _price(item: Item, cells: dict[str, Cell]) -> None:
    if "price" in item:
        cells["price"] = item["price"]


def _title_and_kind(item: Item, cells: dict[str, Cell]) -> None:
    title = item.get("title")
    if title is not None:
        cells["title"] = Cell(_style_title(title.value, item), title.line, title.column)
    typed = " ".join(item[n].value for n in ("product_type", "google_product_category")
                     if n in item)
    text = title.value if title else ""
    category = kinds.accessory_category(typed) or kinds.accessory_category(text)
    where = (title.line, title.column) if title else (None, None)
    if category:
        cells["kind"] = Cell("accessory", *where)
        cells["accessory_category"] = Cell(category, *where)
    product_type = item.get("product_type")
    last_type = product_type.value.split(">")[-1].strip().lower() if product_type else ""
    cells["category"] = Cell(last_type or kinds.garment_category(text) or category or "", *where)


def _style_title(title: str, item: Item) -> str:
    """'Linen shirt - Navy - M' → 'Linen shirt' (variant titles repeat colour and size)."""
    parts = [p.strip() for p in re.split(r"\s+[-–|/]\s+|,\s+", title)]
    variant_words = {item[n].value.strip().lower() for n in ("color", "size") if n in item}
    while len(parts) > 1 and parts[-1].lower() in variant_words:
        parts.pop()
    return " - ".join(parts)


def _images(item: Item, cells: dict[str, Cell]) -> None:
    links = [item[n] for n in ("image_link", "additional_image_link") if n in item]
    if links:
        joined = " ".join(c.value.replace(",", " ") for c in links)
        cells["images"] = Cell(joined, links[0].line, links[0].column)


def _stock_from_availability(record: Record, item: Item) -> bool:
    availability = item.get("availability")
    if availability is None:
        return False
    in_stock = availability.value.strip().lower().replace(" ", "_") == "in_stock"
    record.cells["stock"] = Cell("1" if in_stock else "0", availability.line, availability.column)
    return True
