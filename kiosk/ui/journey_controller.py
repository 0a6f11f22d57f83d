"""The Qt adapter of the shopper core (kiosk/shopper/core.py): every tap, scan and scenario
step goes through ``navigate``; the core decides, this shows screens and toasts.  Thread
callbacks hop to the GUI thread first (``GuiHop``), so the core only ever runs there."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from kiosk.errors import KioskError
from kiosk.handoff.flow import Phase
from kiosk.session import State
from kiosk.shopper.core import ShopperCore
from kiosk.shopper.errors import UnknownAction
from kiosk.ui.bridges import GuiHop
from kiosk.ui.i18n import tr
from kiosk.ui.shopper_messages import shopper_message

log = logging.getLogger(__name__)
CORE = {verb: verb for verb in ("scan", "choose_colour", "remove", "choose_size", "add_to_basket", "open_style",
                                 "request_size", "cancel_request", "ask_again", "ask_alternative")}
CORE |= {"add_variant": "add_to_basket", "decline_alternative": "cancel_request"}  # same verb, other screen
THEN = {"scan": "item", "open_style": "item", "request_size": "request"}  # the screen an action leads to


class JourneyController(QObject):
    def __init__(self, window, mirror_controller, core: ShopperCore, services, parent=None):
        super().__init__(parent)
        self.window, self.mirror, self.core, self.services = window, mirror_controller, core, services
        self.manager = None  # kiosk/ui/manager_wiring.py, behind the PIN (set by the assembly)
        self.journey, self.nav, self.last_error, hop = core.journey, core.nav, None, GuiHop(self)
        self.item_scanned = hop(lambda event: self.navigate("scan", event=event))  # scanner threads
        self.scan_error = hop(self._on_scan_error)
        self.request_changed, self.handoff_claimed = hop(self._on_request_changed), hop(core.handoff_claimed)
        self._handoff_done = hop(core.handoff_done)
        core.on_handoff.append(self._show_handoff)
        self._ticker = QTimer(self, interval=1000, timeout=self._tick)
        self._ticker.start()

    def navigate(self, target: str, **params) -> None:
        if self.mirror.closed:  # locked by the back office (kiosk/ui/remote_wiring.py)
            log.info("action %s ignored: the mirror is closed", target)
            return
        self.mirror.touch()
        self.core.begin()
        try:
            if self.manager is not None and target in self.manager.ACTIONS:
                getattr(self.manager, self.manager.ACTIONS[target])(**params)
            elif target in CORE:
                getattr(self.core, CORE[target])(**params)
                self._then(target)
            elif (handler := getattr(self, f"_do_{target}", None)) is not None:
                handler(**params)
            elif target in self.window.screens:
                self.show(target, **params)
            else:
                raise UnknownAction(f"unknown action '{target}'")
        except KioskError as exc:
            self.last_error = str(exc)
            log.info("action %s refused: %s", target, exc)
            self.window.toast(shopper_message(exc))

    def _then(self, target: str) -> None:
        if target in THEN:
            self.show(THEN[target])
        elif target in ("add_to_basket", "add_variant"):
            self.window.toast(tr("Journey", "Added to your basket"))
        elif target == "decline_alternative":  # "No thanks": the request ends, browsing goes on
            self._do_item_or_browse()

    def show(self, name: str, **params) -> None:
        self.nav.leave(self.window.current_screen, name)
        self.window.show_screen(name, **params)

    def on_state(self, old: State, new: State) -> None:
        self.core.state_changed(old, new)
        if new is State.ENGAGED and self.core.room.is_open:  # back from goodbye: still waiting
            self.window.show_screen("request")

    def _do_touch(self) -> None:
        if (screen := self.nav.touched(self.window.current_screen, self.core.room.is_open)) is not None:
            self.window.show_screen(screen)

    def _do_back(self) -> None:
        self.window.show_screen(self.nav.back(self.window.current_screen))

    def _do_item_or_browse(self) -> None:
        self.show("item" if self.journey.selection else "browse")

    def _do_light(self, preset: str) -> None:
        if (lights := self.services.lights) is not None:
            lights.apply(preset)
            self.window.screens["hello"].retranslate()

    def _do_handoff(self) -> None:
        self.core.handoff(self._handoff_done, self.mirror.languages.current)
        self.show("handoff")
        self._show_handoff(self.core.handoff_view())

    def _on_request_changed(self, view) -> None:
        ours = self.core.request_changed(view)  # shown on the request screen by then
        if ours and self.window.current_screen != "request" and view.status in ("claimed", "delivered"):
            self.window.toast(self.window.screens["request"].title.text())

    def _on_scan_error(self, error) -> None:
        log.info("scan rejected: %s", error)
        self.window.toast(tr("Journey", "That tag could not be read - please hold it still and try again."))

    def _tick(self) -> None:
        if self.core.room.status_due(self.mirror.clock()) and self.window.current_screen != "request":
            self.show("request")  # the shopper waits in the cubicle: their request, not a goodbye
        if self.core.keeps_engaged():
            self.mirror.touch()
        if not self.core.tick() and self.window.current_screen == "handoff":
            self._show_handoff(self.core.handoff_view())

    def _show_handoff(self, view) -> None:
        self.window.screens["handoff"].show_view(view)
        if view.phase is Phase.IDLE and self.window.current_screen == "handoff":
            attract = self.mirror.session.state is State.ATTRACT
            self.window.show_screen("attract" if attract else self.nav.after_handoff())
