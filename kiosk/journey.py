"""The shopper's journey as a Qt-free model: what is being looked at, the basket, consent.

Screens read from it and call its verbs; scenario steps and tests drive it the same way.
It holds everything about the current shopper, so ``wipe`` (run by the session on leave)
is the one place that forgets them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hardware.scanners.events import ItemScanned
from kiosk.basket import Basket, BasketStore
from kiosk.catalogue import Catalogue, Colourway, Style, Variant, try_normalise_gtin
from kiosk.errors import KioskError, Location

log = logging.getLogger(__name__)


class UnknownItem(KioskError, LookupError):
    """A scanned code is not in this store's catalogue."""


class UnknownStyle(UnknownItem):
    """A style id (from a tap or a scenario) that the catalogue does not have."""


@dataclass
class Selection:
    style: Style
    colourway: Colourway | None
    size: str | None = None
    held_gtin: str | None = None  # the variant whose tag was scanned: the one in the hand

    @property
    def variant(self) -> Variant | None:
        if self.colourway is None:
            return None
        return next((v for v in self.colourway.variants if v.size == self.size), None)

    @property
    def holding_it(self) -> bool:
        """The shopper already holds the chosen variant: asking staff for it makes no sense."""
        variant = self.variant
        return variant is not None and variant.gtin is not None and variant.gtin == self.held_gtin


class NotInStockHere(KioskError):
    """The chosen size has none in this store: it cannot go in the basket (nor be asked for,
    when the store's config says so)."""


class ChooseSizeFirst(KioskError):
    """An action needs a size (a variant) and none is chosen yet."""


class NoShopperSession(KioskError):
    """The basket is asked for before the shopper's session has begun."""


def can_request(variant: Variant | None, not_in_stock: str) -> bool:
    """Staff can be asked for a size in stock here; for one at 0 here only if the store lets
    them look in the stockroom and other stores (``mqtt.requests.not_in_stock: ask``)."""
    if variant is None or variant.gtin is None:
        return False
    return variant.in_stock or not_in_stock == "ask"


def can_add(variant: Variant | None) -> bool:
    """The basket only takes what the shopper can have: a size in stock here."""
    return variant is not None and variant.gtin is not None and variant.in_stock


class Journey:
    def __init__(self, catalogue: Callable[[], Catalogue], baskets: BasketStore):
        self._catalogue = catalogue
        self._baskets = baskets
        self.session_id: str | None = None
        self.selection: Selection | None = None
        self.colour_opt_in = False
        self.palette: Any = None          # kiosk.colour Season, only after opt-in (or picked by hand)
        self.shopper_palette: Any = None  # the same as a kiosk.recommend ShopperPalette
        self.basket: Basket | None = None
        self._listeners: list[Callable[[str], None]] = []

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue()

    def on_change(self, listener: Callable[[str], None]) -> None:
        """``listener(what)`` with what in item | basket | colour | wipe."""
        self._listeners.append(listener)

    # -- session -----------------------------------------------------------------------------
    def begin(self, session_id: str) -> None:
        if session_id != self.session_id:
            self.session_id = session_id
            self.basket = self._baskets.basket(session_id)

    def wipe(self) -> None:
        basket = self.basket
        self.session_id = self.selection = self.palette = self.basket = None
        self.shopper_palette = None
        self.colour_opt_in = False
        try:
            if basket is not None:
                basket.wipe()  # last: memory is already clear if the disk fails
        finally:
            self._notify("wipe")

    # -- items -------------------------------------------------------------------------------
    def scan(self, event: ItemScanned) -> Selection:
        gtin = try_normalise_gtin(event.gtin)
        variant = self.catalogue.find_gtin(gtin) if gtin else None
        if variant is None:
            raise UnknownItem("this item is not in this store's catalogue",
                              location=Location(field=event.source), fix="ask a member of staff")
        style = self.catalogue.style_of(variant)
        colourway = self.catalogue.colourway(style.id, variant.colour.name if variant.colour else None)
        self.selection = Selection(style, colourway, variant.size, held_gtin=variant.gtin)
        log.info("item scanned via %s", event.source)  # never the shopper, only the source
        self._notify("item")
        return self.selection

    def open_style(self, style_id: str) -> Selection:
        style = self.catalogue.style(style_id)
        if style is None:
            raise UnknownStyle(f"no style '{style_id}'", fix="pick an item from the list")
        colourway = next((c for c in style.colourways if c.in_stock), style.colourways[0] if style.colourways else None)
        self.selection = Selection(style, colourway)
        self._notify("item")
        return self.selection

    def choose_colour(self, colour_name: str) -> None:
        if self.selection is None:
            return
        colourway = self.catalogue.colourway(self.selection.style.id, colour_name)
        if colourway is not None:
            keep = self.selection.size if self.selection.size in colourway.sizes_in_stock else None
            self.selection = Selection(self.selection.style, colourway, keep,
                                       held_gtin=self.selection.held_gtin)
            self._notify("item")

    def choose_size(self, size: str) -> None:
        if self.selection is not None:
            self.selection.size = size
            self._notify("item")

    # -- basket --------------------------------------------------------------------------------
    def add_to_basket(self, variant: Variant | None = None) -> None:
        variant = variant or (self.selection.variant if self.selection else None)
        if variant is None or variant.gtin is None:
            raise ChooseSizeFirst("choose a size first", fix="tap a size")
        if not can_add(variant):
            raise NotInStockHere("not in stock here", fix="ask staff to check the stockroom")
        if self.basket is None:
            raise NoShopperSession("no shopper session", fix="touch the mirror to start")
        self.basket.add(variant.gtin)
        self._notify("basket")

    def remove_from_basket(self, gtin: str) -> None:
        if self.basket is not None:
            self.basket.remove(gtin)
            self._notify("basket")

    def off_floor(self, gtin: str) -> bool:
        """None of this size on the floor here (stock 0 in this store's catalogue): a size
        request for it sends staff to the stockroom and other stores (contract 1.4)."""
        variant = self.catalogue.find_gtin(gtin)
        return variant is not None and not variant.in_stock

    def basket_items(self) -> list[tuple[Variant, Style, int]]:
        if self.basket is None:
            return []
        items = []
        for line in self.basket.lines:
            variant = self.catalogue.find_gtin(line.gtin)
            if variant is not None:
                items.append((variant, self.catalogue.style_of(variant), line.quantity))
        return items

    def basket_total(self) -> Decimal | int:
        return sum((variant.price * quantity for variant, _, quantity in self.basket_items()), start=0)

    # -- colour consent -------------------------------------------------------------------------
    def opt_in(self) -> None:
        self.colour_opt_in = True
        self._notify("colour")

    def opt_out(self) -> None:
        self.colour_opt_in = False
        self.palette = self.shopper_palette = None
        self._notify("colour")

    def set_palette(self, result: Any) -> None:
        if not self.colour_opt_in and result is not None:
            raise KioskError("colour analysis needs the shopper's consent", fix="ask for opt-in first")
        from kiosk.recommend import ShopperPalette

        self.palette = result
        self.shopper_palette = ShopperPalette.from_season(result) if result is not None else None
        self._notify("colour")

    def _notify(self, what: str) -> None:
        for listener in self._listeners:
            listener(what)
