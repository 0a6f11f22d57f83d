"""What to offer when staff could not find the size the shopper asked for (Qt-free).

    nearest_in_stock(catalogue, "4006381333931", "M")   # -> Alternative("L", "Navy") or None

The shopper keeps the style they chose: first the nearest other size of the same colour (a
size up before a size down at equal distance: a looser fit can be tried on, a tighter one
cannot), else the same size in the colourway the recommend engine ranks first.  Only
stock > 0 in this store counts; the size that could not be found is never offered again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.catalogue import Catalogue, Colourway
from kiosk.recommend.colourways import rank_colourways


@dataclass(frozen=True)
class Alternative:
    size: str
    colour: str  # the colour's name as the catalogue writes it; "" for no colour
    gtin: str = field(default="", compare=False)  # what the mirror asks staff for instead


def nearest_in_stock(catalogue: Catalogue, gtin: str, size: str) -> Alternative | None:
    """None when the GTIN is unknown or nothing near it is in stock."""
    variant = catalogue.find_gtin(gtin)
    if variant is None:
        return None
    style = catalogue.style_of(variant)
    held = catalogue.colourway(style.id, variant.colour.name if variant.colour else None)
    if held is not None:
        other = _nearest_size(held, size)
        if other is not None:
            return Alternative(other, _colour_name(held), _gtin(held, other))
    for suggestion in rank_colourways(style, current=held, size=size):
        if suggestion.colourway is not held and size in suggestion.colourway.sizes_in_stock:
            return Alternative(size, suggestion.colour_name, _gtin(suggestion.colourway, size))
    return None


def _nearest_size(colourway: Colourway, wanted: str) -> str | None:
    sizes = colourway.sizes  # wear order
    if wanted not in sizes:
        return None  # a size this colourway does not make: no "nearest" to speak of
    at = sizes.index(wanted)
    in_stock = [i for i, s in enumerate(sizes) if s in colourway.sizes_in_stock and i != at]
    if not in_stock:
        return None
    return sizes[min(in_stock, key=lambda i: (abs(i - at), i < at))]


def _colour_name(colourway: Colourway) -> str:
    return colourway.colour.name if colourway.colour else ""


def _gtin(colourway: Colourway, size: str) -> str:
    return next((v.gtin or "" for v in colourway.variants if v.size == size), "")
