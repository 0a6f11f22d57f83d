"""The typed services of one mirror: every part that is not Qt, built by kiosk/app.py and
read by the UI (no dictionary of names), and the listener lists by which worker threads
reach the UI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hardware.scanners.base import ScanHub
    from kiosk.basket import BasketStore
    from kiosk.catalogue.store import CatalogueStore
    from kiosk.consent import ColourConsent
    from kiosk.handoff.flow import HandoffSender
    from kiosk.health.unattended import Unattended
    from kiosk.insight.placement import PlacementProbe
    from kiosk.insight.recorder import EventRecorder
    from kiosk.journey import Journey
    from kiosk.messaging.bus import Bus
    from kiosk.messaging.demo_broker import DemoBroker
    from kiosk.messaging.requests import SizeRequests
    from kiosk.messaging.service import MirrorMessaging
    from kiosk.remote import RemoteCommands
    from kiosk.shopper.core import ShopperCore
    from kiosk.tryon.preview import Preview
    from kiosk.vision.service import VisionService
    from kiosk.visit_events import VisitEvents

log = logging.getLogger(__name__)


class Listeners:
    """Callbacks from a worker thread (MQTT, vision, scanners); the UI subscribes once it
    exists, hopping to its own thread (kiosk/ui/bridges.py GuiHop)."""

    def __init__(self, what: str = "event"):
        self.what = what
        self.listeners: list[Callable[..., object]] = []

    def __call__(self, *args: object) -> None:
        for listener in list(self.listeners):
            try:
                listener(*args)
            except Exception:  # one listener's failure must not hide the event from the others
                log.exception("%s listener failed", self.what)


@dataclass
class Services:
    """Every part of one mirror that is not Qt, built by ``build_mirror``.  None: the store has
    none, or it could not start (its message is in ``Mirror.startup_errors``)."""

    unattended: Unattended | None = None
    out_of_service: bool = False
    catalogue_store: CatalogueStore | None = None
    baskets: BasketStore | None = None
    journey: Journey | None = None
    consent: ColourConsent | None = None
    shopper: ShopperCore | None = None
    visit_events: VisitEvents | None = None
    event_recorder: EventRecorder | None = None
    tryon: Preview | None = None
    demo_broker: DemoBroker | None = None
    messaging: MirrorMessaging | None = None
    requests: SizeRequests | None = None
    bus: Bus | None = None
    lights: Any = None           # hardware.lights: a Lights adapter, when the room has one
    handoff_sender: HandoffSender | None = None
    staff_app: Any = None        # kiosk.storeweb.server.Running, demo only
    display_power: Any = None    # kiosk.health.display_power.DisplayPowerPolicy
    vision: VisionService | None = None
    scan_hub: ScanHub | None = None
    remote: RemoteCommands | None = None    # the back office's commands (kiosk/remote.py)
    placement: PlacementProbe | None = None  # placement check on request (camera only)
    # Thread -> UI: what the UI subscribes to (size-request changes, vision, scanners).
    request_changes: Listeners = field(default_factory=lambda: Listeners("size-request"))
    observations: Listeners = field(default_factory=lambda: Listeners("observation"))
    vision_errors: Listeners = field(default_factory=lambda: Listeners("vision error"))
    scanned: Listeners = field(default_factory=lambda: Listeners("scan"))
    scan_errors: Listeners = field(default_factory=lambda: Listeners("scan error"))
