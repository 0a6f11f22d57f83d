"""Head office's event database: every store's anonymous events in PostgreSQL.

Idempotent by event id (``ON CONFLICT (id) DO NOTHING``): the bridge may redeliver, the
store relay resends what was not acknowledged, and each id is stored once.
A lost connection (database restart) is reopened once per call; if that fails too the
call raises, head office acknowledges nothing, and the stores' relays send again later.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping

from kiosk.errors import ConfigError, Location
from kiosk.insight.events import Event
from kiosk.insight.store import COLUMNS

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS chain_events (
  id TEXT PRIMARY KEY, ts DOUBLE PRECISION NOT NULL, store TEXT NOT NULL, mirror TEXT NOT NULL,
  zone TEXT NOT NULL, kind TEXT NOT NULL, visit TEXT, request TEXT, gtin TEXT, size TEXT,
  colourway TEXT, elapsed_s DOUBLE PRECISION, items INTEGER,
  received DOUBLE PRECISION NOT NULL);
CREATE INDEX IF NOT EXISTS chain_events_store_ts ON chain_events(store, ts);
CREATE TABLE IF NOT EXISTS chain_stores (store TEXT PRIMARY KEY, region TEXT NOT NULL);
"""


class ChainDatabase:
    def __init__(self, url: str):
        try:
            import psycopg  # noqa: PLC0415 (only head office needs it)
        except ImportError:
            raise ConfigError("head office needs the psycopg package", fix="pip install 'psycopg[binary]'") from None
        self._psycopg, self.url = psycopg, url
        self._lock = threading.Lock()
        self._conn = self._connect()
        self._conn.execute(SCHEMA)

    def _connect(self):
        try:
            return self._psycopg.connect(self.url, autocommit=True, connect_timeout=5)
        except self._psycopg.OperationalError as exc:
            raise ConfigError(f"cannot connect to PostgreSQL: {str(exc).strip()}",
                              location=Location(field="database_url"),
                              fix="check host, port, user and database in the chain config") from None

    def _run(self, work):
        """``work(conn)`` with one reconnect: a restarted database costs one retry, not a crash."""
        with self._lock:
            try:
                return work(self._conn)
            except self._psycopg.OperationalError as exc:
                log.warning("PostgreSQL connection lost (%s): reconnecting", str(exc).strip())
                self._conn.close()
                self._conn = self._connect()
                return work(self._conn)

    def add(self, events: Iterable[Event]) -> int:
        """Store events; how many were new."""
        now = time.time()
        rows = [(*(e.model_dump()[c] for c in COLUMNS), now) for e in events]
        if not rows:
            return 0
        sql = (f"INSERT INTO chain_events ({','.join(COLUMNS)},received) VALUES "
               f"({','.join(['%s'] * (len(COLUMNS) + 1))}) ON CONFLICT (id) DO NOTHING")

        def insert(conn) -> int:
            with conn.transaction(), conn.cursor() as cur:
                added = 0
                for row in rows:
                    cur.execute(sql, row)
                    added += cur.rowcount
                return added
        return self._run(insert)

    def set_regions(self, regions: Mapping[str, str]) -> None:
        def upsert(conn) -> None:
            with conn.transaction():
                for store, region in sorted(regions.items()):
                    conn.execute("INSERT INTO chain_stores VALUES (%s,%s) ON CONFLICT (store) DO "
                                 "UPDATE SET region=EXCLUDED.region", (store, region))
        self._run(upsert)

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self._run(lambda conn: conn.execute(sql, args).fetchall())

    def ids(self) -> set[str]:
        return {r[0] for r in self.query("SELECT id FROM chain_events")}

    def count(self) -> int:
        return self.query("SELECT COUNT(*) FROM chain_events")[0][0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()
