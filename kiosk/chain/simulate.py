"""Simulated mirrors for the chain tests and bench: real MQTT clients with real outboxes.

A ``SimMirror`` connects to its store broker (or, for stores simulated without a broker,
straight to the cluster as that store's bridge login), sends anonymous events through the
durable outbox (kiosk.messaging.outbox, as a real mirror does), verifies each catalogue
notice it receives (sha256, store, content) and acknowledges it the way a real mirror does:
its retained state's ``health.catalogue_version``.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from kiosk.catalogue.publish import MAX_NOTICE_BYTES, read_notice
from kiosk.errors import KioskError
from kiosk.insight.events import make_event, new_visit_id, to_wire
from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.outbox import DurableBus, Outbox
from kiosk.messaging.settings import MqttSettings

log = logging.getLogger(__name__)


class SimMirror:
    def __init__(self, store: str, mirror: str, settings: MqttSettings, folder: Path):
        self.store, self.mirror = store, mirror
        offline = {"v": 1, "ts": 0.0, "mirror": mirror, "status": "offline", "health": {}}
        self.raw = MqttBus(settings, f"mirror-{store}-{mirror}", will=(self.state_topic, offline))
        self.outbox = Outbox(folder / f"outbox-{store}-{mirror}.sqlite3")
        self.bus = DurableBus(self.raw, self.outbox)
        self.version: str | None = None
        self.catalogue_times: dict[str, float] = {}   # version -> when this mirror had it
        self.sent: list[str] = []
        self._lock = threading.Lock()

    @property
    def state_topic(self) -> str:
        return topics.mirror_state(self.store, self.mirror)

    def start(self) -> SimMirror:
        self.raw.subscribe(topics.catalogue(self.store), self.on_catalogue, max_bytes=MAX_NOTICE_BYTES)
        self.raw.start()
        return self

    def on_catalogue(self, topic: str, payload: dict | None) -> None:
        try:
            version = read_notice(payload, self.store, topic).version[:16]
        except KioskError as exc:
            log.warning("mirror %s/%s refused a catalogue: %s", self.store, self.mirror, exc)
            return
        with self._lock:
            self.version = version
            self.catalogue_times.setdefault(version, time.monotonic())
        self.publish_state()

    def publish_state(self) -> None:
        health = {"catalogue_version": self.version} if self.version else {}
        self.bus.publish(self.state_topic, {"v": 1, "ts": round(time.time(), 3), "mirror": self.mirror,
                                            "status": "online", "health": health}, retain=True)

    def send_event(self, zone: str = "womenswear") -> str:
        event = make_event("session_engaged", store=self.store, mirror=self.mirror, zone=zone,
                           visit=new_visit_id())
        self.bus.publish(topics.events(self.store, self.mirror), to_wire(event), msg_id=event.id)
        with self._lock:
            self.sent.append(event.id)
        return event.id

    def pending(self) -> int:
        return self.outbox.counts().get("pending", 0)

    def stop(self) -> None:
        self.raw.stop()
        self.outbox.close()
