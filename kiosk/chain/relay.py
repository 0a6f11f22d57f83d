"""The store relay: keeps every event of its store on disk until head office has it.

Why: a mirror's outbox is satisfied by its own store broker's PUBACK, and from there the
mosquitto bridge's queue is all that carries an event to head office; that queue can lose
or stall messages across reconnects and when full (eclipse/mosquitto 367, 2256, 3472).
So the relay, next to the store broker, records each event it hears (SQLite, WAL,
synchronous=FULL) and head office acknowledges ids once they are in PostgreSQL
(``…/chain/ack``). Events not acknowledged within ``resend_after_s`` are sent again in
batches on ``…/chain/resend``; head office ignores the ids it already has.
The relay's own subscription is a persistent session on the store broker, which keeps
its queue across a store-broker restart (mosquitto persistence).

With ``cluster_bus`` (the relay's own MQTT session on the cluster, the store's login), the
acks are also read there and the resends go there, so the guarantee does not rest on the
bridge at all. Measured (bench.chain, tests/integration/test_chain_faults.py): after a WAN
cut with a cluster node down, the bridge reconnected while NATS could not create the
JetStream consumer for its ``chain/ack`` subscription in time ("Unable to add JetStream
consumer ... timeout"); mosquitto's bridge ignores a refused SUBACK and stays connected, so
that store's acks never came back through it until its next reconnect. The relay's own
session (kiosk.messaging.mqtt) asks again for a refused subscription.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.chain import topics as chain_topics
from kiosk.errors import PayloadError
from kiosk.insight import topics as insight_topics
from kiosk.insight.events import parse_event, to_wire

log = logging.getLogger(__name__)
EVENT_ID = re.compile(r"^[0-9a-f]{32}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS relay (
  id TEXT PRIMARY KEY, body TEXT NOT NULL, seen REAL NOT NULL, last_sent REAL NOT NULL,
  acked REAL);
CREATE INDEX IF NOT EXISTS relay_unacked ON relay(last_sent) WHERE acked IS NULL;
"""


class Ledger:
    """Event id -> body, when last sent, when acknowledged."""

    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time):
        self.path, self.clock = Path(path), clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # what we tell head office must survive a power cut
        self._db.executescript(SCHEMA)

    def add(self, event_id: str, body: str) -> bool:
        now = self.clock()
        with self._lock:
            # The mirror's own publish already went out over the bridge: count that as a send.
            cur = self._db.execute("INSERT OR IGNORE INTO relay VALUES (?,?,?,?,NULL)",
                                   (event_id, body, now, now))
            return cur.rowcount == 1

    def ack(self, ids: list[str]) -> int:
        now = self.clock()
        with self._lock, self._db:
            return sum(self._db.execute("UPDATE relay SET acked=? WHERE id=? AND acked IS NULL",
                                        (now, i)).rowcount for i in ids)

    def due(self, older_than_s: float, limit: int) -> list[tuple[str, str]]:
        cutoff = self.clock() - older_than_s
        with self._lock:
            return self._db.execute("SELECT id, body FROM relay WHERE acked IS NULL AND last_sent<=?"
                                    " ORDER BY seen LIMIT ?", (cutoff, limit)).fetchall()

    def mark_sent(self, ids: list[str]) -> None:
        now = self.clock()
        with self._lock, self._db:
            self._db.executemany("UPDATE relay SET last_sent=? WHERE id=?", [(now, i) for i in ids])

    def acked_state(self, ids: set[str]) -> dict[str, bool]:
        """id -> acknowledged yet, for the ids this ledger holds (diagnostics)."""
        with self._lock:
            rows = self._db.execute("SELECT id, acked IS NOT NULL FROM relay").fetchall()
        return {i: bool(a) for i, a in rows if i in ids}

    def counts(self) -> dict[str, int]:
        with self._lock:
            unacked, total = self._db.execute(
                "SELECT COUNT(*) FILTER (WHERE acked IS NULL), COUNT(*) FROM relay").fetchone()
        return {"unacked": unacked, "total": total}

    def prune(self, older_than_s: float = 7 * 24 * 3600) -> int:
        with self._lock, self._db:
            return self._db.execute("DELETE FROM relay WHERE acked IS NOT NULL AND acked<?",
                                    (self.clock() - older_than_s,)).rowcount

    def close(self) -> None:
        with self._lock:
            self._db.close()


class StoreRelay:
    def __init__(self, bus, store: str, ledger: Ledger, *, resend_after_s: float = 30.0,
                 cluster_bus=None):
        self.bus, self.store, self.ledger = bus, store, ledger
        self.cluster_bus = cluster_bus   # None: acks and resends through the store bridge only
        self.resend_after_s = resend_after_s
        self.stats = {"recorded": 0, "refused": 0, "acked": 0, "resent": 0}

    def start(self) -> StoreRelay:
        self.bus.subscribe(insight_topics.events_filter(self.store), self.on_event)
        self.bus.subscribe(chain_topics.ack(self.store), self.on_ack)
        if self.cluster_bus is not None:
            self.cluster_bus.subscribe(chain_topics.ack(self.store), self.on_ack)
        return self

    def on_event(self, topic: str, payload: dict | None) -> None:
        try:
            event = parse_event(payload or {}, source=topic)
        except PayloadError as exc:
            log.warning("relay: refused event: %s", exc)
            self.stats["refused"] += 1
            return
        if event.store != self.store:
            self.stats["refused"] += 1
            return
        if self.ledger.add(event.id, json.dumps(to_wire(event))):
            self.stats["recorded"] += 1

    def on_ack(self, topic: str, payload: dict | None) -> None:
        ids = (payload or {}).get("ids")
        if not isinstance(ids, list):
            return
        good = [i for i in ids[:chain_topics.MAX_ACK_IDS] if isinstance(i, str) and EVENT_ID.match(i)]
        self.stats["acked"] += self.ledger.ack(good)

    def resend_due(self) -> int:
        """One batch of the oldest unacknowledged events, sent again; how many."""
        rows = self.ledger.due(self.resend_after_s, chain_topics.MAX_RESEND_EVENTS)
        if not rows:
            return 0
        payload = {"v": 1, "ts": round(time.time(), 3), "events": [json.loads(b) for _, b in rows]}
        (self.cluster_bus or self.bus).publish(chain_topics.resend(self.store), payload, qos=1)
        self.ledger.mark_sent([i for i, _ in rows])
        self.stats["resent"] += len(rows)
        return len(rows)

    def run(self, stop: threading.Event, interval_s: float = 5.0) -> None:
        """Until ``stop``: resend what is due (a bounded batch per round), prune daily."""
        last_prune = 0.0
        while not stop.wait(interval_s):
            while self.resend_due() == chain_topics.MAX_RESEND_EVENTS and not stop.is_set():
                pass  # a backlog after a long cut drains in batches, bounded by its size
            if time.monotonic() - last_prune > 24 * 3600:
                self.ledger.prune()
                last_prune = time.monotonic()
