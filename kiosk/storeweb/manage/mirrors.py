"""Every mirror's health from its retained state topic, and its open size requests.

A mirror publishes ``retail/v1/{store}/mirror/{id}/state`` retained (online with its
health snapshot; the broker's last will says offline).  ``catalogue_version`` in that
snapshot is how a mirror acknowledges a publish: it reports the version it switched to.
Open requests are counted from the retained request docs each mirror owns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import KioskError
from kiosk.messaging import topics
from kiosk.messaging.payloads import MirrorState, RequestDoc, parse

log = logging.getLogger(__name__)
MAX_MIRRORS = 200  # a store has a handful; bounded against a flood of made-up ids


@dataclass
class MirrorHealth:
    mirror: str
    status: str = "unknown"            # online | offline
    health: dict[str, Any] = field(default_factory=dict)
    seen: float | None = None          # when this service received the state
    since: float | None = None         # when this service saw the status become what it is
    open_requests: int = 0

    @property
    def catalogue_version(self) -> str | None:
        value = self.health.get("catalogue_version")
        return value if isinstance(value, str) else None

    def has(self, version: str | None) -> bool:
        """This mirror runs ``version`` (notices carry 16 hex digits, health the full hash)."""
        mine = self.catalogue_version
        return bool(version and mine and self.status == "online" and mine.startswith(version))

    @property
    def refusal(self) -> str | None:
        """Why this mirror refused the newest catalogue it received (it kept the one it had)."""
        value = self.health.get("catalogue_error")
        return value[:300] if isinstance(value, str) and value else None

    @property
    def locked(self) -> bool:
        """Closed by the back office's Lock (contract 1.6; a 1.5 mirror never says so)."""
        return self.health.get("locked") is True

    @property
    def closed(self) -> bool:
        """Shown as "closed (locked)": online and locked (offline says offline)."""
        return self.status == "online" and self.locked

    def field(self, name: str) -> Any:
        return self.health.get(name)


class MirrorBoard:
    def __init__(self, bus, store: str, clock: Callable[[], float]):
        self.bus, self.store, self.clock = bus, store, clock
        self._mirrors: dict[str, MirrorHealth] = {}
        self._open: dict[str, str] = {}   # request topic -> owning mirror, for open docs only
        self._lock = threading.Lock()

    def start(self) -> MirrorBoard:
        self.bus.subscribe(topics.BY_NAME["mirror_state"].filter(store=self.store), self._on_state)
        self.bus.subscribe(topics.requests_filter(self.store), self._on_request)
        return self

    def mirrors(self) -> list[MirrorHealth]:
        with self._lock:
            counts: dict[str, int] = {}
            for mirror in self._open.values():
                counts[mirror] = counts.get(mirror, 0) + 1
            for health in self._mirrors.values():
                health.open_requests = counts.get(health.mirror, 0)
            return sorted(self._mirrors.values(), key=lambda m: m.mirror)

    def answered(self, mirror: str, answer: dict[str, Any]) -> None:
        """A lock's or unlock's answer says what the mirror now is: shown at once (the page
        is drawn right after it), until the mirror's own retained state, sent at once too
        (contract 1.6) but on another path, arrives and takes over."""
        with self._lock:
            known = self._mirrors.get(mirror)
            if known is not None and known.health.get("locked") != answer.get("locked"):  # not yet
                known.health = {**known.health, **{k: answer[k] for k in ("locked", "camera") if k in answer}}

    def _on_state(self, topic: str, payload: dict[str, Any] | None) -> None:
        mirror = topic.split("/")[-2]
        if payload is None:
            with self._lock:
                self._mirrors.pop(mirror, None)   # a retired mirror's state was cleared
            return
        try:
            state = parse(MirrorState, payload, topic=topic)
        except KioskError as exc:
            log.warning("mirror state dropped: %s", exc)
            return
        if state.mirror != mirror:
            log.warning("state on %s names mirror %r: dropped", topic, state.mirror)
            return
        with self._lock:
            if mirror not in self._mirrors and len(self._mirrors) >= MAX_MIRRORS:
                return
            known = self._mirrors.setdefault(mirror, MirrorHealth(mirror))
            if known.status != state.status:
                known.since = self.clock()
            known.status, known.seen = state.status, self.clock()
            if state.health or state.status == "offline":  # a birth message carries no health
                known.health = dict(state.health) if state.health else known.health

    def _on_request(self, topic: str, payload: dict[str, Any] | None) -> None:
        with self._lock:
            self._open.pop(topic, None)
        if payload is None:
            return
        try:
            doc = parse(RequestDoc, payload, topic=topic)
        except KioskError:
            return  # the staff relay logs malformed docs already
        if doc.status == "open":
            with self._lock:
                self._open[topic] = doc.mirror
