"""``EventRecorder``: what the UI/session calls when something happens on the mirror.

``record(kind, **fields)`` validates the event against the anonymous schema
(a field that is not in it raises ``PayloadError``: a programming error, not a
runtime condition), stores it in the local SQLite log, publishes it QoS 1 on
the mirror's events topic and keeps the live figures (open requests, median
answer time) that the manager screen and Home Assistant show.  An event is
marked published only when the broker acknowledges it; ``republish_pending``
(wired to the bus's connect listener) resends the rest, so a broker outage
loses no event.  Publishing never raises into the caller: a failure is logged
and counted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.insight import topics
from kiosk.insight.events import Event, make_event, parse_event, to_wire
from kiosk.insight.live import LiveStats
from kiosk.insight.manager import ManagerStatus
from kiosk.insight.store import EventStore

log = logging.getLogger(__name__)


class EventRecorder:
    def __init__(self, store: EventStore, *, store_id: str, mirror_id: str, zone: str,
                 bus=None, clock: Callable[[], float] = time.time, retention_days: int = 400):
        self._events, self._bus, self._clock = store, bus, clock
        self._ids = {"store": store_id, "mirror": mirror_id, "zone": zone}
        self._topic = topics.events(store_id, mirror_id)
        self._stats_topic = topics.stats(store_id, mirror_id)
        self.live = LiveStats(clock)
        self.publish_failures = 0
        self._lock = threading.Lock()
        now = datetime.fromtimestamp(clock(), UTC)
        pruned = store.prune(now - timedelta(days=retention_days))
        if pruned:
            log.info("pruned %d events older than %d days", pruned, retention_days)
        for row in store.rows(now - timedelta(hours=24), mirrors=[mirror_id]):
            self.live.observe(row)  # open requests and answer times survive a restart

    @property
    def log(self) -> EventStore:
        return self._events

    def attach(self, bus) -> None:
        """Start publishing through ``bus`` (a kiosk.messaging Bus); resends what is pending."""
        self._bus = bus
        if hasattr(bus, "add_connect_listener"):
            bus.add_connect_listener(self.republish_pending)
        self.republish_pending()

    def record(self, kind: str, **fields) -> Event:
        event = make_event(kind, ts=self._clock(), **self._ids, **fields)
        self._events.add(event)
        if self.live.observe(event):
            self.publish_stats()
        self._publish(event)
        return event

    def republish_pending(self) -> int:
        """Resend every stored event the broker has not acknowledged; returns how many."""
        if self._bus is None:
            return 0
        pending = self._events.unpublished(limit=100_000)  # a week offline is ~5 000
        for event_id in pending:
            row = self._events.event(event_id)
            if row is not None:
                self._publish(parse_event(_without_none(row._asdict()), source="event log"))
        self.publish_stats()
        return len(pending)

    def publish_stats(self) -> None:
        """Retained live figures for Home Assistant's sensors (see kiosk.insight.discovery)."""
        self._send(self._stats_topic, self.live.snapshot(), retain=True)

    def manager_status(self, *, online: bool, camera: str, catalogue_version: str | None,
                       calibration: str, timezone: str = "UTC") -> ManagerStatus:
        """Snapshot for the PIN-protected manager screen (call on the UI thread, ~1 Hz)."""
        now = datetime.fromtimestamp(self._clock(), ZoneInfo(timezone))
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return ManagerStatus(
            online=online, camera=camera, catalogue_version=catalogue_version,
            calibration=calibration, open_requests=self.live.open_requests,
            median_response_s=self.live.median_response_s(),
            events_today=len(self._events.rows(midnight, mirrors=[self._ids["mirror"]])),
            unpublished_events=len(self._events.unpublished()))

    def _publish(self, event: Event) -> None:
        def acked(ok: bool, event_id: str = event.id) -> None:
            if ok:
                self._events.mark_published(event_id)

        self._send(self._topic, to_wire(event), on_ack=acked)

    def _send(self, topic: str, payload: dict, retain: bool = False, on_ack=None) -> None:
        if self._bus is None:
            return
        try:
            self._bus.publish(topic, payload, qos=1, retain=retain, on_ack=on_ack)
        except Exception:  # a thread boundary for the caller: never break the UI over stats
            with self._lock:
                self.publish_failures += 1
            log.exception("publishing to %s failed", topic)


def _without_none(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}
