"""Size labels: their order on screen and the size system they belong to."""

from __future__ import annotations

import re
from functools import lru_cache

# Merchant Center's size systems (AU … US) plus letters (INT), waist/length, one size, cm.
SIZE_SYSTEMS = ("INT", "EU", "UK", "US", "IT", "FR", "DE", "AU", "BR", "CN", "JP", "MEX",
                "JEANS", "ONE", "CM", "OTHER")
_LETTERS = ["XXXS", "XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "4XL", "5XL"]
_LETTER_ALIASES = {"SMALL": "S", "MEDIUM": "M", "LARGE": "L", "EXTRA SMALL": "XS",
                   "EXTRA LARGE": "XL", "X-SMALL": "XS", "X-LARGE": "XL", "2XL": "XXL",
                   "3XL": "XXXL", "2XS": "XXS", "3XS": "XXXS", "XX-LARGE": "XXL"}
_ONE_SIZE = {"ONE SIZE", "ONESIZE", "OS", "TU", "TAILLE UNIQUE", "EINHEITSGRÖSSE", "ONE-SIZE"}
_NUMBER = re.compile(r"^\d+(?:[.,]5)?$")
_JEANS = re.compile(r"^W?\s*(\d{2})\s*[/ xX]?\s*L?\s*(\d{2})$")


def letter_size(label: str) -> str | None:
    """'Medium' → 'M'; None when the label is not a letter size."""
    text = label.strip().upper()
    text = _LETTER_ALIASES.get(text, text)
    return text if text in _LETTERS else None


def is_one_size(label: str) -> bool:
    return label.strip().upper() in _ONE_SIZE


@lru_cache(maxsize=4096)
def infer_size_system(label: str) -> str:
    """A best guess when the file does not say: letters → INT, 36 → EU, W32 L34 → JEANS."""
    if is_one_size(label):
        return "ONE"
    if letter_size(label):
        return "INT"
    if _NUMBER.match(label.strip()):
        return "EU"
    if _JEANS.match(label.strip().upper()):
        return "JEANS"
    return "OTHER"


@lru_cache(maxsize=4096)
def size_sort_key(label: str | None) -> tuple:
    """Letters in wear order, then numbers ascending, then anything else alphabetically."""
    if not label:
        return (3, 0.0, "")
    letter = letter_size(label)
    if letter:
        return (0, float(_LETTERS.index(letter)), "")
    text = label.strip().replace(",", ".")
    if _NUMBER.match(text):
        return (1, float(text), "")
    jeans = _JEANS.match(text.upper())
    if jeans:
        return (1, float(jeans.group(1)) + float(jeans.group(2)) / 100, "")
    return (2, 0.0, text.lower())
