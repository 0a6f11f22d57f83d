"""Colour names → CIELAB, through a table of common and fashion colour names.

The table (colour_names.csv) maps a name to a representative sRGB hex; a
manager overrides it per colourway with an explicit hex or Lab value.  Names
with an empty hex (``multicolour``, ``print`` …) are known but have no single
colour: such colourways carry no Lab value and colour matching skips them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from kiosk.colour import hex_to_lab

Lab = tuple[float, float, float]
_TABLE_PATH = Path(__file__).with_name("colour_names.csv")
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def normalise_name(name: str) -> str:
    """'Navy-Blue ' → 'navy blue', 'Écru' → 'ecru', 'Weiß' → 'weiss'.

    Case, accents, dashes, underscores and spacing do not matter.
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("-", " ").replace("_", " ").split())


@lru_cache(maxsize=1)
def colour_table() -> dict[str, str | None]:
    """name → '#rrggbb' (or None for names that have no single colour)."""
    table: dict[str, str | None] = {}
    with _TABLE_PATH.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows):
            table[normalise_name(row["name"])] = (row["hex"] or "").lower() or None
    return table


@lru_cache(maxsize=1)
def colour_aliases() -> dict[str, str]:
    """Other languages' colour words → the English name of ``colour_table()``."""
    with _TABLE_PATH.with_name("colour_aliases.csv").open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        return {normalise_name(row["alias"]): row["name"] for row in csv.DictReader(rows)}


def _canonical(key: str) -> str:
    return colour_aliases().get(key, key)


def parse_hex(text: str) -> str | None:
    """'#9CAF88' / '9caf88' → '#9caf88'; None when it is not a 6-digit hex colour."""
    match = _HEX.match(text.strip())
    return f"#{match.group(1).lower()}" if match else None


def lookup(name: str) -> tuple[bool, str | None]:
    """(known?, hex or None) for a colour name."""
    key = _canonical(normalise_name(name))
    table = colour_table()
    return (key in table, table.get(key))


def find_in_text(text: str) -> str | None:
    """The longest colour name that appears as whole words in ``text`` (e.g. a title).

    'Ocean Blue Shirt' → 'blue'; 'Olive Green Jacket' → 'olive green'.
    """
    words = re.findall(r"[a-z]+", normalise_name(text))
    table = colour_table()
    for size in range(min(3, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            candidate = _canonical(" ".join(words[start:start + size]))
            if table.get(candidate):
                return candidate
    return None


@lru_cache(maxsize=4096)
def lab_for_hex(hex_colour: str) -> Lab:
    """CIELAB (D65) of an sRGB hex, rounded to 0.01 ("+ 0.0" turns -0.0 into 0.0)."""
    return tuple(round(float(c), 2) + 0.0 for c in hex_to_lab(hex_colour))  # type: ignore[return-value]
