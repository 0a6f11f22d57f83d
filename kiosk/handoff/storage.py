"""SQLite storage of the hand-off service: snapshots under token hashes, phone sessions, orders.

Only hashes of secrets are stored (token id, phone session id), so a copied
database file cannot be replayed.  Single use is one atomic UPDATE guarded by
``redeemed_at IS NULL``.  Unredeemed snapshots vanish at expiry and opened
baskets ``SESSION_TTL_S`` after opening (``purge``); orders stay for the
store's retention period because staff need them to fulfil.

Two backends, one SQL text: SQLite (WAL) by default, PostgreSQL (psycopg 3) by
``postgresql://`` URL for a chain that runs one service for many stores.  Only
the placeholder style, the float type and the schema-creation call differ.

Every call waits at most ``BUSY_TIMEOUT_S`` (for the connection lock, and for the
database's own lock) and then raises ``StoreBusy``: the phone gets "try again in a
moment" instead of a request that hangs or a 500.

On PostgreSQL a connection the server dropped (a database restart, a failover) is
reopened and the statement run once more: the first call after the database is back
works, instead of every call failing on the dead connection until the service restarts.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import ConfigError, HandoffError, KioskError, Location
from kiosk.handoff.snapshot import Snapshot

SESSION_TTL_S = 30 * 60
# Long enough for any normal write to finish (they take milliseconds), short enough that a
# phone waiting behind a stuck lock hears "try again" well before its browser gives up.
BUSY_TIMEOUT_S = 2.0
# {real} is REAL in SQLite (8 bytes) and DOUBLE PRECISION in PostgreSQL (its REAL is 4
# bytes: a unix time would lose minutes).
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS handoffs (
  id_hash TEXT PRIMARY KEY, snapshot_id TEXT UNIQUE NOT NULL, store TEXT NOT NULL,
  mirror TEXT NOT NULL, snapshot TEXT NOT NULL, created_at {real} NOT NULL,
  expires_at {real} NOT NULL, redeemed_at {real}, session_hash TEXT UNIQUE, csrf TEXT)""",
    """CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY, id_hash TEXT NOT NULL, store TEXT NOT NULL, created_at {real} NOT NULL,
  fulfilment TEXT NOT NULL, lines TEXT NOT NULL, total TEXT NOT NULL, currency TEXT NOT NULL,
  address TEXT, status TEXT NOT NULL DEFAULT 'new')""",
    "CREATE INDEX IF NOT EXISTS handoffs_expiry ON handoffs (expires_at)",
)


SCHEMA_LOCK_ID = 0x6B696F736B   # "kiosk": the advisory lock that serialises schema creation


class StoreBusy(KioskError, RuntimeError):
    """The database did not answer within BUSY_TIMEOUT_S (locked or overloaded): retry soon.

    Not a HandoffError on purpose: callers that turn HandoffError into "refused" must let
    this one through to the "try again" answer."""


def _sqlite_busy(exc: Exception) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return isinstance(exc, sqlite3.OperationalError) and name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


@dataclass(frozen=True)
class OpenBasket:
    id_hash: str
    snapshot: Snapshot
    csrf: str
    redeemed_at: float


@dataclass(frozen=True)
class OrderRow:
    id: str
    fulfilment: str
    lines: list[dict]
    total: str
    currency: str
    address: dict | None
    status: str


class HandoffStore:
    def __init__(self, path: str | Path | None = None, *, connection=None,
                 integrity_error: type[Exception] = sqlite3.IntegrityError, postgres: bool = False,
                 is_busy: Callable[[Exception], bool] = _sqlite_busy,
                 reconnect: Callable[[], object] | None = None):
        """SQLite file at ``path``, or an open autocommit ``connection`` (psycopg 3);
        ``reconnect`` opens a fresh one when the server dropped it."""
        self._postgres = postgres
        self._reconnect = reconnect
        self._integrity = integrity_error
        self._is_busy = is_busy
        if connection is None:
            connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                                         timeout=BUSY_TIMEOUT_S)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        self._db = connection
        self._lock = threading.Lock()
        real = "DOUBLE PRECISION" if postgres else "REAL"
        if postgres:
            self._create_postgres_schema(real)
        else:
            for statement in SCHEMA:
                self._exec(statement.format(real=real), ())

    def _create_postgres_schema(self, real: str) -> None:
        # Two services starting together (a chain's pair behind one address, after a power
        # cut) both run CREATE TABLE IF NOT EXISTS, which PostgreSQL does not serialise: one
        # of them failed with a unique violation on pg_type (14 of 15 simultaneous starts).
        # One transaction behind an advisory lock makes the second wait, then find the tables.
        with self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_ID,))
            for statement in SCHEMA:
                self._db.execute(statement.format(real=real))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(self, id_hash: str, snapshot: Snapshot, now: float, expires_at: float) -> None:
        try:
            self._exec("INSERT INTO handoffs (id_hash, snapshot_id, store, mirror, snapshot, "
                       "created_at, expires_at) VALUES (?,?,?,?,?,?,?)",
                       (id_hash, snapshot.snapshot_id, snapshot.store, snapshot.mirror,
                        snapshot.model_dump_json(), now, expires_at))
        except self._integrity:
            raise HandoffError("snapshot already submitted", fix="send a new snapshot id") from None

    def redeem(self, id_hash: str, session_hash: str, csrf: str, now: float) -> bool:
        """Claim the token for one phone session; False if used, expired or unknown."""
        changed = self._exec("UPDATE handoffs SET redeemed_at=?, session_hash=?, csrf=? "
                             "WHERE id_hash=? AND redeemed_at IS NULL AND expires_at>?",
                             (now, session_hash, csrf, id_hash, now)).rowcount
        return changed == 1

    def session_owns(self, id_hash: str, session_hash: str) -> bool:
        row = self._one("SELECT 1 FROM handoffs WHERE id_hash=? AND session_hash=?",
                        (id_hash, session_hash))
        return row is not None

    def open_basket(self, store: str, session_hash: str, now: float) -> OpenBasket | None:
        row = self._one("SELECT id_hash, snapshot, csrf, redeemed_at FROM handoffs WHERE "
                        "store=? AND session_hash=? AND redeemed_at>?",
                        (store, session_hash, now - SESSION_TTL_S))
        if row is None:
            return None
        return OpenBasket(row[0], Snapshot.model_validate_json(row[1]), row[2], row[3])

    def add_order(self, store: str, order: OrderRow, id_hash: str, now: float) -> None:
        self._exec("INSERT INTO orders (id, id_hash, store, created_at, fulfilment, lines, total, "
                   "currency, address, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (order.id, id_hash, store, now, order.fulfilment, json.dumps(order.lines),
                    order.total, order.currency,
                    json.dumps(order.address) if order.address else None, order.status))

    def order_for(self, store: str, order_id: str, session_hash: str) -> OrderRow | None:
        row = self._one("SELECT o.id, o.fulfilment, o.lines, o.total, o.currency, o.address, "
                        "o.status FROM orders o JOIN handoffs h ON h.id_hash=o.id_hash "
                        "WHERE o.store=? AND o.id=? AND h.session_hash=?",
                        (store, order_id, session_hash))
        if row is None:
            return None
        return OrderRow(row[0], row[1], json.loads(row[2]), row[3], row[4],
                        json.loads(row[5]) if row[5] else None, row[6])

    def orders(self, store: str, since: float) -> list[tuple[float, OrderRow]]:
        """The back office's list: (created_at, order) newest first, addresses included."""
        rows = self._all("SELECT created_at, id, fulfilment, lines, total, currency, address, status "
                         "FROM orders WHERE store=? AND created_at>=? ORDER BY created_at DESC",
                         (store, since))
        return [(row[0], OrderRow(row[1], row[2], json.loads(row[3]), row[4], row[5],
                                  json.loads(row[6]) if row[6] else None, row[7])) for row in rows]

    def set_order_status(self, store: str, order_id: str, status: str) -> bool:
        return self._exec("UPDATE orders SET status=? WHERE store=? AND id=?",
                          (status, store, order_id)).rowcount == 1

    def purge(self, now: float, order_retention_s: float) -> int:
        """Forget unredeemed snapshots past expiry, opened baskets past the session TTL."""
        gone = self._exec("DELETE FROM handoffs WHERE (redeemed_at IS NULL AND expires_at<=?) "
                          "OR (redeemed_at IS NOT NULL AND redeemed_at<=? AND id_hash NOT IN "
                          "(SELECT id_hash FROM orders))", (now, now - SESSION_TTL_S)).rowcount
        gone += self._exec("DELETE FROM orders WHERE created_at<=?",
                           (now - order_retention_s,)).rowcount
        return gone

    def _exec(self, sql: str, params: tuple):
        return self._run(sql, params, lambda cur: cur)

    def _all(self, sql: str, params: tuple) -> list:
        return self._run(sql, params, lambda cur: cur.fetchall())

    def _one(self, sql: str, params: tuple):
        return self._run(sql, params, lambda cur: cur.fetchone())

    def _run(self, sql: str, params: tuple, result: Callable):
        sql = sql.replace("?", "%s") if self._postgres else sql
        with self._bounded() as db:
            try:
                return result(db.execute(sql, params))
            except Exception:
                if not self._dropped():
                    raise
            # The server closed the connection (restart): one fresh connection, one more try.
            # An autocommit statement cut off with its connection did not happen.
            self._db = self._fresh_connection()
            return result(self._db.execute(sql, params))

    def _dropped(self) -> bool:
        return self._reconnect is not None and bool(getattr(self._db, "closed", False))

    def _fresh_connection(self):
        try:
            self._db.close()
        except Exception:  # already dead
            pass
        assert self._reconnect is not None
        return self._reconnect()

    @contextmanager
    def _bounded(self) -> Iterator:
        """The connection, waited for at most BUSY_TIMEOUT_S; a locked database is StoreBusy."""
        # Without a timeout here every request queued behind one stuck statement would
        # wait for all the others' timeouts in turn.
        if not self._lock.acquire(timeout=BUSY_TIMEOUT_S):
            raise StoreBusy("hand-off database busy", fix="retry in a moment")
        try:
            yield self._db
        except Exception as exc:
            if self._is_busy(exc):
                raise StoreBusy("hand-off database busy", fix="retry in a moment") from None
            raise
        finally:
            self._lock.release()


def open_store(database_url: str, data_dir: Path) -> HandoffStore:
    """``sqlite:///relative/or/absolute.sqlite3`` (relative to data_dir) or ``postgresql://…``."""
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        path = path if path.is_absolute() else data_dir / path
        path.parent.mkdir(parents=True, exist_ok=True)
        return HandoffStore(path)
    if database_url.startswith(("postgresql://", "postgres://")):
        return _postgres_store(database_url)
    scheme = database_url.split(":", 1)[0]
    raise ConfigError(f"database scheme {scheme!r} is not supported",
                      location=Location(field="handoff.database_url"),
                      fix="use sqlite:///handoff.sqlite3 or postgresql://user@host/db (docs/handoff.md)")


def _postgres_store(url: str) -> HandoffStore:
    try:
        import psycopg  # noqa: PLC0415 (only chains need it)
    except ImportError:
        raise ConfigError("PostgreSQL needs the psycopg package", location=Location(field="handoff.database_url"),
                          fix="pip install 'psycopg[binary]'") from None
    try:
        connection = _pg_connect(psycopg, url)
    except psycopg.OperationalError as exc:
        raise ConfigError(f"cannot connect to PostgreSQL: {str(exc).strip()}",
                          location=Location(field="handoff.database_url"),
                          fix="check host, port, user and database in the URL") from None
    # Lock and statement timeouts, a lost connection: all OperationalError, all "retry"
    # (a dropped connection is reopened once per call; if that fails too, "retry").
    return HandoffStore(connection=connection, integrity_error=psycopg.IntegrityError, postgres=True,
                        is_busy=lambda exc: isinstance(exc, psycopg.OperationalError),
                        reconnect=lambda: _pg_connect(psycopg, url))


def _pg_connect(psycopg, url: str):
    connection = psycopg.connect(url, autocommit=True, connect_timeout=5)
    # PostgreSQL waits for a row lock forever by default; the same bound as SQLite's.
    connection.execute(f"SET lock_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return connection
