"""One shopper's visit, Qt-free: every verb of the journey, the colour consent, the usage
events, the room's size request and the phone hand-off, each refusal a typed error
(kiosk/shopper/errors.py).

The UI (kiosk/ui/journey_controller.py) calls these verbs from the GUI thread and renders
what they leave behind; the privacy and soak rigs call the same verbs, so what they test is
what the mirror runs.  Nothing here touches a screen, a timer or a thread: callbacks from
other threads (a hand-off result, a request update, a phone opening the basket) are handed
in by the caller once they are on its thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from hardware.scanners.events import ItemScanned
from kiosk.catalogue import Colourway, Style, Variant
from kiosk.consent import ColourConsent
from kiosk.errors import PayloadError
from kiosk.handoff.flow import HandoffFlow, Phase, View
from kiosk.journey import Journey, Selection, can_request
from kiosk.messaging.views import RequestView
from kiosk.room_request import RoomRequest
from kiosk.session import Session, State
from kiosk.shopper.errors import (
    BasketEmpty,
    CannotRequest,
    ChooseSizeFirst,
    HandoffUnavailable,
    NotRequestableHere,
    RequestsUnavailable,
)
from kiosk.shopper.navigation import Navigation
from kiosk.visit_events import VisitEvents

log = logging.getLogger(__name__)


class Requests(Protocol):
    """What the core needs of kiosk.messaging.requests.SizeRequests."""

    def request(self, gtin: str, size: str, colour: str = "", *, product_name: str = "",
                room: str | None = None) -> str: ...
    def cancel(self, request_id: str) -> bool: ...
    def ask_again(self, request_id: str) -> bool: ...
    def get(self, request_id: str) -> RequestView | None: ...


class Sender(Protocol):
    """What the core needs of kiosk.handoff.flow.HandoffSender."""

    def send(self, basket: Any, done: Callable[[Any], None], *, language: str) -> None: ...


class ShopperCore:
    def __init__(self, journey: Journey, session: Session, *,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time,
                 requests: Requests | None = None, sender: Sender | None = None,
                 events: VisitEvents | None = None, consent: ColourConsent | None = None,
                 not_in_stock: Callable[[], str] = lambda: "refuse") -> None:
        """``clock``: the session's clock (request statuses); ``wall``: the hand-off's (token
        expiry); ``not_in_stock``: the store's ``mqtt.requests.not_in_stock``, read at each
        request."""
        self.journey, self.session, self.clock, self.wall = journey, session, clock, wall
        self.requests, self.sender, self.consent = requests, sender, consent
        self.events = events or VisitEvents(None)
        self.not_in_stock = not_in_stock
        self.flow = HandoffFlow()
        self.nav = Navigation()  # the screens this shopper went through, for Back
        self.request_id: str | None = None
        self.request_off_floor = False  # asked for a size at 0 here: staff look further afield
        # What this visit holds is forgotten on every wipe (docs/privacy.md): the journey with
        # its basket, the colour samples, then the room's open request (staff told).
        session.on_wipe(journey.wipe)
        if consent is not None:
            session.on_wipe(consent.forget)
        self.room = RoomRequest(session, self._tell_staff_cancelled)
        # What the screens show, told as it changes: the shopper's request (view, off floor)
        # and the hand-off (kiosk.handoff.flow.View).
        self.on_request: list[Callable[[RequestView | None, bool], None]] = []
        self.on_handoff: list[Callable[[View], None]] = []
        self._shown: RequestView | None = None

    # -- the visit ---------------------------------------------------------------------------
    def begin(self) -> None:
        """The shopper acts (a touch, a scan): the journey belongs to this session from now."""
        session_id = self.session.session_id
        if session_id is not None:
            self.journey.begin(session_id)

    def state_changed(self, old: State, new: State) -> None:
        if old is State.ATTRACT and new is State.ENGAGED:
            self.events.begin_visit()
        if new is State.ATTRACT:
            self.events.end_visit()
            self.nav.clear()
            self.request_id = None
            self.flow.shopper_left(self.wall())
            self._tell_handoff()  # hidden screens keep what they last showed: clear it too
            self._tell_request(None, False)

    # -- items and basket ----------------------------------------------------------------------
    def scan(self, event: ItemScanned) -> Selection:
        """Raises UnknownItem for a code this store does not sell."""
        self.begin()
        selection = self.journey.scan(event)
        variant = selection.variant
        self.events.record("item_scanned", gtin=variant.gtin if variant else event.gtin,
                           colourway=_colourway(selection.colourway))
        return selection

    def open_style(self, style_id: str) -> None:
        self.begin()
        self.journey.open_style(style_id)

    def choose_colour(self, colour_name: str) -> None:
        self.journey.choose_colour(colour_name)

    def choose_size(self, size: str) -> None:
        self.journey.choose_size(size)
        selection = self.journey.selection
        variant = selection.variant if selection else None
        if selection is not None and variant is not None and not variant.in_stock:
            # the manager's report: what sells out
            self.events.record("out_of_stock_requested", gtin=variant.gtin, size=size,
                               colourway=_colourway(selection.colourway))

    def add_to_basket(self, variant: Variant | None = None) -> None:
        """Raises ChooseSizeFirst, NotInStockHere, NoShopperSession, TooManyOfOne, BasketFull."""
        self.begin()
        self.journey.add_to_basket(variant)

    def remove(self, gtin: str) -> None:
        self.journey.remove_from_basket(gtin)

    # -- colour consent ------------------------------------------------------------------------
    def opt_in_colour(self) -> bool:
        """Start the colour analysis; False when it cannot (then the shopper picks by hand)."""
        if self.consent is None:
            return False
        self.journey.opt_in()
        try:
            self.consent.opt_in()
        except Exception:  # e.g. an unreadable install calibration: the manual path still works
            log.exception("colour analysis could not start")
            self.journey.opt_out()
            return False
        return True

    def pick_palette(self, season: Any) -> None:
        """The shopper's palette, analysed or chosen by hand (choosing is consent to use it)."""
        self.journey.colour_opt_in = True
        self.journey.set_palette(season)

    def stop_colour_analysis(self) -> None:
        if self.consent is not None:
            self.consent.forget()

    def forget_colour(self) -> None:
        self.stop_colour_analysis()
        self.journey.opt_out()

    # -- size requests -------------------------------------------------------------------------
    def request_view(self) -> RequestView | None:
        if self.requests is None or not self.request_id:
            return None
        return self.requests.get(self.request_id)

    def request_size(self) -> None:
        """Ask staff for the chosen size; raises RequestsUnavailable, ChooseSizeFirst,
        NotRequestableHere, CannotRequest."""
        selection = self.journey.selection
        if self.requests is None:
            raise RequestsUnavailable("staff requests are not available", fix="ask at the desk")
        if selection is None or selection.variant is None:
            raise ChooseSizeFirst("choose a size first", fix="tap a size")
        variant = selection.variant
        if not can_request(variant, self.not_in_stock()):
            raise NotRequestableHere(variant.size or "")
        self.request_id = self._request(self.requests, variant, selection.style)
        self.request_off_floor = not variant.in_stock
        self.room.opened(self.request_id)
        self._tell_request(self.request_view(), self.request_off_floor)

    def ask_alternative(self, request_id: str, gtin: str) -> None:
        """Staff could not find the size: the shopper taps the nearest one in stock, a new
        request for it replaces the old one (staff see that one cancelled)."""
        requests = self.requests
        variant = self.journey.catalogue.find_gtin(gtin) if requests is not None else None
        if requests is None or variant is None or request_id != self.request_id:
            raise CannotRequest("this item cannot be requested from here", fix="ask a member of staff")
        self.request_id = self._request(requests, variant, self.journey.catalogue.style_of(variant))
        self.request_off_floor = False  # offered only when in stock here
        self.room.opened(self.request_id)  # first: the old one's end must not free the room
        requests.cancel(request_id)
        self._tell_request(self.request_view(), self.request_off_floor)

    def cancel_request(self) -> None:
        if self.requests is not None and self.request_id:
            self.requests.cancel(self.request_id)
            self._tell_request(self.request_view(), self.request_off_floor)

    def ask_again(self) -> None:
        """The shopper's second tap: the request goes up the staff pages (contract 1.3 priority)."""
        if self.requests is not None and self.request_id and self.requests.ask_again(self.request_id):
            self._tell_request(self.request_view(), self.request_off_floor)

    def request_changed(self, view: RequestView | None) -> bool:
        """A request's update (any request): True when it is this shopper's (then shown)."""
        if view is None:
            return False
        self.room.changed(view.id, view.status, self.clock())
        if view.id != self.request_id:
            return False
        self._tell_request(view, self.request_off_floor)
        return True

    def count_down(self) -> None:
        """ "Anna, about 2 min" becomes "about 1 min" as the mirror's clock runs."""
        shown = self._shown
        if shown is None or shown.eta_s is None:
            return
        view = self.request_view()
        if view is not None and view != shown:
            self._tell_request(view, self.request_off_floor)

    def _tell_request(self, view: RequestView | None, off_floor: bool) -> None:
        self._shown = view
        for listener in self.on_request:
            listener(view, off_floor)

    def _request(self, requests: Requests, variant: Variant, style: Style) -> str:
        try:
            return requests.request(
                variant.gtin or "", variant.size or "one size",
                (variant.colour.name if variant.colour else "")[:40], product_name=style.title[:120])
        except PayloadError as exc:
            log.warning("size request refused: %s", exc)
            raise CannotRequest("this item cannot be requested from here",
                                fix="ask a member of staff") from None

    def _tell_staff_cancelled(self, request_id: str) -> None:
        if self.requests is not None:
            self.requests.cancel(request_id)

    # -- hand-off to a phone -------------------------------------------------------------------
    def handoff(self, done: Callable[[Any], None], language: str) -> None:
        """Send the basket to the hand-off service; ``done(result)`` is called on the sender's
        thread (the caller hops it to its own, then calls ``handoff_done``)."""
        basket = self.journey.basket
        if self.sender is None:
            raise HandoffUnavailable("sending to a phone is not available")
        if basket is None or not basket.lines:
            raise BasketEmpty("your basket is empty", fix="add an item first")
        if self.flow.tap(self.wall()):
            self.sender.send(basket, done, language=language)

    def handoff_done(self, result: Any) -> None:
        if isinstance(result, Exception):
            log.warning("hand-off failed: %s", result)
            self.flow.failed(result, self.wall())
        else:
            self.flow.created(result, self.wall())
            items = self.journey.basket.count if self.journey.basket else 0
            if items:
                self.events.record("basket_handed_off", items=items)
        self._tell_handoff()

    def handoff_claimed(self, token_hash: str) -> None:
        before = self.flow.phase
        self.flow.claimed(token_hash, self.wall())
        if before is not self.flow.phase:
            self.events.record("basket_opened")
        self._tell_handoff()

    def keeps_engaged(self) -> bool:
        """Scanning the QR is not a touch: without a camera, the code on screen keeps the
        shopper engaged."""
        return self.flow.phase in (Phase.SHOWING, Phase.OPENED) and not self.session.camera_on

    def handoff_view(self) -> View:
        return self.flow.view(self.wall())

    def tick(self) -> bool:
        """Once a second: the request's count-down and the hand-off's clock; True when the
        hand-off changed phase (its listeners were told)."""
        self.count_down()
        before = self.flow.phase
        self.flow.tick(self.wall())
        if before is self.flow.phase:
            return False
        self._tell_handoff()
        return True

    def _tell_handoff(self) -> None:
        view = self.handoff_view()
        for listener in self.on_handoff:
            listener(view)


def _colourway(colourway: Colourway | None) -> str | None:
    """The garment colourway's catalogue name for the report (never the shopper's colours)."""
    return colourway.colour.name if colourway is not None and colourway.colour is not None else None
