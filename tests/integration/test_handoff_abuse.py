"""Issue #21's probe replayed against a real uvicorn on loopback (127.0.0.0/8 only):
a guessing flood must not lock shoppers out (finding 4), a locked database must neither
stall the event loop nor put a token in a log (5), and half-open connections must not
pile up (10)."""

from __future__ import annotations

import logging
import secrets
import select
import socket
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest

from kiosk.basket import BasketStore
from kiosk.handoff.client import HandoffClient
from kiosk.handoff.server import start_in_process
from kiosk.handoff.storage import BUSY_TIMEOUT_S
from kiosk.handoff.tokens import TOKEN_CHARS
from kiosk.handoff.web import create_app
from tests.support.handoff import MIRROR, SHIRT, STORE, FakeClock, make_keys, make_service

pytestmark = pytest.mark.integration
PER_MINUTE = 20  # the config default: per address, per token; 50x store-wide for guesses


@contextmanager
def serving(tmp_path, **server_settings):
    """The real app on a real uvicorn with the production settings, except those given."""
    keys = make_keys()
    service = make_service(tmp_path, keys=keys, clock=FakeClock())  # limits never roll over
    server = start_in_process(create_app(service, keys.mirror_keys, PER_MINUTE), **server_settings)
    service.public_url = server.url
    try:
        yield server, service, HandoffClient(server.url, STORE, MIRROR, keys.mirror_keys[MIRROR])
    finally:
        server.stop()
        service.db.close()


def new_code(client: HandoffClient) -> str:
    items = BasketStore().basket("session-1")
    items.add(SHIRT)
    return client.create(items).url


def phone(base_url: str, address: str = "127.0.0.1") -> httpx.Client:
    """A phone at its own loopback address (Linux routes all of 127.0.0.0/8 to lo)."""
    return httpx.Client(base_url=base_url, transport=httpx.HTTPTransport(local_address=address))


def guesses(base_url: str, address: str, count: int) -> list[int]:
    with phone(base_url, address) as guesser:
        return [guesser.get("/h/" + secrets.token_urlsafe(33)[:TOKEN_CHARS]).status_code
                for _ in range(count)]


def test_a_guessing_flood_from_60_addresses_never_locks_out_a_shopper(tmp_path):
    with serving(tmp_path) as (server, _service, client):
        codes = [new_code(client), new_code(client)]
        addresses = [f"127.0.1.{i}" for i in range(1, 61)]
        with ThreadPoolExecutor(8) as pool:
            flood = [code for batch in pool.map(lambda a: guesses(server.url, a, 20), addresses)
                     for code in batch]
        assert len(flood) == 1200 and flood.count(429) == 200  # the store-wide cap slowed guessing
        with phone(server.url, "127.0.2.1") as late_guesser:
            assert late_guesser.get("/h/" + "A" * TOKEN_CHARS).status_code == 429
        # a fresh phone, and one behind the attacker's own address: both open their basket
        for address, url in zip(("127.0.2.2", addresses[0]), codes, strict=True):
            with phone(server.url, address) as shopper:
                assert shopper.get(url).status_code == 303
                assert shopper.get("/basket").status_code == 200


def test_a_hammered_real_code_waits_per_token_and_the_basket_is_kept(tmp_path):
    with serving(tmp_path) as (server, _service, client):
        url = new_code(client)
        with phone(server.url, "127.0.3.1") as shopper, phone(server.url, "127.0.3.2") as other:
            assert shopper.get(url).status_code == 303
            codes = [other.get(url).status_code for _ in range(PER_MINUTE + 5)]
            assert codes == [410] * (PER_MINUTE - 1) + [429] * 6  # answered, then made to wait
            wait = shopper.get(url, params={"lang": "fr"})
            assert wait.status_code == 429 and 1 <= int(wait.headers["retry-after"]) <= 61
            assert "Votre panier est bien gardé" in wait.text
            assert f'http-equiv="refresh" content="{wait.headers["retry-after"]}"' in wait.text
            assert shopper.get("/basket").status_code == 200  # nothing was lost meanwhile


_PHONE_SIDE = ("httpx", "httpcore")  # the test's own phones log their URLs: not the service


@contextmanager
def captured_logs():
    """Every line the service's loggers emit, formatted with tracebacks (uvicorn's loggers
    do not propagate to the root, so they are listened to directly)."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            if not record.name.startswith(_PHONE_SIDE):
                lines.append(self.format(record))

    keep, root = Keep(logging.DEBUG), logging.getLogger()
    keep.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    listened = [root, logging.getLogger("uvicorn"), logging.getLogger("uvicorn.access")]
    level, root.level = root.level, logging.INFO
    for logger in listened:
        logger.addHandler(keep)
    try:
        yield lines
    finally:
        for logger in listened:
            logger.removeHandler(keep)
        root.setLevel(level)


def timed_get(url: str, **kwargs) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    return httpx.get(url, timeout=30, **kwargs), time.monotonic() - started


def test_a_locked_database_answers_busy_fast_and_never_stalls_the_loop(tmp_path):
    with serving(tmp_path) as (server, _service, client), captured_logs() as lines:
        url = new_code(client)
        locker = sqlite3.connect(tmp_path / "handoff.sqlite3", isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process holding the write lock
        scanned: list = []
        scan = threading.Thread(target=lambda: scanned.append(timed_get(url, params={"lang": "zh_CN"})))
        scan.start()
        health = []
        while scan.is_alive():
            response, took = timed_get(f"{server.url}/healthz")
            health.append(took)
            assert response.status_code == 200
            time.sleep(0.05)
        scan.join()
        locker.execute("ROLLBACK")
        locker.close()
        (page, took), = scanned
        with httpx.Client(base_url=server.url) as retry:  # what the page's own refresh does
            assert retry.get(url).status_code == 303 and retry.get("/basket").status_code == 200
    assert page.status_code == 503 and page.headers["retry-after"].isdigit()
    assert "您的购物袋已为您保留" in page.text and 'http-equiv="refresh"' in page.text
    assert took < 4 * BUSY_TIMEOUT_S  # bounded wait (measured: about BUSY_TIMEOUT_S)
    assert len(health) >= 3 and max(health) < 1.5  # the loop kept serving (measured: ~10 ms)
    assert any("busy" in line for line in lines)
    assert not any(url.rsplit("/", 1)[1] in line for line in lines)


def test_no_token_cookie_or_address_in_any_log_line_on_error_paths(tmp_path):
    with serving(tmp_path, access_log=True, log_level="info") as (server, service, client), \
            captured_logs() as lines, httpx.Client(base_url=server.url) as shopper:
        url = new_code(client)
        token = url.rsplit("/", 1)[1]
        assert shopper.get(url).status_code == 303
        cookie = shopper.cookies["basket"]

        def quoting_failure(*args):  # a driver error that echoes its input, as some do
            raise RuntimeError(f"cannot use {token} {args} lea.martin@example.org")

        service.db.redeem = service.db.open_basket = quoting_failure
        assert shopper.get(url).status_code == 500
        # uvicorn drops the connection after a 500: the next page comes on a new one
        assert httpx.get(f"{server.url}/basket", cookies={"basket": cookie}).status_code == 500
    text = "\n".join(lines)
    assert "GET /h/" in text and "Traceback" in text and "RuntimeError" in text  # all were logged
    for secret in (token, cookie, "lea.martin@example.org"):
        assert secret not in text


def closed_within(sock: socket.socket, deadline: float) -> float | None:
    """Seconds until the server closed ``sock`` (EOF or reset), None if still open at deadline."""
    sock.settimeout(max(0.01, deadline - time.monotonic()))
    try:
        sock.recv(1024)
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic()


def test_half_open_connections_are_closed_and_a_shopper_is_still_served(tmp_path):
    timeout_s = 1.0  # production: REQUEST_TIMEOUT_S; short here to keep the test quick
    with serving(tmp_path, request_timeout_s=timeout_s) as (server, _service, client):
        port = int(server.url.rsplit(":", 1)[1])
        opened = time.monotonic()
        held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(200)]
        for sock in held[::2]:  # half say nothing, half never finish their headers
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: mirror\r\n")
        with httpx.Client(base_url=server.url) as shopper:
            assert shopper.get(new_code(client)).status_code == 303
            assert shopper.get("/basket").status_code == 200
        deadline = opened + timeout_s + 15
        closed_at = [closed_within(sock, deadline) for sock in held]
        for sock in held:
            sock.close()
    lived = [at - opened for at in closed_at if at is not None]
    assert len(lived) == 200, f"{200 - len(lived)} connections still open after {deadline - opened:.0f} s"
    assert min(lived) >= timeout_s * 0.9  # closed by the deadline, not refused on arrival


def test_a_request_trickled_byte_by_byte_is_cut_off_at_its_deadline(tmp_path):
    timeout_s = 1.0
    with serving(tmp_path, request_timeout_s=timeout_s) as (server, *_):
        port = int(server.url.rsplit(":", 1)[1])
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        trickle = b"GET /healthz HTTP/1.1\r\nHost: mirror\r\nX-Slow: " + b"a" * 400
        started, cut_after = time.monotonic(), None
        for byte in trickle:  # one byte every 50 ms: 20 s for the whole request
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable or not _sent(sock, bytes([byte])):
                cut_after = time.monotonic() - started
                break
        sock.close()
    assert cut_after is not None and cut_after < timeout_s + 10


def _sent(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True
