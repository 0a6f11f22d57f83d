"""Shopify product CSV → records (classic headers and the renamed 2024 ones).

Rows sharing a Handle are one product: the first carries the product fields
and option names, continuation rows carry variants (or only extra images).
Colours come from a Color/Colour option, else the colour metafield, else the
title (with a warning).  Shopify has no store stock or accessory category:
inventory quantity is taken as this store's stock, the kind is guessed from
the product type or title.
"""

from __future__ import annotations

import html
import re

from kiosk.catalogue import colour_names, kinds
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Cell, Record, Source
from kiosk.catalogue.tables import read_rows

_COLUMNS = {
    "handle": ("handle", "url handle"), "title": ("title",),
    "description": ("body (html)", "description"), "vendor": ("vendor",),
    "type": ("type", "product type"),
    "product_category": ("product category", "standard product type"),
    "tags": ("tags",), "status": ("status",), "sku": ("variant sku", "sku"),
    "barcode": ("variant barcode", "barcode"), "price": ("variant price", "price"),
    "stock": ("variant inventory qty", "inventory quantity"),
    "image": ("image src", "product image url"),
    "variant_image": ("variant image", "variant image url"),
    "gender": ("google shopping / gender",),
    "colour_meta": ("color (product.metafields.shopify.color-pattern)",),
    **{f"option{n}_{part}": (f"option{n} {part}",) for n in (1, 2, 3) for part in ("name", "value")},
}
_COLOUR_OPTIONS = {"color", "colour", "couleur", "farbe", "colore", "kleur", "color/pattern"}
_SIZE_OPTIONS = {"size", "taille", "größe", "grösse", "talla", "taglia", "maat"}
_GENDER_TAGS = {"men": "men", "mens": "men", "women": "women", "womens": "women",
                "unisex": "unisex"}


def _index(header: list[str]) -> dict[str, int]:
    lowered = {h.strip().lower(): i for i, h in enumerate(header)}
    return {name: lowered[alias] for name, aliases in _COLUMNS.items()
            for alias in aliases if alias in lowered}


def load_shopify(text: str, file: str, diag: Diagnostics) -> Source:
    header, rows = read_rows(text, file)
    columns = _index(header)
    if "handle" not in columns:
        diag.error("column-missing", "no Handle (or 'URL handle') column",
                   "export again from Shopify: Products → Export → CSV for Excel", 1, None, "Handle")
        return Source(file, [])
    reader = _ShopifyReader(file, diag, columns)
    for line, row in rows:
        reader.row(line, row)
    return reader.source


class _ShopifyReader:
    def __init__(self, file: str, diag: Diagnostics, columns: dict[str, int]):
        self.diag, self.columns = diag, columns
        self.source = Source(file, [])
        self.products: dict[str, dict[str, Cell]] = {}

    def cell(self, row: list[str], line: int, name: str) -> Cell | None:
        index = self.columns.get(name)
        if index is None or index >= len(row) or not row[index].strip():
            return None
        return Cell(row[index].strip(), line, index + 1)

    def row(self, line: int, row: list[str]) -> None:
        handle = self.cell(row, line, "handle")
        if handle is None:
            self.diag.warning("row-skipped", "row without a Handle skipped",
                              "every Shopify row starts with its product's handle", line)
            return
        product = self.products.setdefault(handle.value, {})
        for name in self.columns:
            if name not in product and (cell := self.cell(row, line, name)):
                product[name] = cell
        if (product.get("status") and product["status"].value.lower() == "archived"):
            return
        if image := self.cell(row, line, "image"):
            self.source.style_images.setdefault(handle.value, []).append(image)
        if any(self.cell(row, line, n) for n in ("option1_value", "sku", "price", "barcode")):
            self.source.records.append(self.variant(line, row, handle, product))

    def variant(self, line: int, row: list[str], handle: Cell, product: dict) -> Record:
        cells = {"style_id": handle, **self.style_cells(product)}
        for ours, theirs in (("gtin", "barcode"), ("sku", "sku"), ("price", "price"),
                             ("stock", "stock"), ("images", "variant_image")):
            if cell := self.cell(row, line, theirs):
                cells[ours] = cell
        record = Record(line, cells)
        self.options(record, row, line, product)
        self.oversold(record)
        return record

    def oversold(self, record: Record) -> None:
        """Shopify lets stock go below 0 ('continue selling'): on the shop floor that is 0."""
        stock = record.cells.get("stock")
        if stock is not None and stock.value.lstrip().startswith("-"):
            self.diag.warning("stock-oversold", f"inventory {stock.value} (oversold online) "
                              "counted as 0 in this store", "do a stock-take of this item",
                              stock.line, stock.column, "stock")
            record.cells["stock"] = Cell("0", stock.line, stock.column)

    def style_cells(self, product: dict) -> dict[str, Cell]:
        cells: dict[str, Cell] = {}
        for ours, theirs in (("title", "title"), ("brand", "vendor")):
            if theirs in product:
                cells[ours] = product[theirs]
        if "description" in product:
            cell = product["description"]
            cells["description"] = Cell(_plain_text(cell.value), cell.line, cell.column)
        self.classify(product, cells)
        return cells

    def classify(self, product: dict, cells: dict[str, Cell]) -> None:
        title = product.get("title", Cell(""))
        typed = " ".join(product[n].value for n in ("type", "product_category") if n in product)
        category = kinds.accessory_category(typed) or kinds.accessory_category(title.value)
        where = (title.line, title.column)
        if category:
            cells["kind"] = Cell("accessory", *where)
            cells["accessory_category"] = Cell(category, *where)
        words = product["type"].value.lower() if "type" in product else ""
        cells["category"] = Cell(words or kinds.garment_category(title.value) or category or "",
                                 *where)
        tags = [t.strip() for t in product["tags"].value.split(",")] if "tags" in product else []
        gender = product.get("gender")
        gender_text = gender.value.lower() if gender else next(
            (_GENDER_TAGS[t.lower()] for t in tags if t.lower() in _GENDER_TAGS), "")
        if gender_text:
            cells["gender"] = Cell(gender_text, *where)
        pairing = [t for t in tags if t and t.lower() not in _GENDER_TAGS]
        if pairing and "tags" in product:
            cells["pairing_tags"] = Cell(", ".join(pairing), product["tags"].line,
                                         product["tags"].column)

    def options(self, record: Record, row: list[str], line: int, product: dict) -> None:
        extra = []
        for n in (1, 2, 3):
            name = product.get(f"option{n}_name")
            value = self.cell(row, line, f"option{n}_value")
            if name is None or value is None or name.value.lower() == "title":
                continue
            kind = name.value.strip().lower()
            if kind in _COLOUR_OPTIONS:
                record.cells["colour"] = value
            elif kind in _SIZE_OPTIONS:
                record.cells["size"] = value
            else:
                extra.append(value.value)
        if extra:   # e.g. a "Fit: Slim" option: keep the variants apart in the size label
            size = record.cells.get("size")
            label = " · ".join(([size.value] if size else []) + extra)
            record.cells["size"] = Cell(label, line, size.column if size else None)
        if "colour" not in record.cells:
            self.colour_fallback(record, product)

    def colour_fallback(self, record: Record, product: dict) -> None:
        meta = product.get("colour_meta")
        if meta is not None:
            record.cells["colour"] = Cell(re.split(r"[;,]", meta.value)[0].strip(),
                                          meta.line, meta.column)
            return
        for name, what in (("title", "the title"), ("tags", "the tags")):
            cell = product.get(name)
            guess = colour_names.find_in_text(cell.value) if cell else None
            if guess:
                record.cells["colour"] = Cell(guess, cell.line, cell.column)
                record.colour_guessed = f"{what} {cell.value[:60]!r}"
                return


def _plain_text(markup: str) -> str:
    text = re.sub(r"<(br|/p|/li|/div)\s*/?>", "\n", markup, flags=re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
