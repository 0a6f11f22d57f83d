"""The Bus protocol every feature publishes and subscribes through, and its in-memory fake.

Payloads travel as JSON objects.  ``publish`` takes a dict, a pydantic model
(dumped to JSON) or None (an empty payload: deletes a retained message).
Handlers get ``(topic, payload)`` where payload is the decoded dict, or None
for an empty payload; they run on the bus's own thread (paho's loop thread
for ``MqttBus``, the publisher's thread for ``InMemoryBus``) and must never
touch Qt: the UI adapts them to signals.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from kiosk.errors import PayloadError

log = logging.getLogger(__name__)

Payload = dict[str, Any] | BaseModel | bytes | None  # bytes: already-encoded JSON
Handler = Callable[[str, dict[str, Any] | None], None]
AckCallback = Callable[[bool], None]  # True: broker acknowledged; False: refused (e.g. ACL)
MAX_PAYLOAD_BYTES = 256 * 1024
MAX_DEPTH = 32            # nesting of objects/arrays; our deepest payload (a catalogue) uses < 10
MAX_EXPIRY_S = 2**32 - 1  # MQTT 5 Message Expiry Interval is a 4-byte integer


class Bus(Protocol):
    def publish(self, topic: str, payload: Payload, qos: int = 1, retain: bool = False, *,
                expiry_s: float | None = None, on_ack: AckCallback | None = None) -> None: ...

    def subscribe(self, topic_filter: str, handler: Handler, *,
                  max_bytes: int = MAX_PAYLOAD_BYTES) -> None: ...


def encode(payload: Payload) -> bytes:
    if payload is None:
        return b""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, BaseModel):
        return payload.model_dump_json(exclude_none=True).encode()
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def decode(raw: bytes, max_bytes: int = MAX_PAYLOAD_BYTES) -> dict[str, Any] | None:
    """bytes -> JSON object (or None for empty); anything else is a PayloadError."""
    if not raw:
        return None
    if len(raw) > max_bytes:
        raise PayloadError(f"payload of {len(raw)} bytes exceeds {max_bytes}",
                           fix="send a reference (url + sha256) instead of the content")
    try:
        value = json.loads(raw.decode("utf-8"), parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:  # json's C scanner recurses per level: a deep payload is an attack
        raise PayloadError(f"payload nests deeper than {MAX_DEPTH} levels",
                           fix="publish a flat JSON object") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise PayloadError(f"payload is not UTF-8 JSON: {exc}", fix="publish a JSON object") from None
    if not isinstance(value, dict):
        raise PayloadError("payload is not a JSON object", fix="publish a JSON object")
    if _depth(value) > MAX_DEPTH:
        raise PayloadError(f"payload nests deeper than {MAX_DEPTH} levels", fix="publish a flat JSON object")
    return value


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as inf: no time, size or count is infinite
        raise ValueError(f"number {text} is out of range")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _depth(value: Any) -> int:
    """Nesting depth, iteratively (a recursive walk would fail on the input it guards against)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def expiry_interval(expiry_s: float | None) -> int | None:
    """The MQTT 5 Message Expiry Interval for ``expiry_s`` (None or 0: no expiry): whole
    seconds in 1 .. 2**32-1, so no value can make paho's packer raise in its network thread."""
    if not expiry_s:
        return None
    if math.isnan(expiry_s):
        raise ValueError("message expiry is NaN")
    return int(min(max(expiry_s, 1.0), MAX_EXPIRY_S))


def topic_matches(topic_filter: str, topic: str) -> bool:
    """MQTT filter matching (``+``, ``#``, ``$share/group/`` prefix, ``$`` topics)."""
    if topic_filter.startswith("$share/"):
        topic_filter = topic_filter.split("/", 2)[2]
    f_parts, t_parts = topic_filter.split("/"), topic.split("/")
    if topic.startswith("$") and f_parts[0] in ("+", "#"):
        return False
    for i, part in enumerate(f_parts):
        if part == "#":
            return True
        if i >= len(t_parts) or (part != "+" and part != t_parts[i]):
            return False
    return len(f_parts) == len(t_parts)


def call_safely(handler: Handler, topic: str, payload: dict[str, Any] | None) -> bool:
    """Run one handler; a bad payload or a bug in it is logged, never kills the loop."""
    try:
        handler(topic, payload)
        return True
    except Exception:
        log.exception("handler for %s failed", topic)
        return False


@dataclass
class Published:
    topic: str
    raw: bytes
    qos: int
    retain: bool
    expiry_s: float | None = None

    @property
    def payload(self) -> dict[str, Any] | None:
        try:
            return decode(self.raw, max_bytes=1 << 28)
        except PayloadError:
            return None


@dataclass
class _Retained:
    raw: bytes
    expires_at: float | None


@dataclass
class InMemoryBus:
    """A broker and client in one object: wildcard matching, retained messages with
    expiry, a record of every publish, and an on/off switch to simulate outages
    (while offline, publishes wait in memory and go out on reconnect, as paho's do)."""

    clock: Callable[[], float] = time.monotonic
    connected: bool = True
    published: list[Published] = field(default_factory=list)
    handler_errors: int = 0
    bad_payloads: int = 0
    _subs: list[tuple[str, Handler, int]] = field(default_factory=list)
    _retained: dict[str, _Retained] = field(default_factory=dict)
    _connect_listeners: list[Callable[[], None]] = field(default_factory=list)
    _queued: list[tuple] = field(default_factory=list)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def publish(self, topic: str, payload: Payload, qos: int = 1, retain: bool = False, *,
                expiry_s: float | None = None, on_ack: AckCallback | None = None) -> None:
        raw = encode(payload)
        if not self.connected:
            self._queued.append((topic, payload, qos, retain, expiry_s, on_ack))
            return
        with self._lock:
            self.published.append(Published(topic, raw, qos, retain, expiry_s))
            if retain:
                self._store_retained(topic, raw, expiry_s)
            targets = [(h, m) for f, h, m in self._subs if topic_matches(f, topic)]
        for handler, max_bytes in targets:
            self._deliver(handler, topic, raw, max_bytes)
        if on_ack:
            on_ack(True)

    def subscribe(self, topic_filter: str, handler: Handler, *,
                  max_bytes: int = MAX_PAYLOAD_BYTES) -> None:
        with self._lock:
            self._subs.append((topic_filter, handler, max_bytes))
            now = self.clock()
            retained = [(t, r.raw) for t, r in self._retained.items()
                        if topic_matches(topic_filter, t) and not _expired(r, now)]
        for topic, raw in retained:
            self._deliver(handler, topic, raw, max_bytes)

    def _deliver(self, handler: Handler, topic: str, raw: bytes, max_bytes: int) -> None:
        try:
            payload = decode(raw, max_bytes)
        except PayloadError as exc:
            self.bad_payloads += 1
            log.warning("dropped payload on %s: %s", topic, exc)
            return
        self.handler_errors += not call_safely(handler, topic, payload)

    def add_connect_listener(self, callback: Callable[[], None]) -> None:
        self._connect_listeners.append(callback)

    def set_connected(self, connected: bool) -> None:
        self.connected = connected
        if connected:
            queued, self._queued = self._queued, []
            for topic, payload, qos, retain, expiry_s, on_ack in queued:
                self.publish(topic, payload, qos, retain, expiry_s=expiry_s, on_ack=on_ack)
            for callback in list(self._connect_listeners):
                callback()

    def retained(self, topic: str) -> dict[str, Any] | None:
        entry = self._retained.get(topic)
        return decode(entry.raw, 1 << 28) if entry and not _expired(entry, self.clock()) else None

    def topics(self, topic_filter: str = "#") -> list[str]:
        return [p.topic for p in self.published if topic_matches(topic_filter, p.topic)]

    def _store_retained(self, topic: str, raw: bytes, expiry_s: float | None) -> None:
        if not raw:
            self._retained.pop(topic, None)
        else:
            interval = expiry_interval(expiry_s)
            expires = self.clock() + interval if interval else None
            self._retained[topic] = _Retained(raw, expires)


def _expired(entry: _Retained, now: float) -> bool:
    return entry.expires_at is not None and now >= entry.expires_at
