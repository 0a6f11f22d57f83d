"""Adapter between the screens and kiosk.recommend: the current selection and the
shopper's palette (held by the Journey, wiped with it) -> ranked colourways and
accessories; a Reason -> the sentence in the screen's language."""

from __future__ import annotations

from kiosk.recommend import complete_the_look, rank_colourways


def colourway_order(style, palette, current=None, size=None):
    """Every colourway of ``style``, in-stock first, ranked by the palette when there is one
    and by whether the shopper's ``size`` is in stock here."""
    return rank_colourways(style, palette=palette, current=current, size=size, include_sold_out=True)


def accessory_suggestions(catalogue, selection, palette, limit: int = 4):
    if selection.colourway is None or selection.style.is_accessory:
        return ()
    return complete_the_look(catalogue, selection.style, selection.colourway, palette=palette, limit=limit)


def reason_text(reason, language: str) -> str:
    return reason.text(language) if reason is not None else ""
