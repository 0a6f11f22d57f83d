"""A draft's item screen as the mirror will render it: name, picture, colourways, stock per
size and the accessories "Complete the look" suggests, with their reasons.

Nothing is re-implemented: the style opens as a tap on the mirror opens it
(``kiosk.journey.Journey.open_style`` / ``choose_colour`` on the draft catalogue), the
colourways are ranked and the accessories chosen by the mirror's own adapter over
kiosk.recommend (``kiosk.ui.suggest``, Qt-free), the names come from
``kiosk.catalogue.translations`` (the fallback ``kiosk.ui.names`` uses) and the silhouette
from ``kiosk.catalogue.silhouettes`` (the table the mirror paints).  No shopper is there, so
no palette: what a shopper sees before opting in to colour advice.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import cast

from kiosk.basket import BasketStore
from kiosk.catalogue import Catalogue
from kiosk.catalogue.silhouettes import kind_of, picture_refs, svg
from kiosk.catalogue.translations import colour_in, description_in, is_one_size, title_in
from kiosk.handoff.pricing import format_money
from kiosk.journey import Journey, Selection, UnknownStyle
from kiosk.ui.suggest import accessory_suggestions, colourway_order, reason_text

MIRROR_TS = Path(__file__).resolve().parents[2] / "ui" / "translations"   # the mirror's own words
LOOK_CARDS = 4      # kiosk.ui.screens.look.MAX_CARDS (a Qt module: not imported here)
SWATCHES = 6        # kiosk.ui.screens.item.MAX_SWATCHES: the colours the item screen shows


@dataclass(frozen=True)
class SizeStock:
    label: str          # as on the tag, or None for "one size" (the page's own words)
    stock: int
    one_size: bool

    @property
    def sold_out(self) -> bool:
        return self.stock <= 0


@dataclass(frozen=True)
class ColourwayView:
    key: str            # the colour's name as written (the ?colour= of its link), "" if none
    name: str           # in the chosen language, first letter capitalised as on the mirror
    hex: str | None
    swatch_svg: str     # the silhouette in this colour (inline SVG, Qt-free)
    sizes: tuple[SizeStock, ...]
    in_stock: bool
    current: bool
    on_mirror: bool     # among the SWATCHES the item screen shows
    reason: str         # the reason line under the swatches when this colourway is chosen


@dataclass(frozen=True)
class AccessoryView:
    style_id: str
    title: str
    colour: str
    hex: str | None
    picture_svg: str
    price: str
    reason: str


@dataclass(frozen=True)
class ItemPreview:
    style_id: str
    title: str
    description: str
    price: str
    kind: str
    picture_svg: str
    photos: tuple[str, ...]   # the photo references the mirror shows once its image cache has them
    colourways: tuple[ColourwayView, ...]
    accessories: tuple[AccessoryView, ...]
    is_accessory: bool
    suggestions: tuple = ()   # the kiosk.recommend suggestions themselves (tests compare them)


@cache
def _mirror_strings(language: str) -> dict[tuple[str, str], str]:
    """(context, English) -> the mirror's translation, read from its Qt .ts file (our own XML,
    read without Qt); empty when the file is missing, so the English words show."""
    path = MIRROR_TS / f"kiosk_{language}.ts"
    if language == "en" or not path.is_file():
        return {}
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and \
                    translation.get("type") not in ("unfinished", "obsolete"):
                found[(name, message.findtext("source", ""))] = translation.text
    return found


def mirror_word(context: str, english: str, language: str) -> str:
    """What the mirror says for ``english`` (its Qt source text) in ``language``."""
    return _mirror_strings(language).get((context, english), english)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]   # as kiosk.ui.names.colour_name shows a colour


def mirror_selection(catalogue: Catalogue, style_id: str, colour: str | None = None) -> Selection:
    """The mirror's selection after a tap on ``style_id`` (then on ``colour``); UnknownStyle.
    No shopper, so no basket: the preview never adds to one."""
    journey = Journey(lambda: catalogue, baskets=cast(BasketStore, None))
    journey.open_style(style_id)
    if colour:
        journey.choose_colour(colour)   # an unknown colour keeps the first, as on the mirror
    assert journey.selection is not None
    return journey.selection


def item_preview(catalogue: Catalogue, style_id: str, language: str,
                 colour: str | None = None) -> ItemPreview:
    """The item screen of ``style_id`` in ``language``; ``UnknownStyle`` if it is not there."""
    selection = mirror_selection(catalogue, style_id, colour)
    style, current = selection.style, selection.colourway
    ranked = colourway_order(style, None, current, selection.size)
    kind = kind_of(style)
    views = []
    for n, ranked_one in enumerate(ranked):
        colourway = ranked_one.colourway
        c = colourway.colour
        sizes = tuple(SizeStock(v.size or "", v.stock, is_one_size(v.size) or not v.size)
                      for v in colourway.variants)
        views.append(ColourwayView(
            c.name if c else "", _capital(colour_in(c, language)) if c else "", c.hex if c else None,
            svg(kind, c.hex if c else None, (40, 48)), sizes, colourway.in_stock,
            colourway is current, n < SWATCHES, reason_text(ranked_one.reason, language)))
    suggestions = tuple(accessory_suggestions(catalogue, selection, None)[:LOOK_CARDS])
    currency = catalogue.currency
    looks = tuple(AccessoryView(
        s.style.id, title_in(s.style, language), _capital(colour_in(s.colourway.colour, language)),
        s.colourway.colour.hex if s.colourway.colour else None,
        svg(kind_of(s.style), s.colourway.colour.hex if s.colourway.colour else None, (60, 72)),
        format_money(s.colourway.variants[0].price, currency, language), reason_text(s.reason, language))
        for s in suggestions)
    shown = current.colour if current else None
    price = current.variants[0].price if current and current.variants else style.price_from
    return ItemPreview(style.id, title_in(style, language), description_in(style, language),
                       format_money(price, currency, language), kind,
                       svg(kind, shown.hex if shown else None, (150, 180)),
                       picture_refs(style, current, selection.variant), tuple(views), looks,
                       style.is_accessory, suggestions)


__all__ = ["ItemPreview", "UnknownStyle", "item_preview", "mirror_selection", "mirror_word"]
