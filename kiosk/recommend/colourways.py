"""Colourways of a style, best first: by fit to the shopper's palette, else by stock here.

When the shopper's size is known (the size on the scanned tag), a colourway that has
that size here counts double: another colour they cannot try on now sells nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalogue import Colourway, Style
from kiosk.recommend.palette import ShopperPalette
from kiosk.recommend.reasons import Reason


@dataclass(frozen=True)
class ColourwaySuggestion:
    colourway: Colourway
    score: float
    reason: Reason
    palette_fit: float | None        # None without a palette
    is_current: bool                 # the colourway the shopper is holding

    @property
    def colour_name(self) -> str:
        return self.colourway.colour.name if self.colourway.colour else ""

    @property
    def sizes_in_stock(self) -> tuple[str, ...]:
        return self.colourway.sizes_in_stock

    @property
    def in_stock(self) -> bool:
        return self.colourway.in_stock


def rank_colourways(style: Style, *, palette: ShopperPalette | None = None,
                    current: Colourway | None = None, size: str | None = None,
                    include_sold_out: bool = False) -> tuple[ColourwaySuggestion, ...]:
    """In-stock colourways first; among them, palette fit (when there is a palette), the
    shopper's ``size`` in stock here and the share of sizes in stock, then units; ties keep
    the catalogue's order."""
    suggestions = []
    for order, colourway in enumerate(style.colourways):
        if not colourway.in_stock and not include_sold_out:
            continue
        suggestion = _suggest(colourway, palette, current, size)
        suggestions.append((_sort_key(suggestion, order), suggestion))
    suggestions.sort(key=lambda pair: pair[0])
    return tuple(suggestion for _, suggestion in suggestions)


def _suggest(colourway: Colourway, palette: ShopperPalette | None, current: Colourway | None,
             size: str | None) -> ColourwaySuggestion:
    lab = colourway.colour.lab if colourway.colour else None
    fit = palette.fit(lab) if palette else None
    availability = _availability(colourway)
    score = availability if fit is None else 0.8 * fit + 0.2 * availability
    if size and colourway.sizes:
        score *= 1.0 if size in colourway.sizes_in_stock else 0.5
    reason = _reason(colourway, palette, lab, size)
    return ColourwaySuggestion(colourway, round(score, 6), reason, fit, _same(colourway, current))


def _availability(colourway: Colourway) -> float:
    """Share of the colourway's sizes in stock here (1/0 for a one-size item)."""
    if not colourway.sizes:
        return float(colourway.in_stock)
    return len(colourway.sizes_in_stock) / len(colourway.sizes)


def _reason(colourway: Colourway, palette: ShopperPalette | None, lab,
            size: str | None) -> Reason:
    if not colourway.in_stock:
        return Reason.of("sold_out")
    verdict = palette.verdict(lab) if palette else None
    if verdict and colourway.colour:
        return Reason.of(verdict, c=colourway.colour.name)
    if size and size in colourway.sizes_in_stock:
        return Reason.of("your_size", size=size)
    sizes = colourway.sizes_in_stock
    return Reason.of("in_stock", sizes=", ".join(sizes)) if sizes else Reason.of("available")


def _sort_key(suggestion: ColourwaySuggestion, order: int) -> tuple:
    units = sum(v.stock for v in suggestion.colourway.variants if v.stock > 0)
    return (not suggestion.in_stock, -suggestion.score, -units, order)


def _same(colourway: Colourway, current: Colourway | None) -> bool:
    if current is None:
        return False
    key = colourway.colour.key if colourway.colour else ""
    return (current.style_id == colourway.style_id
            and (current.colour.key if current.colour else "") == key)
