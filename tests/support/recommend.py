"""Tiny hand-made catalogues for recommend tests: every stock level and boost is visible here."""

from __future__ import annotations

from decimal import Decimal

from kiosk.catalogue import Catalogue, Colour, Style, Variant
from kiosk.catalogue.colour_names import lab_for_hex, lookup
from kiosk.catalogue.gtin import with_check_digit
from kiosk.catalogue.model import group_colourways

_serial = iter(range(10_000, 99_999))


def colour(name: str) -> Colour:
    known, hex_colour = lookup(name)
    assert known, name
    return Colour(name, hex_colour, lab_for_hex(hex_colour) if hex_colour else None)


def style(style_id: str, colours: dict[str, dict[str, int]], *, kind: str = "garment",
          category: str = "shirt", accessory_category: str | None = None, boost: float = 0.0,
          tags: tuple[str, ...] = (), gender: str = "women") -> Style:
    """colours: {"navy": {"S": 2, "M": 0}, …}; accessories use {"One size": n}."""
    variants = tuple(
        Variant(key=(gtin := with_check_digit(f"20{next(_serial):010d}").zfill(14)), gtin=gtin,
                sku=None, style_id=style_id, colour=colour(name), size=size, size_system="INT",
                stock=stock, price=Decimal("10"))
        for name, sizes in colours.items() for size, stock in sizes.items())
    return Style(id=style_id, title=style_id.title(), kind=kind, category=category,
                 variants=variants, gender=gender, accessory_category=accessory_category,
                 pairing_tags=frozenset(tags), boost=boost,
                 colourways=group_colourways(style_id, variants))


def accessory(style_id: str, colours: dict[str, int], category: str, **kwargs) -> Style:
    return style(style_id, {name: {"One size": n} for name, n in colours.items()},
                 kind="accessory", category=category, accessory_category=category, **kwargs)


def catalogue(*styles: Style) -> Catalogue:
    return Catalogue(styles, source="test")
