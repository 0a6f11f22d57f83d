"""The simulated store: its mirrors and a few products per zone.

GTINs use the GS1 in-store prefix 200, which no real product carries.
``sold_out`` sizes are the ones this store has run out of: asking for them is
a lost sale the report must surface.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MirrorSpec:
    id: str
    zone: str


@dataclass(frozen=True)
class Product:
    gtin: str
    name: str
    zone: str
    colourways: tuple[str, ...]
    sizes: tuple[str, ...]
    size_weights: tuple[float, ...]
    sold_out: tuple[str, ...] = ()


MIRRORS = (
    MirrorSpec("fitting-1", "womenswear"),
    MirrorSpec("fitting-2", "womenswear"),
    MirrorSpec("fitting-3", "menswear"),
    MirrorSpec("floor-1", "denim"),
)

_LETTER_SIZES = ("XS", "S", "M", "L", "XL")
_LETTER_WEIGHTS = (.10, .25, .33, .22, .10)

PRODUCTS = (
    Product("2000000001111", "Linen shirt dress", "womenswear", ("sage", "ecru", "navy"),
            _LETTER_SIZES, _LETTER_WEIGHTS, sold_out=("M",)),
    Product("2000000002224", "Wrap midi skirt", "womenswear", ("terracotta", "black"),
            _LETTER_SIZES, _LETTER_WEIGHTS),
    Product("2000000003337", "Merino crew jumper", "womenswear", ("camel", "forest green"),
            _LETTER_SIZES, _LETTER_WEIGHTS),
    Product("2000000004440", "Oxford shirt", "menswear", ("white", "light blue"),
            ("S", "M", "L", "XL", "XXL"), (.12, .30, .32, .18, .08), sold_out=("L",)),
    Product("2000000005553", "Wool blazer", "menswear", ("charcoal", "navy"),
            ("46", "48", "50", "52", "54"), (.10, .25, .30, .25, .10)),
    Product("2000000006666", "Chino trousers", "menswear", ("stone", "olive"),
            ("30", "32", "34", "36"), (.20, .35, .30, .15)),
    Product("2000000007779", "Straight jeans", "denim", ("indigo", "washed black"),
            ("28/32", "30/32", "32/32", "32/34", "34/34"), (.12, .28, .30, .18, .12),
            sold_out=("32/34",)),
    Product("2000000008882", "Denim jacket", "denim", ("mid blue",),
            _LETTER_SIZES, _LETTER_WEIGHTS),
)


def product_names() -> dict[str, str]:
    return {p.gtin: p.name for p in PRODUCTS}
