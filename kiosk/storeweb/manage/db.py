"""The back office's own SQLite file (``back_office.db`` in the data dir).

``audit``: who signed in, uploaded, published, rolled back or signed others out, and
when; never a password or a cookie.  ``detail`` is one plain line; ``data`` (JSON, added
later: older files get the column) keeps the facts the Audit log page puts into a sentence.  ``versions``: every catalogue published from here,
as the exact notice sent, so a roll back republishes the same bytes the mirrors once
verified (same version hash: the mirrors swap back to it).  One connection behind a lock:
the service is one process and writes are a few a day.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, ts REAL NOT NULL, who TEXT NOT NULL,
    role TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS versions (version TEXT PRIMARY KEY, ts REAL NOT NULL,
    who TEXT NOT NULL, styles INTEGER NOT NULL, variants INTEGER NOT NULL,
    source TEXT NOT NULL, notice TEXT NOT NULL);
"""
KEEP_VERSIONS = 10  # what roll back offers; older notices are deleted (each can be MBs)


@dataclass(frozen=True)
class AuditEntry:
    ts: float
    who: str
    role: str
    action: str
    detail: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Version:
    version: str
    ts: float
    who: str
    styles: int
    variants: int
    source: str


class BackOfficeDb:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @property
    def _db(self) -> sqlite3.Connection:
        """Opened on first use (under the lock): a service nobody signs in to writes no file."""
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(str(self.path), check_same_thread=False,
                                               isolation_level=None)
            self._connection.executescript(SCHEMA)
            columns = {row[1] for row in self._connection.execute("PRAGMA table_info(audit)")}
            if "data" not in columns:   # a file from before the column
                self._connection.execute("ALTER TABLE audit ADD COLUMN data TEXT NOT NULL DEFAULT '{}'")
        return self._connection

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def record(self, ts: float, who: str, role: str, action: str, detail: str,
               data: dict[str, Any] | None = None) -> None:
        facts = json.dumps(data or {}, separators=(",", ":"), default=str)[:4000]
        with self._lock:
            self._db.execute("INSERT INTO audit (ts, who, role, action, detail, data) VALUES (?,?,?,?,?,?)",
                             (ts, who, role, action, detail[:500], facts))

    def audit(self, limit: int = 200) -> list[AuditEntry]:
        with self._lock:
            rows = self._db.execute("SELECT ts, who, role, action, detail, data FROM audit "
                                    "ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [AuditEntry(ts, who, role, action, detail, _facts(data))
                for ts, who, role, action, detail, data in rows]

    def save_version(self, notice: dict[str, Any], *, ts: float, who: str, styles: int,
                     variants: int, source: str) -> None:
        """Newest first; publishing a known version again moves it to the top."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO versions VALUES (?,?,?,?,?,?,?)",
                             (notice["version"], ts, who, styles, variants, source[:200],
                              json.dumps(notice, separators=(",", ":"))))
            self._db.execute("DELETE FROM versions WHERE version NOT IN (SELECT version FROM "
                             "versions ORDER BY ts DESC LIMIT ?)", (KEEP_VERSIONS,))

    def versions(self) -> list[Version]:
        with self._lock:
            rows = self._db.execute("SELECT version, ts, who, styles, variants, source FROM "
                                    "versions ORDER BY ts DESC").fetchall()
        return [Version(*row) for row in rows]

    def notice(self, version: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT notice FROM versions WHERE version = ?",
                                   (version,)).fetchone()
        return json.loads(row[0]) if row else None


def _facts(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:   # cut at 4000 characters: the sentence falls back to the detail line
        return {}
    return value if isinstance(value, dict) else {}
