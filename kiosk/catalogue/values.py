"""Parsers for single field values; each returns the value or raises ``BadValue``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kiosk.catalogue.model import ACCESSORY_CATEGORIES, KINDS, Lab

MAX_FIELD_CHARS = 10_000
MAX_STOCK_CHARS = 12   # "999999999.00": no shop counts a billion of one size
_PRICE = re.compile(r"^\s*(?:[€$£]\s*)?(-?\d{1,9}(?:[.,]\d{1,4})?)\s*(?:([A-Za-z]{3})|[€$£])?\s*$")
_ACCESSORY_ALIASES = {"bags": "bag", "handbag": "bag", "belts": "belt", "scarves": "scarf",
                      "jewelry": "jewellery", "jewelery": "jewellery", "necklace": "jewellery",
                      "bracelet": "jewellery", "earrings": "jewellery", "ring": "jewellery",
                      "shoe": "shoes", "footwear": "shoes", "hats": "hat", "cap": "hat",
                      "beanie": "hat", "glove": "gloves", "ties": "tie", "watches": "watch"}


class BadValue(ValueError):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


@lru_cache(maxsize=4096)
def parse_price(text: str) -> tuple[Decimal, str | None]:
    """'49.95', '49,95', '€49.95', '49.95 EUR' → (Decimal('49.95'), currency or None)."""
    match = _PRICE.match(text)
    if not match:
        raise BadValue(f"price {text!r} is not a number",
                       "write the price like 49.95 (optionally followed by the currency, e.g. 49.95 EUR)")
    amount = Decimal(match.group(1).replace(",", "."))
    if amount < 0:
        raise BadValue(f"price {text!r} is negative", "write the selling price, 0 or more")
    return amount, (match.group(2) or "").upper() or None


@lru_cache(maxsize=4096)
def parse_stock(text: str) -> int:
    if len(text.strip()) > MAX_STOCK_CHARS:   # 5,000 digits once became a traceback on export
        raise BadValue(f"stock of {len(text.strip())} characters is not a count of units",
                       "write how many units this store holds, e.g. 3 (0 when sold out)")
    try:
        stock = int(Decimal(text.strip()))
        exact = Decimal(text.strip()) == stock
    except (InvalidOperation, ValueError):
        exact = False
    if not exact:
        raise BadValue(f"stock {text!r} is not a whole number",
                       "write how many units this store holds, e.g. 3 (0 when sold out)")
    if stock < 0:
        raise BadValue(f"stock {text!r} is negative",
                       "write 0 for sold out; a negative count usually means a stock-take is due")
    return stock


def parse_boost(text: str) -> float:
    try:
        boost = float(text)
    except ValueError:
        boost = float("nan")
    if not -1.0 <= boost <= 1.0:
        raise BadValue(f"boost {text!r} must be a number from -1 to 1",
                       "use 0.5 to push an item, -1 to keep it out of suggestions, 0 for neutral")
    return boost


def parse_lab(text: str) -> Lab:
    parts = [p for p in re.split(r"[\s,;]+", text.strip().strip("()[]")) if p]
    try:
        lab = tuple(float(p) for p in parts)
    except ValueError:
        lab = ()
    if len(lab) != 3 or not 0 <= lab[0] <= 100 or not all(-128 <= c <= 128 for c in lab[1:]):
        raise BadValue(f"colour_lab {text!r} is not an L a b triple",
                       "write three numbers 'L a b', e.g. '52.1 -3.4 20.0' (L 0-100, a and b -128-128)")
    return lab  # type: ignore[return-value]


def parse_kind(text: str) -> str:
    kind = text.strip().lower()
    if kind not in KINDS:
        raise BadValue(f"kind {text!r} is unknown", "write garment or accessory")
    return kind


def parse_accessory_category(text: str) -> str:
    key = " ".join(text.lower().split())
    key = _ACCESSORY_ALIASES.get(key, key)
    if key not in ACCESSORY_CATEGORIES:
        raise BadValue(f"accessory category {text!r} is unknown",
                       "use one of: " + ", ".join(ACCESSORY_CATEGORIES))
    return key


def split_list(text: str, separators: str = r"[,;|]") -> list[str]:
    return [part.strip() for part in re.split(separators, text) if part.strip()]


def parse_tags(text: str) -> frozenset[str]:
    return frozenset(" ".join(tag.lower().split()) for tag in split_list(text))
