"""The zero-setup demo broker: amqtt in-process, bound to loopback only.

amqtt speaks MQTT 3.1.1 only (clients must use ``protocol: "3.1.1"``), keeps
nothing on disk and binds 0.0.0.0 unless told otherwise, so we always give it
127.0.0.1.  Production uses mosquitto (docs/brokers.md).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading

from kiosk.errors import Location, MessagingError

log = logging.getLogger(__name__)


def _config(host: str, port: int) -> dict:
    return {
        "listeners": {"default": {"type": "tcp", "bind": f"{host}:{port}", "max_connections": 200}},
        "timeout_disconnect_delay": 0,
        "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
    }


class DemoBroker:
    """``with DemoBroker(port=0) as broker: broker.port`` runs amqtt on its own thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 1883):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise MessagingError(f"the demo broker only binds loopback, not {host}",
                                 location=Location(field="mqtt.host"),
                                 fix="run mosquitto for a store network (docs/brokers.md)")
        self.host, self.port = host, port or _free_port(host)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="demo-broker", daemon=True)
        self._broker = None

    def start(self) -> DemoBroker:
        from amqtt.broker import Broker  # imported here: only the demo needs amqtt

        self._thread.start()

        async def boot():
            broker = Broker(_config(self.host, self.port), loop=self._loop)
            await broker.start()
            self._broker = broker  # only a started broker is shut down later

        try:
            asyncio.run_coroutine_threadsafe(boot(), self._loop).result(10)
        except Exception as exc:
            self.stop()
            raise MessagingError(f"demo broker could not start on {self.host}:{self.port}: {exc}",
                                 fix="another broker may be using the port: pick another with --port") from None
        log.info("demo broker (amqtt, MQTT 3.1.1) on %s:%s", self.host, self.port)
        return self

    def stop(self) -> None:
        if self._broker is not None and self._loop.is_running():
            future = asyncio.run_coroutine_threadsafe(self._broker.shutdown(), self._loop)
            try:
                future.result(10)
            except Exception:
                log.exception("demo broker shutdown failed")
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread.is_alive():
            self._thread.join(5)
        self._broker = None

    def __enter__(self) -> DemoBroker:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def ensure_demo_broker(host: str, port: int, protocol: str) -> DemoBroker | None:
    """Start the embedded broker for the demo unless something already listens there."""
    with socket.socket() as sock:
        sock.settimeout(0.3)
        if sock.connect_ex((host, port)) == 0:
            log.info("using the broker already listening on %s:%s", host, port)
            return None
    if protocol != "3.1.1":
        raise MessagingError("the embedded demo broker (amqtt) speaks MQTT 3.1.1 only",
                             location=Location(field="mqtt.protocol"),
                             fix='set mqtt.protocol: "3.1.1" in the demo config, or run mosquitto')
    return DemoBroker(host, port).start()
