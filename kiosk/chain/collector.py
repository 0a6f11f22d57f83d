"""Head office's collector: every store's events off the cluster into PostgreSQL, then acks.

It reads two ways in: the mirrors' own events (bridged live) and the store relays' resends.
Every event is re-validated against the anonymous schema, and its store must be the store
of the topic it came on: the cluster lets each store write only its own prefix, so the
topic is who wrote it, and a payload naming another store is forged and refused.
An event is acknowledged to its store only after PostgreSQL has it: the relay's resend is
what makes a lost bridge message, a dead cluster node or a database restart lose nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict

from kiosk.chain import topics as chain_topics
from kiosk.chain.database import ChainDatabase
from kiosk.errors import KioskError, PayloadError
from kiosk.insight.events import Event, parse_event
from kiosk.messaging.topics import spec

log = logging.getLogger(__name__)


class ChainCollector:
    def __init__(self, bus, database: ChainDatabase):
        self.bus, self.database = bus, database
        self._pending: dict[str, set[str]] = defaultdict(set)
        self._lock = threading.Lock()
        self.stats = {"received": 0, "stored": 0, "duplicates": 0, "refused": 0, "acks": 0,
                      "db_errors": 0}

    def start(self) -> ChainCollector:
        self.bus.subscribe(chain_topics.EVENTS_FILTER, self.on_event)
        self.bus.subscribe(chain_topics.RESEND_FILTER, self.on_resend)
        return self

    def on_event(self, topic: str, payload: dict | None) -> None:
        ids = spec("events").match(topic)
        try:
            event = parse_event(payload or {}, source=topic)
            if ids != {"store": event.store, "mirror": event.mirror}:
                raise PayloadError(f"event of {event.store}/{event.mirror} on {topic}")
        except PayloadError as exc:
            self._refuse(exc)
            return
        self._store(ids["store"], [event])

    def on_resend(self, topic: str, payload: dict | None) -> None:
        store = chain_topics.store_of(topic)
        raw = (payload or {}).get("events")
        if store is None or not isinstance(raw, list):
            self._refuse(PayloadError(f"malformed resend on {topic}"))
            return
        events: list[Event] = []
        for item in raw[:chain_topics.MAX_RESEND_EVENTS]:
            try:
                event = parse_event(item if isinstance(item, dict) else {}, source=topic)
                if event.store != store:
                    raise PayloadError(f"event of {event.store} resent by {store}")
                events.append(event)
            except PayloadError as exc:
                self._refuse(exc)
        self._store(store, events)

    def _refuse(self, exc: KioskError) -> None:
        log.warning("chain collector refused: %s", exc)
        with self._lock:
            self.stats["refused"] += 1

    def _store(self, store: str, events: list[Event]) -> None:
        if not events:
            return
        try:
            added = self.database.add(events)
        except Exception:  # database down: no ack, so the store's relay sends them again
            log.exception("chain collector: could not store %d event(s) of %s", len(events), store)
            with self._lock:
                self.stats["db_errors"] += 1
            return
        with self._lock:
            self.stats["received"] += len(events)
            self.stats["stored"] += added
            self.stats["duplicates"] += len(events) - added
            self._pending[store].update(e.id for e in events)

    def flush_acks(self) -> int:
        """Tell each store which of its events are safe now; how many ids were acknowledged."""
        with self._lock:
            pending, self._pending = self._pending, defaultdict(set)
        sent = 0
        for store, ids in sorted(pending.items()):
            ordered = sorted(ids)
            for start in range(0, len(ordered), chain_topics.MAX_ACK_IDS):
                chunk = ordered[start:start + chain_topics.MAX_ACK_IDS]
                self.bus.publish(chain_topics.ack(store), {"v": 1, "ts": round(time.time(), 3),
                                                           "ids": chunk}, qos=1)
                sent += len(chunk)
        with self._lock:
            self.stats["acks"] += sent
        return sent

    def run(self, stop: threading.Event, interval_s: float = 1.0) -> None:
        while not stop.wait(interval_s):
            self.flush_acks()
