"""Remote commands: ``…/cmd/{name}`` answered on ``…/response/{name}`` with
``{status, data, error, transaction}``.  Every command gets an answer, a bad one
an error answer (never silence, never a crash)."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from kiosk.errors import KioskError, PayloadError
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.payloads import Command, Response, parse

log = logging.getLogger(__name__)
CommandHandler = Callable[[dict[str, Any]], Any]


class CommandServer:
    """The mirror's side: ``server.register("reload_catalogue", fn)``; fn(args) -> data."""

    def __init__(self, bus: Bus, *, store: str, mirror: str):
        self.bus, self.store, self.mirror = bus, store, mirror
        self._handlers: dict[str, CommandHandler] = {}

    def register(self, name: str, handler: CommandHandler) -> None:
        topics.check_segment("name", name)
        self._handlers[name] = handler

    def start(self) -> CommandServer:
        self.bus.subscribe(topics.spec("command").filter(store=self.store, mirror=self.mirror),
                           self.on_command)
        return self

    def on_command(self, topic: str, payload: dict | None) -> None:
        name = (topics.spec("command").match(topic) or {}).get("name", "unknown")
        transaction = str((payload or {}).get("transaction", ""))[:64] or "unknown"
        try:
            command = parse(Command, payload, topic=topic)
            handler = self._handlers.get(name)
            if handler is None:
                raise PayloadError(f"unknown command {name!r}",
                                   fix=f"known commands: {', '.join(sorted(self._handlers)) or 'none'}")
            answer = Response(transaction=command.transaction, status="ok", data=handler(command.args))
        except KioskError as exc:
            answer = Response(transaction=transaction, status="error", error=str(exc))
        except Exception as exc:  # a handler bug answers, it does not kill the loop
            log.exception("command %s failed", name)
            answer = Response(transaction=transaction, status="error", error=f"internal error: {exc}")
        self.bus.publish(topics.response(self.store, self.mirror, name), answer, qos=1)


class CommandClient:
    """The manager's side: ``client.call("m1", "reload_catalogue", {}) -> Response``."""

    def __init__(self, bus: Bus, *, store: str):
        self.bus, self.store = bus, store
        self._waiting: dict[str, tuple[threading.Event, list[Response]]] = {}
        bus.subscribe(topics.spec("response").filter(store=store), self.on_response)

    def call(self, mirror: str, name: str, args: dict | None = None, timeout: float = 10.0) -> Response:
        transaction = uuid.uuid4().hex
        done, box = threading.Event(), []
        self._waiting[transaction] = (done, box)
        self.bus.publish(topics.command(self.store, mirror, name),
                         Command(transaction=transaction, args=args or {}), qos=1)
        try:
            if not done.wait(timeout):
                raise KioskError(f"mirror {mirror} did not answer {name} within {timeout:g} s",
                                 fix="check the mirror is online (its state topic)")
            return box[0]
        finally:
            self._waiting.pop(transaction, None)

    def on_response(self, topic: str, payload: dict | None) -> None:
        try:
            response = parse(Response, payload, topic=topic)
        except PayloadError as exc:
            log.warning("ignored response: %s", exc)
            return
        waiting = self._waiting.get(response.transaction)
        if waiting:
            waiting[1].append(response)
            waiting[0].set()
