"""Assemble the hand-off service from a store config and run it (foreground or in-process).

``start_in_process`` is what the demo uses: uvicorn on a background thread,
returning a ``RunningServer`` with ``.url`` and ``.stop()``.  Both ways of running
take their uvicorn settings from ``server_config`` (timeouts, limits, log redaction).
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.config import StoreConfig
from kiosk.errors import ConfigError, HandoffError, Location
from kiosk.handoff import logs
from kiosk.handoff.catalogue_lookup import catalogue_lookup, load_id_map
from kiosk.handoff.connections import DeadlineH11Protocol
from kiosk.handoff.service import HandoffService
from kiosk.handoff.storage import open_store
from kiosk.handoff.tokens import TokenSigner
from kiosk.handoff.web import create_app
from kiosk.messaging.bus import Bus

log = logging.getLogger(__name__)
# A phone sends a whole request (<= 16 KB body) in well under a second even on a poor
# network; a client that has not in this time is holding a connection, not using it.
REQUEST_TIMEOUT_S = 10.0
KEEP_ALIVE_S = 5
# Concurrent connections + requests before uvicorn answers 503; the systemd unit's
# LimitNOFILE leaves room above it for the database, logs and the broker.
MAX_CONNECTIONS = 1000
MAX_HEADER_BYTES = 8 * 1024  # our URLs and cookies are short; h11's default is 16 KB


@dataclass
class Keys:
    token_key: bytes
    mirror_keys: dict[str, bytes]


def build_app(config: StoreConfig, keys: Keys, *, bus: Bus | None = None,
              catalogue: Catalogue | Callable[[], Catalogue | None] | None = None,
              public_url: str | None = None,
              clock=time.time) -> tuple[HandoffService, Starlette]:
    section = config.handoff
    catalogue_path = config.resolve(config.catalogue.path)
    catalogue = catalogue or load_catalogue(catalogue_path)
    id_map = load_id_map(config.resolve(section.checkout.id_map_file)) if section.checkout.id_map_file else {}
    lookup = catalogue_lookup(catalogue, catalogue_path.parent, id_map)
    service = HandoffService(
        store_id=config.store.id, currency=config.store.currency,
        public_url=(public_url or section.base_url).rstrip("/"),
        signer=TokenSigner({1: keys.token_key}, 1),
        db=open_store(section.database_url, config.resolve(config.data_dir)),
        lookup=lookup, image_file=lookup.image_file,
        checkout_config=section.checkout, bus=bus, clock=clock, ttl_s=section.token_ttl_s,
        order_retention_s=section.order_retention_days * 86400.0)
    app = create_app(service, keys.mirror_keys, section.redeem_per_minute, config.store.name,
                     config.store.default_language)
    return service, app


def keys_from_config(config: StoreConfig) -> Keys:
    section = config.handoff
    token_key = read_hex_secret(section.token_key_env, section.token_key_file, "handoff.token_key", config)
    if not section.mirror_keys_file:
        raise ConfigError("no mirror keys", location=Location(config.source_path, field="handoff.mirror_keys_file"),
                          fix="list 'mirror-id hex-key' lines in a file and name it here")
    return Keys(token_key, read_mirror_keys(config.resolve(section.mirror_keys_file)))


def read_hex_secret(env: str | None, file: str | None, field: str, config: StoreConfig) -> bytes:
    """A hex secret from an environment variable or a file (never from the config itself)."""
    where = Location(config.source_path, field=field)
    text = os.environ.get(env, "") if env else ""
    if not text and file:
        path = config.resolve(file)
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise ConfigError("secret is not hex", location=where, fix="write 64 hex characters") from None
    if len(key) < 32:
        raise ConfigError("secret missing or shorter than 32 bytes", location=where,
                          fix="python -c 'import secrets;print(secrets.token_hex(32))' > the file, "
                              "and set *_env or *_file")
    return key


def read_mirror_keys(path: Path) -> dict[str, bytes]:
    if not path.is_file():
        raise ConfigError("mirror keys file not found", location=Location(str(path)),
                          fix="one 'mirror-id hex-key' line per mirror")
    keys: dict[str, bytes] = {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        try:
            key = bytes.fromhex(parts[1]) if len(parts) == 2 else b""
        except ValueError:
            key = b""
        if len(key) < 32:
            raise ConfigError("expected 'mirror-id hex-key' with a key of >= 32 bytes",
                              location=Location(str(path), line_no), fix="fix or delete this line")
        keys[parts[0]] = key
    return keys


@dataclass
class RunningServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self, timeout: float = 5.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)


def server_config(app: Starlette, host: str, port: int, *, log_level: str = "warning",
                  access_log: bool = False, request_timeout_s: float = REQUEST_TIMEOUT_S,
                  max_connections: int = MAX_CONNECTIONS) -> uvicorn.Config:
    """uvicorn settings for the internet-facing service (h11: the guarded protocol)."""
    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level, lifespan="off", access_log=access_log,
        http=functools.partial(DeadlineH11Protocol, request_timeout_s=request_timeout_s),
        timeout_keep_alive=KEEP_ALIVE_S, limit_concurrency=max_connections,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES)
    logs.install()  # after Config, which (re)configures uvicorn's loggers
    return config


def start_in_process(app: Starlette, host: str = "127.0.0.1", port: int = 0,
                     public_host: str | None = None, **settings) -> RunningServer:
    """Serve ``app`` on a daemon thread; returns once the socket listens.

    ``settings`` go to ``server_config`` (tests shorten the timeouts, turn on the access log)."""
    server = uvicorn.Server(server_config(app, host, port, **settings))
    def serve() -> None:
        try:
            server.run()
        except SystemExit:  # uvicorn exits when it cannot bind; start_in_process reports it
            log.error("hand-off server on %s:%s stopped at start-up", host, port)

    thread = threading.Thread(target=serve, name="handoff-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise HandoffError(f"hand-off server did not start on {host}:{port}",
                               fix="is the port already in use? pick another handoff.listen_port")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    return RunningServer(f"http://{public_host or host}:{bound}", server, thread)


def lan_address() -> str:
    """This machine's address on the shop network (no packet is sent), for phone-reachable URLs."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing decision only
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
