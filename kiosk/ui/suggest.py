"""Adapter between the screens and kiosk.recommend: the journey's season -> a palette,
the current selection -> ranked colourways and accessories, a Reason -> the sentence."""

from __future__ import annotations

from functools import lru_cache

from kiosk.recommend import ShopperPalette, complete_the_look, rank_colourways


@lru_cache(maxsize=16)
def _palette(season) -> ShopperPalette | None:
    return ShopperPalette.from_season(season) if season is not None else None


def colourway_order(services, style, season, current=None, size=None):
    """Every colourway of ``style``, in-stock first, ranked by the palette when there is one
    and by whether the shopper's ``size`` is in stock here."""
    return rank_colourways(style, palette=_palette(season), current=current, size=size,
                           include_sold_out=True)


def accessory_suggestions(services, selection, season, limit: int = 4):
    if selection.colourway is None or selection.style.is_accessory:
        return ()
    catalogue = services["journey"].catalogue
    return complete_the_look(catalogue, selection.style, selection.colourway, palette=_palette(season),
                             limit=limit)


def reason_text(reason, language: str) -> str:
    return reason.text(language) if reason is not None else ""
