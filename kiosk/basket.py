"""The shopper's basket for one mirror session, persisted in SQLite while the session lives.

Why SQLite for something this small: a kiosk crash or restart mid-session
must not lose the basket the shopper is about to send to their phone, and
must not keep it either: ``BasketStore`` wipes every basket it finds at
start-up (a basket belongs to a session, and sessions do not survive a
restart), and ``Basket.wipe`` runs from the session's wipe listener when the
shopper leaves (docs/privacy.md).  Lines are GTIN-14 + quantity: no prices (the
catalogue prices them), nothing about the shopper.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.catalogue.gtin import GtinError, normalise_gtin
from kiosk.errors import KioskError, Location

MAX_LINES = 30
MAX_QUANTITY = 10
_SCHEMA = """CREATE TABLE IF NOT EXISTS basket_lines (
  session TEXT NOT NULL, gtin TEXT NOT NULL, quantity INTEGER NOT NULL, added_at REAL NOT NULL,
  PRIMARY KEY (session, gtin))"""


class BasketError(KioskError, ValueError):
    """A basket change was refused (bad GTIN, too many items …)."""


class TooManyOfOne(BasketError):
    """More than ``MAX_QUANTITY`` of one item."""


class BasketFull(BasketError):
    """A new line in a basket that already holds ``MAX_LINES`` different items."""


@dataclass(frozen=True)
class BasketLine:
    gtin: str
    quantity: int


class BasketStore:
    """One SQLite file (or ``:memory:``) holding the live basket of each session."""

    def __init__(self, path: str | Path = ":memory:"):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            # Deleted rows are overwritten with zeros, not just unlinked: a wiped basket must
            # not stay readable in free pages of the file (tests/privacy/test_privacy_wipe.py).
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute(_SCHEMA)
        self.wipe_all()  # leftovers of a crashed session

    def basket(self, session_id: str) -> Basket:
        return Basket(self, session_id)

    def wipe_all(self) -> None:
        self._run("DELETE FROM basket_lines", ())
        self.purge_journal()

    def purge_journal(self) -> None:
        """Copy the zeroed pages into the file and empty the WAL, which still holds the old
        page images until a checkpoint: after this no wiped line is left on disk."""
        self._run("PRAGMA wal_checkpoint(TRUNCATE)", ())

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()


class Basket:
    def __init__(self, store: BasketStore, session_id: str):
        if not session_id:
            raise BasketError("a basket needs a session", fix="start a session before adding items")
        self._store = store
        self.session_id = session_id

    @property
    def lines(self) -> tuple[BasketLine, ...]:
        rows = self._store._run("SELECT gtin, quantity FROM basket_lines WHERE session=? "
                                "ORDER BY added_at, gtin", (self.session_id,))
        return tuple(BasketLine(gtin, quantity) for gtin, quantity in rows)

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def quantity(self, gtin: str) -> int:
        return next((line.quantity for line in self.lines if line.gtin == _gtin(gtin)), 0)

    def add(self, gtin: str, quantity: int = 1) -> int:
        """Add ``quantity`` of an item; returns the new quantity of that line."""
        code = _gtin(gtin)
        return self.set_quantity(code, self.quantity(code) + quantity)

    def set_quantity(self, gtin: str, quantity: int) -> int:
        code = _gtin(gtin)
        if quantity <= 0:
            self.remove(code)
            return 0
        if quantity > MAX_QUANTITY:
            raise TooManyOfOne(f"at most {MAX_QUANTITY} of one item", location=Location(field="quantity"),
                              fix="ask staff for larger quantities")
        if not self.quantity(code) and len(self.lines) >= MAX_LINES:
            raise BasketFull(f"a basket holds at most {MAX_LINES} different items",
                              fix="send this basket to your phone, then start another")
        self._store._run("INSERT INTO basket_lines (session, gtin, quantity, added_at) VALUES (?,?,?,?) "
                         "ON CONFLICT(session, gtin) DO UPDATE SET quantity=excluded.quantity",
                         (self.session_id, code, quantity, time.monotonic()))
        return quantity

    def remove(self, gtin: str) -> None:
        self._store._run("DELETE FROM basket_lines WHERE session=? AND gtin=?",
                         (self.session_id, _gtin(gtin)))

    def wipe(self) -> None:
        """Forget the whole basket (the session's wipe listener calls this)."""
        self._store._run("DELETE FROM basket_lines WHERE session=?", (self.session_id,))
        self._store.purge_journal()


def _gtin(code: str) -> str:
    try:
        return normalise_gtin(code)
    except GtinError as exc:
        raise BasketError(str(exc), location=Location(field="gtin"), fix=exc.fix) from None
