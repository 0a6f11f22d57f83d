"""The shopper's actions: every tap, scan and scenario step goes through ``navigate``.

Thread callbacks (MQTT request updates, hand-off results, "basket opened" from a phone,
scanned items from scanner threads) arrive as queued signals and are handled here on
the GUI thread.  Screens stay dumb: they render the Qt-free Journey / RequestView /
handoff View they are given.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from hardware.scanners.events import ItemScanned
from kiosk.errors import KioskError, PayloadError
from kiosk.handoff.flow import HandoffFlow, Phase, subscribe_claimed
from kiosk.journey import NotInStockHere, can_request
from kiosk.room_request import RoomRequest
from kiosk.session import State
from kiosk.ui.i18n import tr
from kiosk.visit_events import VisitEvents

log = logging.getLogger(__name__)


class JourneyController(QObject):
    request_changed = Signal(object)
    handoff_done = Signal(object)
    handoff_claimed = Signal(str)
    item_scanned = Signal(object)
    scan_error = Signal(object)

    def __init__(self, window, mirror_controller, services: dict, parent: QObject | None = None):
        super().__init__(parent)
        self.window, self.mirror, self.services = window, mirror_controller, services
        self.journey = services["journey"]
        self.events = services.get("visit_events") or VisitEvents(None)
        self.flow = HandoffFlow()
        self.history: list[str] = []
        self.request_id: str | None = None
        self.request_off_floor = False  # asked for a size at 0 here: staff look further afield
        self.room = RoomRequest(mirror_controller.session, self._tell_staff_cancelled)
        self.last_error: str | None = None
        self.request_changed.connect(self._on_request_changed)
        self.handoff_done.connect(self._on_handoff_done)
        self.handoff_claimed.connect(self._on_claimed)
        self.item_scanned.connect(self.scan)
        self.scan_error.connect(self._on_scan_error)
        self.journey.on_change(self._on_journey_change)
        if "request_relay" in services:
            services["request_relay"].listeners.append(self.request_changed.emit)
        if "bus" in services:
            config = mirror_controller.session_config
            subscribe_claimed(services["bus"], config.store.id, config.mirror.id, self.handoff_claimed.emit)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()

    # -- one entry point for taps and scenario steps ---------------------------------------
    def navigate(self, target: str, **params) -> None:
        self.mirror.touch()
        self.journey.begin(self.mirror.session.session_id)
        handler = getattr(self, f"_do_{target}", None)
        try:
            if handler is not None:
                handler(**params)
            elif target in self.window.screens:
                self.show(target, **params)
            else:
                raise KioskError(f"unknown action '{target}'")
        except KioskError as exc:
            self.last_error = str(exc)
            log.info("action %s refused: %s", target, exc)
            self.window.toast(shopper_message(exc))

    def show(self, name: str, **params) -> None:
        current = self.window.current_screen
        if current and current != name and current not in ("attract", "goodbye"):
            self.history.append(current)
        self.window.show_screen(name, **params)

    def scan(self, event: ItemScanned) -> None:
        self.mirror.touch()
        self.journey.begin(self.mirror.session.session_id)
        try:
            selection = self.journey.scan(event)
        except KioskError:
            self.window.toast(tr("Journey", "This item is not in this store's list - please ask a member of staff."))
            return
        variant = selection.variant
        self.events.record("item_scanned", gtin=variant.gtin if variant else event.gtin,
                           colourway=_colourway(selection.colourway))
        self.show("item")

    def on_state(self, old: State, new: State) -> None:
        if old is State.ATTRACT and new is State.ENGAGED:
            self.events.begin_visit()
        if new is State.ENGAGED and self.room.is_open:  # back from goodbye: still waiting
            self.window.show_screen("request")
        if new is State.ATTRACT:
            self.events.end_visit()
            self.history.clear()
            self.request_id = None
            self.flow.shopper_left(time.time())
            # Hidden screens keep what they last showed: clear it with the shopper.
            self.window.screens["handoff"].show_view(self.flow.view(time.time()))
            self.window.screens["request"].show_request(None)

    # -- actions -------------------------------------------------------------------------------
    def _do_touch(self) -> None:
        if self.window.current_screen in ("attract", "goodbye"):
            self.window.show_screen("request" if self.room.is_open else "hello")

    def _do_back(self) -> None:
        while self.history:
            previous = self.history.pop()
            if previous != self.window.current_screen:
                self.window.show_screen(previous)
                return
        self.window.show_screen("hello")

    def _do_open_style(self, style_id: str) -> None:
        self.journey.open_style(style_id)
        self.show("item")

    def _do_item_or_browse(self) -> None:
        self.show("item" if self.journey.selection else "browse")

    def _do_add_to_basket(self) -> None:
        self.journey.add_to_basket()
        self.window.toast(tr("Journey", "Added to your basket"))

    def _do_light(self, preset: str) -> None:
        lights = self.services.get("lights")
        if lights is not None:
            lights.apply(preset)
            self.window.screens["hello"].retranslate()

    # -- staff and manager (behind the PIN) ------------------------------------------------------
    def _do_manager(self) -> None:
        self.services["manager"].open_pin()

    def _do_unlock(self, pin: str) -> None:
        self.services["manager"].unlock(pin)

    def _do_manager_touch(self) -> None:
        self.services["manager"].touched()

    def _do_lock(self) -> None:
        self.services["manager"].lock()

    def _do_exit_kiosk(self) -> None:
        self.services["manager"].exit_kiosk()

    def _do_choose_colour(self, colour_name: str) -> None:
        self.journey.choose_colour(colour_name)

    def _do_remove(self, gtin: str) -> None:
        self.journey.remove_from_basket(gtin)

    def _do_choose_size(self, size: str) -> None:
        self.journey.choose_size(size)
        selection = self.journey.selection
        variant = selection.variant if selection else None
        if variant is not None and not variant.in_stock:  # the manager's report: what sells out
            self.events.record("out_of_stock_requested", gtin=variant.gtin, size=size,
                               colourway=_colourway(selection.colourway))

    def _do_add_variant(self, variant) -> None:
        self.journey.add_to_basket(variant)
        self.window.toast(tr("Journey", "Added to your basket"))

    def _do_request_size(self) -> None:
        requests = self.services.get("requests")
        selection = self.journey.selection
        if requests is None:
            raise KioskError(tr("Journey", "Staff requests are not available right now - please ask at the desk."))
        if selection is None or selection.variant is None:
            raise KioskError(tr("Journey", "Choose a size first"))
        variant = selection.variant
        if not can_request(variant, self.mirror.session_config.mqtt.requests.not_in_stock):
            raise KioskError(tr("Item", "%1 is not in stock in this store: please ask at the fitting-room desk.")
                             .replace("%1", variant.size or ""))
        try:
            self.request_id = requests.request(
                variant.gtin, variant.size or "one size", (variant.colour.name if variant.colour else "")[:40],
                product_name=selection.style.title[:120])
        except PayloadError as exc:
            log.warning("size request refused: %s", exc)
            raise KioskError(tr("Journey", "This item cannot be requested from here - please ask a member of staff.")) from None
        self.request_off_floor = not variant.in_stock
        self.room.opened(self.request_id)
        self.show("request")
        self.window.screens["request"].show_request(requests.get(self.request_id), self.request_off_floor)

    def _do_cancel_request(self) -> None:
        requests = self.services.get("requests")
        if requests is not None and self.request_id:
            requests.cancel(self.request_id)
            self.window.screens["request"].show_request(requests.get(self.request_id), self.request_off_floor)

    def _do_ask_alternative(self, request_id: str, gtin: str) -> None:
        """Staff could not find the size: the shopper taps the nearest one in stock, a new
        request for it replaces the old one (staff see that one cancelled)."""
        requests = self.services.get("requests")
        variant = self.journey.catalogue.find_gtin(gtin) if requests is not None else None
        if variant is None or request_id != self.request_id:
            raise KioskError(tr("Journey", "This item cannot be requested from here - please ask a member of staff."))
        style = self.journey.catalogue.style_of(variant)
        try:
            self.request_id = requests.request(
                variant.gtin, variant.size or "one size", (variant.colour.name if variant.colour else "")[:40],
                product_name=style.title[:120])
        except PayloadError as exc:
            log.warning("alternative request refused: %s", exc)
            raise KioskError(tr("Journey", "This item cannot be requested from here - please ask a member of staff.")) from None
        self.request_off_floor = False  # offered only when in stock here
        self.room.opened(self.request_id)  # first: the old one's end must not free the room
        requests.cancel(request_id)
        self.window.screens["request"].show_request(requests.get(self.request_id), self.request_off_floor)

    def _do_ask_again(self) -> None:
        """The shopper's second tap: the request goes up the staff pages (contract 1.3 priority)."""
        requests = self.services.get("requests")
        if requests is not None and self.request_id and requests.ask_again(self.request_id):
            self.window.screens["request"].show_request(requests.get(self.request_id), self.request_off_floor)

    def _do_decline_alternative(self) -> None:
        """"No thanks": the request ends (staff see it cancelled) and the shopper goes on browsing."""
        self._do_cancel_request()
        self.show("item" if self.journey.selection else "browse")

    def _tell_staff_cancelled(self, request_id: str) -> None:
        requests = self.services.get("requests")
        if requests is not None:
            requests.cancel(request_id)

    def _do_handoff(self) -> None:
        sender = self.services.get("handoff_sender")
        basket = self.journey.basket
        if sender is None:
            raise KioskError(tr("Journey", "Sending to a phone is not available right now."))
        if basket is None or not basket.lines:
            raise KioskError(tr("Journey", "Your basket is empty"))
        if self.flow.tap(time.time()):
            sender.send(basket, self.handoff_done.emit, language=self.mirror.languages.current)
        self.show("handoff")
        self._show_handoff()

    # -- thread events, now on the GUI thread ----------------------------------------------------
    def _on_request_changed(self, view) -> None:
        if view is None:
            return
        self.room.changed(view.id, view.status, self.mirror.clock())
        if view.id != self.request_id:
            return
        self.window.screens["request"].show_request(view, self.request_off_floor)
        if self.window.current_screen != "request" and view.status in ("claimed", "delivered"):
            self.window.toast(self.window.screens["request"].title.text())

    def _on_handoff_done(self, result) -> None:
        if isinstance(result, Exception):
            log.warning("hand-off failed: %s", result)
            self.flow.failed(result, time.time())
        else:
            self.flow.created(result, time.time())
            items = self.journey.basket.count if self.journey.basket else 0
            if items:
                self.events.record("basket_handed_off", items=items)
        self._show_handoff()

    def _on_scan_error(self, error) -> None:
        log.info("scan rejected: %s", error)
        self.window.toast(tr("Journey", "That tag could not be read - please hold it still and try again."))

    def _on_claimed(self, token_hash: str) -> None:
        before = self.flow.phase
        self.flow.claimed(token_hash, time.time())
        if before is not self.flow.phase:
            self.events.record("basket_opened")
        self._show_handoff()

    def _on_journey_change(self, what: str) -> None:
        if what in ("basket", "wipe"):
            self.window.navbar.set_basket_count(self.journey.basket.count if self.journey.basket else 0)

    def _tick(self) -> None:
        if self.room.status_due(self.mirror.clock()) and self.window.current_screen != "request":
            self.show("request")  # the shopper waits in the cubicle: their request, not a goodbye
        if self.flow.phase in (Phase.SHOWING, Phase.OPENED) and not self.mirror.session.camera_on:
            self.mirror.touch()  # scanning the QR is not a touch: without a camera, stay engaged
        self._count_down()
        before = self.flow.phase
        self.flow.tick(time.time())
        if self.window.current_screen == "handoff" or before is not self.flow.phase:
            self._show_handoff()

    def _count_down(self) -> None:
        """ "Anna, about 2 min" becomes "about 1 min" as the mirror's clock runs."""
        screen, requests = self.window.screens["request"], self.services.get("requests")
        if requests is None or screen.view is None or screen.view.eta_s is None or not self.request_id:
            return
        view = requests.get(self.request_id)
        if view is not None and view != screen.view:
            screen.show_request(view, self.request_off_floor)

    def _show_handoff(self) -> None:
        self.window.screens["handoff"].show_view(self.flow.view(time.time()))
        if self.flow.phase is Phase.IDLE and self.window.current_screen == "handoff":
            if self.mirror.session.state is State.ATTRACT:
                self.window.show_screen("attract")
            else:
                self._back_to_basket()

    def _back_to_basket(self) -> None:
        """The phone has the basket and the shopper was thanked: back where they sent it from."""
        if self.history and self.history[-1] == "basket":
            self.history.pop()
        self.window.show_screen("basket")


def _colourway(colourway) -> str | None:
    """The garment colourway's catalogue name for the report (never the shopper's colours)."""
    return colourway.colour.name if colourway is not None and colourway.colour is not None else None


def shopper_message(error: KioskError) -> str:
    """What the shopper reads for a refused action, in the screen's language.  Messages made
    for the shopper are already translated; the basket's limits and the journey's own
    checks come from Qt-free code in English and are worded here."""
    from kiosk.basket import MAX_LINES, MAX_QUANTITY, BasketError

    text = error.message
    if isinstance(error, NotInStockHere):
        return tr("Item", "Only sizes in stock here can go in your basket.")
    if isinstance(error, BasketError) and "of one item" in text:
        return tr("Journey", "At most %1 of one item - staff can help with more").replace("%1", str(MAX_QUANTITY))
    if isinstance(error, BasketError) and "different items" in text:
        return tr("Journey", "Your basket is full (%1 items): send it to your phone first").replace("%1", str(MAX_LINES))
    if text == "choose a size first":
        return tr("Journey", "Choose a size first")
    if text == "no shopper session":
        return tr("Journey", "Touch the mirror to start")
    return text
