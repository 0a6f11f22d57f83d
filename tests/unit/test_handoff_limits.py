"""Issue #21's limits in small: who is rate-limited, what reaches a log line, how the
server is bounded (uvicorn settings, systemd LimitNOFILE), how long a locked database
is waited for.  The attacks themselves: tests/integration/test_handoff_abuse.py."""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from pathlib import Path

import pytest
from starlette.applications import Starlette

from kiosk.handoff.connections import DeadlineH11Protocol
from kiosk.handoff.logs import RedactRecords
from kiosk.handoff.ratelimit import RedeemLimits
from kiosk.handoff.server import MAX_CONNECTIONS, REQUEST_TIMEOUT_S, server_config
from kiosk.handoff.storage import BUSY_TIMEOUT_S, HandoffStore, StoreBusy

UNITS = Path(__file__).resolve().parents[2] / "config" / "systemd"
TOKEN = "AV6xc6TI54YNSraA9SkJ2b9rEskGlrbxWxAXHJ8VLDr0"


def test_guesses_exhaust_their_own_limits_never_a_real_codes():
    limits = RedeemLimits(per_minute=2)
    assert [limits.unknown("10.0.0.1", 0.0) for _ in range(3)] == [0, 0, 61]
    for i in range(600):  # the store-wide cap for guesses (50x, at least 600)
        limits.unknown(f"10.1.{i // 200}.{i % 200}", 1.0)
    assert limits.unknown("10.2.0.1", 2.0) > 0
    assert limits.genuine("hash-a", 2.0) == 0  # a real code is still answered
    assert [limits.genuine("hash-b", 3.0) for _ in range(3)] == [0, 0, 61]  # per token
    assert limits.unknown("10.2.0.2", 61.5) == 0  # the window slides


def record(msg: str, args: tuple, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, msg, args, exc_info)


def test_log_records_lose_tokens_and_cookies_but_keep_their_shape():
    access = record('%s - "%s %s HTTP/%s" %d', ("10.0.0.7:5120", "GET", f"/h/{TOKEN}?lang=fr", "1.1", 303))
    assert RedactRecords().filter(access)
    assert access.getMessage() == '10.0.0.7:5120 - "GET /h/<token>?lang=fr HTTP/1.1" 303'
    try:
        raise RuntimeError(f"session {TOKEN} of lea@example.org")
    except RuntimeError as exc:
        failed = record("failed: %s", (exc,), exc)
    RedactRecords().filter(failed)
    text = logging.Formatter().format(failed)
    assert "RuntimeError" in text and "Traceback" in text
    assert TOKEN not in text and "lea@example.org" not in text


def test_the_server_is_configured_to_bound_connections_and_requests():
    config = server_config(Starlette(), "127.0.0.1", 0)
    assert config.timeout_keep_alive <= 10 and config.limit_concurrency == MAX_CONNECTIONS
    assert config.h11_max_incomplete_event_size <= 16 * 1024
    assert isinstance(config.http, functools.partial) and config.http.func is DeadlineH11Protocol
    assert config.http.keywords["request_timeout_s"] == REQUEST_TIMEOUT_S <= 30


def unit_limit(name: str) -> int | None:
    for line in (UNITS / name).read_text().splitlines():
        if line.startswith("LimitNOFILE="):
            return int(line.split("=", 1)[1])
    return None


@pytest.mark.parametrize("name", sorted(p.name for p in UNITS.glob("*.service")))
def test_every_unit_caps_its_file_descriptors(name):
    assert unit_limit(name) is not None, f"{name} sets no LimitNOFILE"


def test_the_handoff_unit_leaves_room_above_the_connection_limit():
    assert unit_limit("smart-mirror-handoff.service") >= 2 * MAX_CONNECTIONS


def test_a_locked_database_is_store_busy_after_a_bounded_wait(tmp_path):
    store = HandoffStore(tmp_path / "handoff.sqlite3")
    locker = sqlite3.connect(tmp_path / "handoff.sqlite3", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    try:
        with pytest.raises(StoreBusy):
            store.redeem("id-hash", "session-hash", "csrf", 0.0)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert time.monotonic() - started < 4 * BUSY_TIMEOUT_S
    assert store.redeem("id-hash", "session-hash", "csrf", 0.0) is False  # usable again
    store.close()
