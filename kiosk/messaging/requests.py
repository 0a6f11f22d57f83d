"""Size requests, owned by the mirror that made them: open -> claimed(by) -> delivered,
or cancelled by the shopper, or expired; first claim wins; escalation on a ladder.

The mirror is the only writer of a request's retained state doc (its topic names the
mirror, and the broker lets only that login write it); handhelds only send claims and
dones, on topics naming their login, which must match the staff id inside.  So "first claim wins" is decided in one place, every
handheld sees the outcome in the doc, and stale docs vanish by MQTT 5 message
expiry (and an empty retained payload once a closed request has lingered).
A restarted mirror re-adopts its own unfinished requests from the broker's
retained docs.  Claims arrive on the bus thread; ``tick()`` runs escalation and
expiry with an injected clock (call it from a timer: kiosk.messaging.ticker).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Callable

from kiosk.errors import PayloadError
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.early import EarlyMessages
from kiosk.messaging.payloads import (
    MAX_PRIORITY,
    TERMINAL,
    Claim,
    Done,
    Progress,
    RequestDoc,
    Staff,
    build,
    parse_on,
)
from kiosk.messaging.policy import EscalationPolicy
from kiosk.messaging.views import RequestView

log = logging.getLogger(__name__)
ChangeCallback = Callable[[RequestView], None]
KINDS = {Claim: "claim", Done: "done", Progress: "progress"}  # payload model -> topic spec


class SizeRequests:
    def __init__(self, bus: Bus, *, store: str, mirror: str, zone: str, room: str = "",
                 policy: EscalationPolicy = EscalationPolicy(), roster: dict[str, str] | None = None,
                 clock: Callable[[], float] = time.time, on_change: ChangeCallback | None = None):
        self.bus, self.policy, self.clock = bus, policy, clock
        self.store, self.mirror, self.zone, self.room = store, mirror, zone, room
        self.roster = roster or {}  # staff id -> display name; empty: trust the broker's ACL
        self.on_change = on_change
        self._docs: dict[str, RequestDoc] = {}
        self._closed_at: dict[str, float] = {}
        self._progress: dict[str, Progress] = {}  # request id -> the claimer's latest word
        self._progress_at: dict[str, float] = {}  # ... and when it came, on our clock
        self._lock = threading.RLock()
        self._early = EarlyMessages(clock)
        # GTIN -> none of it on this store's floor (the mirror's catalogue; kiosk/app.py): such a
        # request tells staff to look in the stockroom and other stores (contract 1.4).
        self.off_floor: Callable[[str], bool] = lambda gtin: False
        self.stats = {"unknown_ids": 0, "unknown_staff": 0, "lost_races": 0, "bad_payloads": 0,
                      "out_of_turn": 0}

    def start(self) -> SizeRequests:
        """Subscribe to claims, dones and (to re-adopt after a restart) our own docs: all on
        topics naming this mirror, so other mirrors' traffic never reaches us."""
        ids = {"store": self.store, "zone": self.zone, "mirror": self.mirror}
        self.bus.subscribe(topics.spec("claim").filter(**ids), self.on_claim)
        self.bus.subscribe(topics.spec("done").filter(**ids), self.on_done)
        self.bus.subscribe(topics.spec("progress").filter(**ids), self.on_progress)
        self.bus.subscribe(topics.requests_filter(self.store, self.zone, self.mirror), self._on_doc)
        return self

    # -- the shopper's side ----------------------------------------------------------------
    def request(self, gtin: str, size: str, colour: str = "", *, product_name: str = "",
                room: str | None = None, off_floor: bool | None = None) -> str:
        """``off_floor``: none of this size on the floor here; by default ``self.off_floor(gtin)``."""
        now = self.clock()
        doc = build(RequestDoc, id=uuid.uuid4().hex, store=self.store, mirror=self.mirror,
                    zone=self.zone, room=room if room is not None else self.room,
                    product={"gtin": gtin, "name": product_name}, size=size,
                    colour=colour, created=now, expires=now + self.policy.expire_after_s,
                    off_floor=bool(self.off_floor(gtin)) if off_floor is None else off_floor,
                    ts=now)  # validates: bad input is a PayloadError, nothing is sent
        self._commit(doc)
        return doc.id

    def cancel(self, request_id: str) -> bool:
        return self._close(request_id, "cancelled")

    def ask_again(self, request_id: str) -> bool:
        """The shopper tapped "Ask again" on an open request: one step more priority, up to
        MAX_PRIORITY (contract 1.3); staff pages put it on top and alert the zone again."""
        return self._update(request_id, lambda d: d.status == "open" and d.priority < MAX_PRIORITY,
                            priority_step=1)

    def get(self, request_id: str) -> RequestView | None:
        with self._lock:
            doc = self._docs.get(request_id)
            return self._view(doc) if doc else None

    def active(self) -> list[RequestView]:
        with self._lock:
            return [self._view(d) for d in self._docs.values() if d.status not in TERMINAL]

    def _view(self, doc: RequestDoc) -> RequestView:
        """The doc as the shopper's screen shows it, with the claimer's latest progress."""
        view = RequestView.of(doc)
        progress = self._progress.get(doc.id)
        if progress is None:
            return view
        eta = progress.eta_s if progress.step == "on_my_way" else None
        if eta is not None:  # counts down: "about 2 min", a minute later "about 1 min"
            eta = max(0, round(eta - (self.clock() - self._progress_at.get(doc.id, self.clock()))))
        return dataclasses.replace(view, progress=progress.step, eta_s=eta)

    # -- timers ------------------------------------------------------------------------------
    def tick(self) -> None:
        """Escalate, expire and finally delete, as the clock says."""
        self.stats["unknown_ids"] += self._early.prune()
        now = self.clock()
        with self._lock:
            docs = list(self._docs.values())
        for doc in docs:
            if doc.status in TERMINAL:
                self._maybe_forget(doc, now)
            elif now >= doc.expires:
                self._close(doc.id, "expired")
            elif doc.status == "open":
                self._maybe_escalate(doc, now)

    def _maybe_escalate(self, doc: RequestDoc, now: float) -> None:
        level = self.policy.level_at(now - doc.created)
        if level > doc.escalation:
            log.info("request %s unclaimed: escalating to %s", doc.id, self.policy.notify(level))
            self._update(doc.id, lambda d: d.status == "open",
                         escalation=level, notify=self.policy.notify(level))

    def _maybe_forget(self, doc: RequestDoc, now: float) -> None:
        if now >= self._closed_at.get(doc.id, now) + self.policy.linger_s:
            with self._lock:
                self._docs.pop(doc.id, None)
                self._closed_at.pop(doc.id, None)
                self._progress.pop(doc.id, None)
                self._progress_at.pop(doc.id, None)
                self.bus.publish(self._doc_topic(doc), None, retain=True)

    # -- handhelds' messages (bus thread) ----------------------------------------------------
    def on_claim(self, topic: str, payload: dict | None) -> None:
        found = self._staff_message(topic, payload, Claim)
        if found:
            request_id, staff, _claim = found
            self._update(request_id, lambda d: self._claimable(d, staff),
                         status="claimed", claimed_by=staff)

    def on_done(self, topic: str, payload: dict | None) -> None:
        found = self._staff_message(topic, payload, Done)
        if found:
            request_id, staff, _done = found
            self._update(request_id, lambda d: self._deliverable(d, staff), status="delivered",
                         claimed_by=staff)

    def on_progress(self, topic: str, payload: dict | None) -> None:
        """The claimer is on the way or cannot find it: kept for the shopper's screen; the doc
        (and so every handheld's list) does not change."""
        found = self._staff_message(topic, payload, Progress)
        if not found:
            return
        request_id, staff, progress = found
        with self._lock:
            doc = self._docs.get(request_id)
            if doc is None or not self._from_claimer(doc, staff, "progress"):
                return
            known = self._progress.get(request_id)
            if known is not None and known.ts > progress.ts:  # a resend overtaken by news
                log.info("stale progress for %s from %s ignored", request_id, staff.id)
                return
            self._progress[request_id] = progress
            self._progress_at[request_id] = self.clock()  # not the sender's ts: phone clocks drift
        log.info("request %s: %s says %s", request_id, staff.id, progress.step)
        self._notify(doc)

    def _from_claimer(self, doc: RequestDoc, staff: Staff, kind: str) -> bool:
        if doc.status == "claimed" and doc.claimed_by is not None and doc.claimed_by.id == staff.id:
            return True
        self.stats["out_of_turn"] += 1
        log.warning("%s for %s from %s refused: %s by %s", kind, doc.id, staff.id, doc.status,
                    doc.claimed_by.id if doc.claimed_by else "-")
        return False

    def _staff_message(self, topic: str, payload, model):
        """(request id, staff as the roster names them, message) of a valid staff message for
        a request we own; None (logged, counted, or held until the request is re-adopted)."""
        spec = topics.spec(KINDS[model])
        try:
            message = parse_on(spec, model, topic, payload)
        except PayloadError as exc:
            self.stats["bad_payloads"] += 1
            log.warning("ignored %s: %s", spec.name, exc)
            return None
        if self.roster and message.staff.id not in self.roster:
            self.stats["unknown_staff"] += 1
            log.warning("ignored %s from unknown staff %r", topic, message.staff.id)
            return None
        request_id = spec.match(topic)["id"]
        with self._lock:
            known = request_id in self._docs
        if not known:  # maybe our restart's re-adoption has not caught up yet
            self._early.hold(request_id, spec.name, topic, payload)
            log.info("%s for a request not (yet) known: held for a while", topic)
            return None
        name = self.roster.get(message.staff.id, message.staff.name)
        return request_id, Staff(id=message.staff.id, name=name), message

    def _claimable(self, doc: RequestDoc, staff: Staff) -> bool:
        if doc.status == "open":
            return True
        if doc.claimed_by != staff:
            self.stats["lost_races"] += 1
            log.info("claim of %s by %s refused: %s (%s)", doc.id, staff.id, doc.status,
                     doc.claimed_by.id if doc.claimed_by else "-")
        return False

    def _deliverable(self, doc: RequestDoc, staff: Staff) -> bool:
        if doc.status == "open" or (doc.status == "claimed" and doc.claimed_by.id == staff.id):
            return True
        log.info("done for %s by %s refused: %s", doc.id, staff.id, doc.status)
        return False

    def _on_doc(self, topic: str, payload: dict | None) -> None:
        """Re-adopt our own unfinished requests after a restart (the broker kept them)."""
        if payload is None:
            return
        try:
            doc = parse_on(topics.spec("request"), RequestDoc, topic, payload)
        except PayloadError as exc:
            self.stats["bad_payloads"] += 1
            log.warning("ignored request doc: %s", exc)
            return
        with self._lock:
            if doc.mirror != self.mirror or doc.id in self._docs or doc.status in TERMINAL:
                return
            self._docs[doc.id] = doc
        log.info("re-adopted request %s (%s)", doc.id, doc.status)
        self._notify(doc)
        handlers = {"claim": self.on_claim, "done": self.on_done, "progress": self.on_progress}
        for kind, held_topic, held_payload in self._early.take(doc.id):
            handlers[kind](held_topic, held_payload)

    # -- state changes -------------------------------------------------------------------------
    def _close(self, request_id: str, status: str) -> bool:
        return self._update(request_id, lambda d: d.status not in TERMINAL, status=status)

    def _update(self, request_id: str, allowed: Callable[[RequestDoc], bool], **changes) -> bool:
        with self._lock:
            doc = self._docs.get(request_id)
            if doc is None:
                self.stats["unknown_ids"] += 1
                log.warning("message for unknown request %s ignored", request_id)
                return False
            if not allowed(doc):
                return False
            if changes.pop("priority_step", 0):
                changes["priority"] = doc.priority + 1
            updated = doc.model_copy(update=changes | {"revision": doc.revision + 1,
                                                       "ts": self.clock()})
            self._commit(updated)
        return True

    def _commit(self, doc: RequestDoc) -> None:
        with self._lock:
            now = self.clock()
            self._docs[doc.id] = doc
            if doc.status in TERMINAL:
                self._closed_at[doc.id] = now
                expiry = max(1.0, self.policy.linger_s)
            else:
                expiry = doc.expires - now + self.policy.linger_s
            self.bus.publish(self._doc_topic(doc), doc, qos=1, retain=True, expiry_s=expiry)
        self._notify(doc)

    def _doc_topic(self, doc: RequestDoc) -> str:
        return topics.request(self.store, doc.zone, self.mirror, doc.id)

    def _notify(self, doc: RequestDoc) -> None:
        if self.on_change:
            try:
                with self._lock:
                    view = self._view(doc)
                self.on_change(view)
            except Exception:
                log.exception("on_change callback failed")
