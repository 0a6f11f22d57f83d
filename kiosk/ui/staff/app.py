"""Assemble the staff console: MQTT (persistent session) -> StaffRequests -> bridge -> window."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QTimer

from kiosk.messaging.bus import Bus
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.payloads import Staff
from kiosk.messaging.settings import MqttSettings
from kiosk.messaging.staff import StaffRequests
from kiosk.ui.staff.bridge import StaffBridge
from kiosk.ui.staff.sound import Chime
from kiosk.ui.staff.window import StaffConsole

log = logging.getLogger(__name__)


@dataclass
class StaffApp:
    bus: Bus
    requests: StaffRequests
    window: StaffConsole
    bridge: StaffBridge
    chime: Chime
    timer: QTimer

    def stop(self) -> None:
        self.timer.stop()
        if hasattr(self.bus, "stop"):
            self.bus.stop()


def staff_bus(settings: MqttSettings, store: str, staff: Staff) -> MqttBus:
    """Stable client id + persistent session: claims sent while roaming are not lost."""
    return MqttBus(settings, f"staff-{store}-{staff.id}")


def build_staff_app(bus: Bus, *, store: str, staff: Staff, zone: str | None,
                    role: str = "zone", chime: Chime | None = None) -> StaffApp:
    """Wire the console on ``bus`` (an MqttBus from ``staff_bus``, or an InMemoryBus in tests)."""
    bridge = StaffBridge()
    requests = StaffRequests(bus, store=store, staff=staff, zone=zone, role=role,
                             on_list=bridge.on_list, on_new=bridge.on_new)
    window = StaffConsole(staff_id=staff.id, staff_name=staff.name, zone=zone, role=role,
                          on_claim=lambda rid: _safely(requests.claim, rid),
                          on_done=lambda rid: _safely(requests.done, rid))
    chime = chime or Chime()
    bridge.list_changed.connect(lambda views: _refresh(window, requests, views))
    bridge.new_request.connect(lambda view: chime.play())
    timer = QTimer(window)
    timer.setInterval(1000)   # connection dot, offline-mirror banner and "n min ago"
    timer.timeout.connect(lambda: _tick(window, bus, requests))
    timer.start()
    window.set_connected(bool(getattr(bus, "connected", False)))
    requests.start()
    if hasattr(bus, "start"):
        bus.start()
    return StaffApp(bus, requests, window, bridge, chime, timer)


def _refresh(window: StaffConsole, requests: StaffRequests, views) -> None:
    window.show_requests(views)
    offline = sorted(requests.mirrors_offline)
    window.set_banner(f"Mirror offline: {', '.join(offline)}. Its requests may be out of date."
                      if offline else "")


def _tick(window: StaffConsole, bus: Bus, requests: StaffRequests) -> None:
    window.set_connected(bool(getattr(bus, "connected", True)))
    window.tick_count = getattr(window, "tick_count", 0) + 1
    if window.tick_count % 30 == 0:
        _refresh(window, requests, requests.visible())


def _safely(action, request_id: str) -> None:
    try:
        action(request_id)
    except Exception:  # a tap must never close the console
        log.exception("could not send for request %s", request_id)
