"""Remote commands: ``…/cmd/{name}`` answered on ``…/response/{name}`` with
``{status, data, error, transaction}``.  Every command gets an answer, a bad one
an error answer (never silence, never a crash).

``COMMANDS`` is the contract's command table (docs/mqtt.md is generated from it); the
mirror's handlers are kiosk/remote.py, the back office's buttons kiosk/storeweb/manage.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError, PayloadError
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.payloads import Command, Response, parse

log = logging.getLogger(__name__)
CommandHandler = Callable[[dict[str, Any]], Any]
QUEUED = 8  # commands waiting for the worker; more get a "busy" answer at once


@dataclass(frozen=True)
class CommandSpec:
    name: str
    args: str       # what ``args`` may hold
    answer: str     # ``data`` of an ok answer
    what: str


# Contract 1.5: the commands a mirror answers (kiosk/remote.py registers them).
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("lock", "`{}`", "`{locked: true, screen: \"closed\", camera}`",
                "out of service: the session is wiped, the screen says the mirror is closed for "
                "a moment, touches, scans and the camera are ignored (the camera is released) until `unlock`"),
    CommandSpec("unlock", "`{}`", "`{locked: false, screen: \"attract\", camera}`",
                "back in service: the attract screen, the camera captures again"),
    CommandSpec("restart", "`{by}`: who asked (logged)", "`{restarting: true, exit_status: 75}`",
                "answers, then the app exits with 75 and systemd (`Restart=always`) starts it "
                "again; never 64, the status that stops it"),
    CommandSpec("placement", "`{}`", "`{ok, face_x, face_y, face_height, hints, codes}`",
                "the camera placement check on the next camera picture: three numbers (0..1 of "
                "the frame), hint sentences (English) and their codes (`kiosk.insight.placement.HINTS`); "
                "no frame, no points"),
    CommandSpec("lights", "`{preset}`: `daylight`, `evening`, `office` or `off`",
                "`{preset, kelvin, brightness, devices}`",
                "the room's lights (Zigbee2MQTT) to a preset until the next shopper leaves; an "
                "error when the mirror has no `lights` section"),
)


@dataclass(frozen=True)
class AfterAnswer:
    """A handler's result whose ``then`` runs once the broker took the answer (or could
    not): ``restart`` answers first, then exits."""

    data: Any
    then: Callable[[], None]


class CommandServer:
    """The mirror's side: ``server.register("lock", fn)``; fn(args) -> data.

    ``threaded``: handlers run on one worker thread of their own (a handler may wait for
    the GUI thread or the next camera picture), not on the bus's network thread."""

    def __init__(self, bus: Bus, *, store: str, mirror: str, threaded: bool = False):
        self.bus, self.store, self.mirror = bus, store, mirror
        self._handlers: dict[str, CommandHandler] = {}
        self._queue: queue.Queue[tuple[str, dict | None] | None] | None = \
            queue.Queue(QUEUED) if threaded else None
        self._worker: threading.Thread | None = None

    def register(self, name: str, handler: CommandHandler) -> None:
        topics.check_segment("name", name)
        self._handlers[name] = handler

    @property
    def names(self) -> list[str]:
        return sorted(self._handlers)

    def start(self) -> CommandServer:
        if self._queue is not None:
            self._worker = threading.Thread(target=self._work, name="commands", daemon=True)
            self._worker.start()
        self.bus.subscribe(topics.spec("command").filter(store=self.store, mirror=self.mirror),
                           self.on_command)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if self._queue is not None and self._worker is not None:
            self._queue.put(None)
            self._worker.join(timeout)

    def on_command(self, topic: str, payload: dict | None) -> None:
        if self._queue is None:
            self._answer(topic, payload)
            return
        try:
            self._queue.put_nowait((topic, payload))
        except queue.Full:
            self._publish(topic, payload, Response(transaction=_transaction(payload), status="error",
                                                   error=f"busy: {QUEUED} commands are waiting; try again"))

    def _work(self) -> None:
        assert self._queue is not None
        while (item := self._queue.get()) is not None:
            self._answer(*item)

    def _answer(self, topic: str, payload: dict | None) -> None:
        name = (topics.spec("command").match(topic) or {}).get("name", "unknown")
        transaction, then = _transaction(payload), None
        try:
            command = parse(Command, payload, topic=topic)
            handler = self._handlers.get(name)
            if handler is None:
                raise PayloadError(f"unknown command {name!r}",
                                   fix=f"known commands: {', '.join(sorted(self._handlers)) or 'none'}")
            data = handler(command.args)
            if isinstance(data, AfterAnswer):
                data, then = data.data, data.then
            answer = Response(transaction=command.transaction, status="ok", data=data)
        except KioskError as exc:
            answer = Response(transaction=transaction, status="error", error=str(exc))
        except Exception as exc:  # a handler bug answers, it does not kill the loop
            log.exception("command %s failed", name)
            answer = Response(transaction=transaction, status="error", error=f"internal error: {exc}")
        self._publish(topic, payload, answer, then)

    def _publish(self, topic: str, payload: dict | None, answer: Response,
                 then: Callable[[], None] | None = None) -> None:
        name = (topics.spec("command").match(topic) or {}).get("name", "unknown")
        on_ack = (lambda _ok: then()) if then is not None else None
        self.bus.publish(topics.response(self.store, self.mirror, name), answer, qos=1, on_ack=on_ack)


def _transaction(payload: dict | None) -> str:
    return str((payload or {}).get("transaction", ""))[:64] or "unknown"


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
