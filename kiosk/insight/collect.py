"""``EventCollector``: gathers every mirror's events of one store over MQTT into one log.

Run it where the report is made (back office, `kiosk insight collect`).
Every payload is re-validated against the anonymous schema; one whose topic
and body disagree about the store or mirror is refused (a mirror cannot write
in another's name); duplicates (QoS 1 resends) are ignored by id.
"""

from __future__ import annotations

import logging
import threading

from kiosk.errors import PayloadError
from kiosk.insight import topics
from kiosk.insight.events import parse_event
from kiosk.insight.store import EventStore
from kiosk.messaging.topics import spec

log = logging.getLogger(__name__)


class EventCollector:
    def __init__(self, store: EventStore, bus, store_id: str):
        self._events, self._bus, self._store_id = store, bus, store_id
        self.accepted = self.duplicates = self.rejected = 0
        self._lock = threading.Lock()
        self._received = threading.Condition(self._lock)

    @property
    def log(self) -> EventStore:
        return self._events

    def start(self) -> EventCollector:
        self._bus.subscribe(topics.events_filter(self._store_id), self.on_message)
        return self

    def on_message(self, topic: str, payload: dict | None) -> None:
        """Bus handler (runs on the bus thread)."""
        try:
            event = parse_event(payload or {}, source=topic)
            _check_origin(topic, event.store, event.mirror)
        except PayloadError as exc:
            log.warning("refused event: %s", exc)
            self._count("rejected")
            return
        self._count("accepted" if self._events.add(event, published=True) else "duplicates")

    def wait_for(self, accepted: int, timeout: float) -> bool:
        """Block until ``accepted`` events have been stored (tests, `collect --count`)."""
        with self._received:
            return self._received.wait_for(lambda: self.accepted >= accepted, timeout)

    def _count(self, name: str) -> None:
        with self._received:
            setattr(self, name, getattr(self, name) + 1)
            self._received.notify_all()


def _check_origin(topic: str, store: str, mirror: str) -> None:
    ids = spec("events").match(topic)
    if ids is None or ids != {"store": store, "mirror": mirror}:
        raise PayloadError(f"event from {store}/{mirror} arrived on {topic}",
                           fix="a mirror publishes only on its own events topic")
