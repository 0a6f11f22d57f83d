"""The common intermediate form: one ``Record`` per variant, whatever the source.

Every loader (native YAML/CSV, Shopify, Merchant Center) turns its rows into
records whose fields use the native column names (docs/catalogue-format.md)
and remember where each value came from, so ``build.py`` validates all
formats the same way and points at the right line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Native field names, in the order the native CSV writes them.
STYLE_FIELDS = ("style_id", "title", "kind", "category", "accessory_category", "brand",
                "gender", "pairing_tags", "boost", "description")
VARIANT_FIELDS = ("colour", "colour_hex", "colour_lab", "size", "size_system", "gtin", "sku",
                  "stock", "price", "images", "review")
ALL_FIELDS = STYLE_FIELDS + VARIANT_FIELDS


@dataclass(slots=True)
class Cell:
    value: str
    line: int | None = None
    column: int | None = None


@dataclass(slots=True)
class Record:
    """One variant as read from the file: field name → Cell (absent = empty)."""

    line: int | None
    cells: dict[str, Cell] = field(default_factory=dict)
    colour_guessed: str = ""   # where an importer guessed the colour from ("the title 'X'")
    columns: dict[str, int] | None = None   # spreadsheets: where an empty cell would be
    lenient: frozenset[str] = frozenset()   # codes the row's review cell keeps as warnings

    def text(self, name: str) -> str:
        """The value, stripped (loaders store stripped values: this is the hot path)."""
        cell = self.cells.get(name)
        return cell.value if cell is not None else ""

    def where(self, name: str) -> tuple[int | None, int | None]:
        cell = self.cells.get(name)
        if cell is None:
            return self.line, (self.columns or {}).get(name)
        return (cell.line if cell.line is not None else self.line), cell.column


@dataclass(slots=True)
class Source:
    """What a loader hands to ``build``: the records plus style-only images."""

    file: str
    records: list[Record]
    style_images: dict[str, list[Cell]] = field(default_factory=dict)
    currency: str = "EUR"
    store: str | None = None
