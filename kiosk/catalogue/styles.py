"""Style-level fields of one style, read from the records that carry them."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import STYLE_FIELDS, Record
from kiosk.catalogue.review import style_lenient
from kiosk.catalogue.translations import STYLE_COLUMNS
from kiosk.catalogue.values import (
    BadValue,
    parse_accessory_category,
    parse_boost,
    parse_kind,
    parse_tags,
)

_STYLE_ONLY = frozenset(STYLE_FIELDS[1:] + STYLE_COLUMNS)


@dataclass(slots=True)
class StyleFields:
    title: str
    kind: str
    category: str
    accessory_category: str | None
    brand: str
    gender: str
    tags: frozenset[str]
    boost: float
    description: str
    names: tuple[tuple[str, str], ...] = ()   # translated title/description (translations.py)


def read_style_fields(style_id: str, records: list[Record], diag: Diagnostics) -> StyleFields:
    first = _first_values(records, diag)
    text = {name: cell_record[0] for name, cell_record in first.items()}

    def parsed(name: str, parse, default):
        if name not in first:
            return default
        value, record = first[name]
        try:
            return parse(value)
        except BadValue as exc:
            diag.error(f"{name}-invalid", str(exc), exc.fix, *record.where(name), name)
            return default

    accessory_category = parsed("accessory_category", parse_accessory_category, None)
    kind = parsed("kind", parse_kind, "accessory" if accessory_category else "garment")
    if kind == "accessory" and accessory_category is None and "accessory_category" not in first:
        diag.error("accessory-category-missing", f"accessory {style_id!r} has no accessory_category",
                   "set accessory_category (bag, belt, scarf, jewellery, shoes, hat …)",
                   *_where_missing(records[0], "accessory_category"), "accessory_category",
                   style_lenient(records))
    title = text.get("title", "")
    if not title:
        diag.error("title-missing", f"style {style_id!r} has no title",
                   "give the style the name shoppers see, e.g. 'Linen shirt'",
                   *_where_missing(records[0], "title"), "title")
    return StyleFields(title=title or style_id, kind=kind, category=text.get("category", ""),
                       accessory_category=accessory_category if kind == "accessory" else None,
                       brand=text.get("brand", ""), gender=text.get("gender", ""),
                       tags=parsed("pairing_tags", parse_tags, frozenset()),
                       boost=parsed("boost", parse_boost, 0.0),
                       description=text.get("description", ""),
                       names=tuple((c, text[c]) for c in STYLE_COLUMNS if text.get(c)))


def _where_missing(record: Record, name: str) -> tuple[int | None, int | None]:
    """A spreadsheet points at the empty cell; YAML at the style's 'id:' line."""
    line, column = record.where(name)
    return (line, column) if column is not None else record.where("style_id")


def _first_values(records: list[Record], diag: Diagnostics) -> dict[str, tuple[str, Record]]:
    """First non-empty value of each style field; later different values are warned about."""
    first: dict[str, tuple[str, Record]] = {}
    for record in records:
        for name, cell in record.cells.items():
            value = cell.value
            if not value or name not in _STYLE_ONLY:
                continue
            if name not in first:
                first[name] = (value, record)
            elif first[name][0] != value:
                diag.warning("style-conflict", f"{name} differs from line {first[name][1].line} "
                             f"of the same style ({first[name][0][:40]!r}); that one is used",
                             "give every row of a style the same value, or leave it empty",
                             *record.where(name), name)
    return first
