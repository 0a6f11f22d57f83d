"""The handheld's side of size requests (Qt-free): the list of requests this staff member
should see, claim and done.  The Qt console (kiosk/ui/staff) only renders it.

Zone staff see their zone's open and claimed requests; floor leads and managers
see every zone's requests once escalated to their rung (and any they claimed).
Docs are deduped by (id, revision): resends and reordered duplicates are ignored.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.errors import PayloadError
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.payloads import (
    TERMINAL,
    Claim,
    Done,
    MirrorState,
    Progress,
    RequestDoc,
    Staff,
    parse_on,
)
from kiosk.messaging.views import RequestView

log = logging.getLogger(__name__)
RUNGS = ("zone", "floor_lead", "manager")
SENDS = {"claim": topics.claim, "done": topics.done, "progress": topics.progress}


class StaffRequests:
    def __init__(self, bus: Bus, *, store: str, staff: Staff, zone: str | None = None,
                 role: str = "zone",
                 on_list: Callable[[list[RequestView]], None] | None = None,
                 on_new: Callable[[RequestView], None] | None = None):
        if role not in RUNGS:
            raise ValueError(f"role must be one of {RUNGS}")
        self.bus, self.store, self.staff, self.zone, self.role = bus, store, staff, zone, role
        self.on_list, self.on_new = on_list, on_new
        self._docs: dict[str, RequestDoc] = {}
        self._announced: set[tuple[str, int]] = set()
        self.mirrors_offline: set[str] = set()
        self._lock = threading.Lock()
        self.ignored = 0

    def start(self) -> StaffRequests:
        zone = self.zone if self.role == "zone" else None
        self.bus.subscribe(topics.requests_filter(self.store, zone), self.on_doc)
        self.bus.subscribe(topics.spec("mirror_state").filter(store=self.store), self.on_mirror_state)
        return self

    def on_mirror_state(self, topic: str, payload: dict | None) -> None:
        """Remember offline mirrors: their open requests cannot change until they return."""
        try:
            state = parse_on(topics.spec("mirror_state"), MirrorState, topic, payload)
        except PayloadError as exc:
            self.ignored += 1
            log.warning("ignored mirror state: %s", exc)
            return
        changed = (state.status == "offline") != (state.mirror in self.mirrors_offline)
        (self.mirrors_offline.add if state.status == "offline" else self.mirrors_offline.discard)(state.mirror)
        if changed and self.on_list:
            self.on_list(self.visible())

    def visible(self) -> list[RequestView]:
        """Open requests first (most escalated, then oldest), then the ones I carry."""
        with self._lock:
            docs = [d for d in self._docs.values() if self._shows(d)]
        docs.sort(key=lambda d: (d.status != "open", -d.escalation, d.created))
        return [RequestView.of(d) for d in docs]

    def claim(self, request_id: str) -> None:
        self._send("claim", request_id, Claim(staff=self.staff))

    def done(self, request_id: str) -> None:
        self._send("done", request_id, Done(staff=self.staff))

    def progress(self, request_id: str, step: str, eta_s: int | None = None) -> None:
        """Tell the owning mirror (contract 1.2): "on_my_way" (about ``eta_s``) or "cannot_find"."""
        self._send("progress", request_id, Progress(staff=self.staff, step=step, eta_s=eta_s))

    def _send(self, kind: str, request_id: str, message) -> None:
        with self._lock:
            doc = self._docs.get(request_id)
        if doc is None:
            raise PayloadError(f"no request {request_id} on this handheld",
                               fix="refresh: the request may have closed")
        self.bus.publish(SENDS[kind](self.store, doc.zone, doc.mirror, doc.id, self.staff.id), message, qos=1)

    def _shows(self, doc: RequestDoc) -> bool:
        if doc.status in TERMINAL:
            return False
        if doc.claimed_by is not None and doc.status == "claimed":
            return doc.claimed_by.id == self.staff.id or self._my_zone(doc)
        return self._my_zone(doc) if self.role == "zone" else (
            doc.escalation >= RUNGS.index(self.role) or self._my_zone(doc))

    def _my_zone(self, doc: RequestDoc) -> bool:
        return self.zone is not None and doc.zone == self.zone

    def on_doc(self, topic: str, payload: dict | None) -> None:
        if not self._store(topic, payload):
            return
        views = self.visible()
        fresh = [v for v in views if v.status == "open" and (v.id, v.escalation) not in self._announced]
        for view in fresh:
            self._announced.add((view.id, view.escalation))
            if self.on_new:
                self.on_new(view)
        if self.on_list:
            self.on_list(views)

    def _store(self, topic: str, payload: dict | None) -> bool:
        """Apply one doc; False when it changes nothing (duplicate, stale, invalid, forged)."""
        if payload is None:  # the mirror deleted a closed request
            return self._delete(topics.spec("request").match(topic))
        try:
            doc = parse_on(topics.spec("request"), RequestDoc, topic, payload)
        except PayloadError as exc:
            self.ignored += 1
            log.warning("ignored request doc: %s", exc)
            return False
        with self._lock:
            known = self._docs.get(doc.id)
            if known is not None and known.mirror != doc.mirror:
                self.ignored += 1  # ids are uuids: another mirror reusing one is forging
                log.warning("ignored doc %s from %s: it belongs to %s", doc.id, doc.mirror, known.mirror)
                return False
            if known is not None and known.revision >= doc.revision:
                return False
            self._docs[doc.id] = doc
        return True

    def _delete(self, ids: dict[str, str] | None) -> bool:
        """Only the owning mirror's topic deletes a doc (the broker checked who wrote it)."""
        with self._lock:
            known = self._docs.get(ids["id"]) if ids else None
            if known is None or known.mirror != ids["mirror"]:
                return False
            self._announced = {a for a in self._announced if a[0] != known.id}
            del self._docs[known.id]
        return True
