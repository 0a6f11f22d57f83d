"""Durable outbox: a message is on disk before it is published, and marked sent only on
the broker's acknowledgement, so a crash, a power cut or a broker outage loses nothing.

``DurableBus`` wraps any Bus: QoS >= 1 publishes go through the SQLite outbox
(WAL, synchronous=FULL), unacknowledged rows are resent at start and after
every reconnect.  Receivers dedupe by the ids inside payloads, so a resend
after a crash (published but ack not yet recorded) is harmless.
For retained topics only the newest unsent message matters: a newer one
supersedes older rows of the same topic.
A row whose sending raises (rather than waiting for the broker) would raise
again on every flush and block the rows behind it: it is quarantined (kept on
disk, never resent), logged and counted, and the rest keeps flowing.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import Location, MessagingError
from kiosk.messaging.bus import Bus, Handler, Payload, encode, expiry_interval

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    msg_id TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL,
    payload BLOB NOT NULL,
    qos INTEGER NOT NULL,
    retain INTEGER NOT NULL,
    expires_at REAL,
    created REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'  -- pending | sent | superseded | refused | expired | quarantined
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(state, seq);
"""


@dataclass(frozen=True)
class Row:
    msg_id: str
    topic: str
    payload: bytes
    qos: int
    retain: bool
    expires_at: float | None


class Outbox:
    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time):
        self.path, self.clock = Path(path), clock
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise MessagingError(f"cannot open the outbox: {exc}", location=Location(str(path)),
                                 fix="check data_dir exists, is writable and the disk is not full") from None

    def add(self, msg_id: str, topic: str, payload: bytes, qos: int = 1, retain: bool = False,
            expiry_s: float | None = None) -> bool:
        """Store a message durably; False if this msg_id was already stored (idempotent)."""
        now, interval = self.clock(), expiry_interval(expiry_s)
        try:
            with self._lock, self._db:
                if retain:
                    self._db.execute("UPDATE outbox SET state='superseded'"
                                     " WHERE topic=? AND state='pending'", (topic,))
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO outbox (msg_id, topic, payload, qos, retain, expires_at,"
                    " created) VALUES (?,?,?,?,?,?,?)",
                    (msg_id, topic, payload, qos, int(retain), now + interval if interval else None, now))
                return cursor.rowcount == 1
        except sqlite3.Error as exc:  # disk full, read-only, corrupt: nothing was sent
            raise MessagingError(f"could not store the message for {topic}: {exc}",
                                 location=Location(str(self.path)),
                                 fix="free disk space in data_dir or check it is writable") from None

    def mark(self, msg_id: str, state: str) -> None:
        with self._lock:
            self._db.execute("UPDATE outbox SET state=? WHERE msg_id=? AND state='pending'",
                             (state, msg_id))

    def pending(self) -> list[Row]:
        now = self.clock()
        with self._lock:
            self._db.execute("UPDATE outbox SET state='expired' WHERE state='pending' AND expires_at<=?",
                             (now,))
            rows = self._db.execute("SELECT msg_id, topic, payload, qos, retain, expires_at FROM outbox"
                                    " WHERE state='pending' ORDER BY seq").fetchall()
        return [Row(m, t, bytes(p), q, bool(r), e) for m, t, p, q, r, e in rows]

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())

    def prune(self, older_than_s: float = 24 * 3600) -> None:
        with self._lock:
            self._db.execute("DELETE FROM outbox WHERE state!='pending' AND created<?",
                             (self.clock() - older_than_s,))

    def close(self) -> None:
        with self._lock:
            self._db.close()


class DurableBus:
    """A Bus whose QoS >= 1 publishes survive crashes and outages (see module doc)."""

    def __init__(self, bus: Bus, outbox: Outbox):
        self.bus, self.outbox = bus, outbox
        self._in_flight: set[str] = set()
        self._lock = threading.Lock()
        self.stats = {"quarantined": 0}
        add_listener = getattr(bus, "add_connect_listener", None)
        if add_listener:
            add_listener(self.flush)

    def publish(self, topic: str, payload: Payload, qos: int = 1, retain: bool = False, *,
                expiry_s: float | None = None, on_ack=None, msg_id: str | None = None) -> str:
        msg_id = msg_id or uuid.uuid4().hex
        raw = encode(payload)
        if qos == 0:
            self.bus.publish(topic, raw, 0, retain, expiry_s=expiry_s, on_ack=on_ack)
            return msg_id
        if self.outbox.add(msg_id, topic, raw, qos, retain, expiry_s):
            self._send(Row(msg_id, topic, raw, qos, retain, None), expiry_s, on_ack)
        return msg_id

    def subscribe(self, topic_filter: str, handler: Handler, **kwargs) -> None:
        self.bus.subscribe(topic_filter, handler, **kwargs)

    def flush(self) -> int:
        """Resend every unacknowledged message not already in flight in this process."""
        now = self.outbox.clock()
        rows = [r for r in self.outbox.pending() if r.msg_id not in self._in_flight]
        for row in rows:
            remaining = row.expires_at - now if row.expires_at else None
            self._send(row, remaining, None)
        if rows:
            log.info("outbox: resent %d unacknowledged message(s)", len(rows))
        return len(rows)

    def _send(self, row: Row, expiry_s: float | None, on_ack) -> None:
        with self._lock:
            self._in_flight.add(row.msg_id)

        def acked(accepted: bool) -> None:
            self.outbox.mark(row.msg_id, "sent" if accepted else "refused")
            with self._lock:
                self._in_flight.discard(row.msg_id)
            if not accepted:
                log.error("broker refused %s (check the ACL for this client)", row.topic)
            if on_ack:
                on_ack(accepted)

        try:
            self.bus.publish(row.topic, row.payload, row.qos, row.retain, expiry_s=expiry_s, on_ack=acked)
        except Exception:  # an outage never raises (paho queues): this row is broken, not the link
            self._quarantine(row)

    def _quarantine(self, row: Row) -> None:
        self.outbox.mark(row.msg_id, "quarantined")
        with self._lock:
            self._in_flight.discard(row.msg_id)
            self.stats["quarantined"] += 1
        log.exception("outbox: quarantined message %s for %s (kept on disk, not resent)",
                      row.msg_id, row.topic)
