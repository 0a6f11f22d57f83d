"""SQLite event store (WAL): one per mirror, or one per store for the collector.

Events are idempotent by id (``INSERT OR IGNORE``), so a resend or an event
heard both locally and over MQTT is counted once.  The report reads plain
``EventRow`` tuples: building a pydantic model per row would cost more than
the whole report.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from kiosk.errors import KioskError, Location
from kiosk.insight.events import Event

COLUMNS = ("id", "ts", "store", "mirror", "zone", "kind", "visit", "request", "gtin", "size",
           "colourway", "elapsed_s", "items")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, ts REAL NOT NULL, store TEXT NOT NULL, mirror TEXT NOT NULL,
  zone TEXT NOT NULL, kind TEXT NOT NULL, visit TEXT, request TEXT, gtin TEXT, size TEXT,
  colourway TEXT, elapsed_s REAL, items INTEGER, published INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
CREATE INDEX IF NOT EXISTS events_request ON events(request) WHERE request IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_unpublished ON events(published) WHERE published = 0;
CREATE TABLE IF NOT EXISTS product_names (gtin TEXT PRIMARY KEY, name TEXT NOT NULL);
"""


class EventRow(NamedTuple):
    id: str
    ts: float  # epoch seconds, UTC
    store: str
    mirror: str
    zone: str
    kind: str
    visit: str | None
    request: str | None
    gtin: str | None
    size: str | None
    colourway: str | None
    elapsed_s: float | None
    items: int | None


class InsightStoreError(KioskError, OSError):
    """The event database cannot be opened or written."""


class EventStore:
    """Thread-safe: the UI thread records, paho's thread records claims and acks."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        """``read_only``: the report's way in: never creates or alters a database (so a
        wrong ``--db``, say the basket file, is refused instead of gaining tables)."""
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self._db = self._open_read_only() if read_only else self._open()
        except (sqlite3.Error, OSError) as exc:
            raise InsightStoreError(f"cannot open event database: {exc}",
                                    location=Location(str(path)),
                                    fix="check the path names an event database made by the "
                                        "kiosk and that its folder is writable (data_dir)") from None

    def _open(self) -> sqlite3.Connection:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # usage stats: a lost last event is fine
        db.executescript(SCHEMA)
        return db

    def _open_read_only(self) -> sqlite3.Connection:
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                             check_same_thread=False)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"events", "product_names"} <= tables:
            db.close()
            raise sqlite3.DatabaseError("no events table: not an event database")
        return db

    def add(self, event: Event, *, published: bool = False) -> bool:
        """Store one event; False if its id was already stored."""
        return self.add_many([event], published=published) == 1

    def add_many(self, events: Iterable[Event], *, published: bool = False) -> int:
        rows = [(*_row_values(e), int(published)) for e in events]
        marks = ",".join("?" * (len(COLUMNS) + 1))
        with self._lock, self._db:
            before = self._db.total_changes
            self._db.executemany(
                f"INSERT OR IGNORE INTO events ({','.join(COLUMNS)},published) VALUES ({marks})", rows)
            return self._db.total_changes - before

    def rows(self, since: datetime | None = None, until: datetime | None = None, *,
             mirrors: Iterable[str] | None = None) -> list[EventRow]:
        sql, args = f"SELECT {','.join(COLUMNS)} FROM events WHERE ts >= ? AND ts < ?", [
            since.timestamp() if since else 0.0, until.timestamp() if until else 1e12]
        wanted = sorted(set(mirrors or ()))
        if wanted:
            sql += f" AND mirror IN ({','.join('?' * len(wanted))})"
            args += wanted
        try:
            with self._lock:
                return [EventRow(*r) for r in self._db.execute(sql + " ORDER BY ts, id", args)]
        except sqlite3.Error as exc:
            raise InsightStoreError(f"cannot read events: {exc}", location=Location(str(self.path)),
                                    fix="the database may come from another kiosk version: "
                                        "report with that version, or collect again") from None

    def unpublished(self, limit: int = 500) -> list[str]:
        with self._lock:
            cur = self._db.execute("SELECT id FROM events WHERE published = 0 ORDER BY ts LIMIT ?",
                                   (limit,))
            return [r[0] for r in cur]

    def event(self, event_id: str) -> EventRow | None:
        with self._lock:
            row = self._db.execute(f"SELECT {','.join(COLUMNS)} FROM events WHERE id = ?",
                                   (event_id,)).fetchone()
        return EventRow(*row) if row else None

    def request_kinds(self, request: str) -> set[str]:
        """Which event kinds are already stored for one size request (restart-safe dedupe)."""
        with self._lock:
            return {r[0] for r in self._db.execute(
                "SELECT DISTINCT kind FROM events WHERE request = ?", (request,))}

    def mark_published(self, event_id: str) -> None:
        with self._lock, self._db:
            self._db.execute("UPDATE events SET published = 1 WHERE id = ?", (event_id,))

    def prune(self, older_than: datetime) -> int:
        """Delete events before ``older_than`` (retention); returns how many went."""
        with self._lock, self._db:
            return self._db.execute("DELETE FROM events WHERE ts < ?",
                                    (older_than.timestamp(),)).rowcount

    def set_product_names(self, names: Mapping[str, str]) -> None:
        """GTIN -> product title from the catalogue, so the report names what was asked for."""
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO product_names VALUES (?, ?)",
                                 sorted(names.items()))

    def product_names(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT gtin, name FROM product_names"))

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _row_values(event: Event) -> tuple:
    data = event.model_dump()
    return tuple(data[c] for c in COLUMNS)
