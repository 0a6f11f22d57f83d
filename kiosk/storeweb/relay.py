"""The zone's size requests, relayed from MQTT to each signed-in staff member's pages.

One ``StaffRequests`` (kiosk.messaging.staff, the same code as any handheld) per staff
account, all on the service's one broker connection: it knows which docs that account
may see (their zone; escalations for floor leads and managers) and sends claims and
dones exactly as a ``mosquitto_pub`` handheld does, with the account's id in the topic
and payload.  So the mirror still decides who wins; this service only refuses what the
account could not send (another zone, a request already taken, a done for someone
else's claim) and says why in the log.

Who is alerted is decided here, not on each phone (``alerted``): an open request first alerts
the zone's associates who are signed in and free (not carrying a claimed request); once
``widen_after_s`` passes with nobody free claiming it, or when nobody is free, or when the
shopper asked again (the doc's ``priority``, contract 1.3), every signed-in associate of the
zone; floor leads and managers once it escalates to their rung.

"On my way" and "can't find it" go to the mirror as the claimer's progress (contract 1.2:
the shopper sees "Anna, about 2 min" or the nearest alternative) and are kept here too,
shown to every page (the zone sees that Anna is on her way or needs help).  Pages learn
of changes through ``Listener``s, called on the bus thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.errors import PayloadError
from kiosk.messaging.bus import Bus
from kiosk.messaging.payloads import Staff
from kiosk.messaging.staff import RUNGS, StaffRequests
from kiosk.messaging.views import RequestView
from kiosk.storeweb.accounts import Account, Accounts

log = logging.getLogger(__name__)
ACTIONS = ("claim", "on-my-way", "delivered", "cannot-find")
STEPS = {"on-my-way": "on_my_way", "cannot-find": "cannot_find"}  # page action -> contract step
# What "on my way" promises the shopper: the associate picks one of these on the page
# (validated here); without a choice, a walk to the stockroom and back in a typical store.
ETA_CHOICES_MIN = (1, 2, 5)
ON_MY_WAY_ETA_S = 120
Listener = Callable[[], None]


class Refused(Exception):
    """An action this account may not take; ``status`` is the HTTP answer."""

    def __init__(self, reason: str, status: int = 409):
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Note:
    staff_id: str
    name: str
    kind: str  # on-my-way | cannot-find
    at: float
    eta_min: int | None = None


class RequestRelay:
    def __init__(self, bus: Bus, store: str, accounts: Accounts, *,
                 clock: Callable[[], float] = time.time, widen_after_s: float = 45.0,
                 signed_in: Callable[[], set[str]] = set):
        self.bus, self.store, self.clock = bus, store, clock
        self.accounts, self.widen_after_s, self.signed_in = accounts, widen_after_s, signed_in
        self._feeds = {a.id: self._feed(a) for a in accounts}
        self._notes: dict[str, Note] = {}
        self._listeners: set[Listener] = set()
        self._lock = threading.Lock()

    def _feed(self, account: Account) -> StaffRequests:
        return StaffRequests(self.bus, store=self.store, staff=Staff(id=account.id, name=account.name),
                             zone=account.zone, role=account.rung,
                             on_list=lambda _views: self._changed())

    def start(self) -> RequestRelay:
        """Subscribe every feed; call before the bus connects so all get the retained docs."""
        for feed in self._feeds.values():
            feed.start()
        return self

    # -- pages -------------------------------------------------------------------------------
    def listen(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.add(listener)
        return lambda: self._unlisten(listener)

    def _unlisten(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.discard(listener)

    def _changed(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener()
            except Exception:  # one closed page must not hide the change from the others
                log.exception("staff page listener failed")

    def visible(self, account: Account) -> list[tuple[RequestView, Note | None]]:
        """What this account's page lists: open requests first, newest alert on top."""
        views = self._feeds[account.id].visible()
        views.sort(key=lambda v: (v.status != "open", -v.priority, -v.escalation, -v.created))
        with self._lock:
            return [(v, self._notes.get(v.id)) for v in views]

    # -- who is alerted ---------------------------------------------------------------------
    def busy(self, account: Account) -> bool:
        """Carrying a claimed request: their pocket stays quiet for new ones at first."""
        return any(v.status == "claimed" and v.claimed_by_id == account.id
                   for v in self._feeds[account.id].visible())

    def alerted(self, account: Account, view: RequestView) -> bool:
        """Should this account's phone ring for this request now (sound + vibration)?"""
        if view.status != "open":
            return False
        if account.rung != "zone":  # floor leads and managers: once it reaches their rung
            return view.escalation >= RUNGS.index(account.rung)
        if account.zone != view.zone:
            return False
        if view.escalation > 0 or view.priority > 0:
            return True
        if self.clock() - view.created >= self.widen_after_s:
            return True
        on_shift = self.signed_in()
        free = [a for a in self.accounts if a.zone == view.zone and a.rung == "zone"
                and a.id in on_shift and not self.busy(a)]
        return not free or any(a.id == account.id for a in free)

    # -- actions -----------------------------------------------------------------------------
    def act(self, account: Account, request_id: str, action: str, eta_min: int | None = None) -> None:
        """Take one action as ``account``; Refused says why it cannot.  ``eta_min``: the
        associate's pick for on my way (one of ETA_CHOICES_MIN), else ON_MY_WAY_ETA_S."""
        if eta_min is not None and (action != "on-my-way" or eta_min not in ETA_CHOICES_MIN):
            log.warning("refused: %s sent %s with an estimate of %r min", account.id, action, eta_min)
            raise Refused("estimate must be one of 1, 2, 5 min", 400)
        view = self._view(account, request_id)
        if action == "claim":
            self._claim(account, view)
        elif action in ("on-my-way", "cannot-find"):
            self._note(account, view, action, eta_min)
        elif action == "delivered":
            self._mine(account, view, action)
            self._send(self._feeds[account.id].done, account, view)
        else:
            raise Refused(f"unknown action {action!r}", 404)

    def _view(self, account: Account, request_id: str) -> RequestView:
        for view, _note in self.visible(account):
            if view.id == request_id:
                return view
        log.warning("refused: %s acted on request %r outside what they can see (zone %s)",
                    account.id, request_id[:64], account.zone)
        raise Refused("no such request in your zone", 404)

    def _claim(self, account: Account, view: RequestView) -> None:
        if view.status != "open":
            log.info("refused: %s claimed %s, already %s by %s", account.id, view.id,
                     view.status, view.claimed_by_id)
            raise Refused(f"already {view.status}")
        self._send(self._feeds[account.id].claim, account, view)

    def _mine(self, account: Account, view: RequestView, action: str) -> None:
        if view.status != "claimed" or view.claimed_by_id != account.id:
            log.info("refused: %s sent %s for %s (%s by %s)", account.id, action, view.id,
                     view.status, view.claimed_by_id)
            raise Refused("claim it first")

    def _note(self, account: Account, view: RequestView, kind: str, eta_min: int | None) -> None:
        self._mine(account, view, kind)
        feed = self._feeds[account.id]
        eta = (eta_min * 60 if eta_min else ON_MY_WAY_ETA_S) if kind == "on-my-way" else None
        self._send(lambda request_id: feed.progress(request_id, STEPS[kind], eta), account, view,
                   what=kind)
        with self._lock:
            self._notes[view.id] = Note(account.id, account.name, kind, self.clock(),
                                        eta // 60 if eta else None)
        self._changed()

    def _send(self, send: Callable[[str], None], account: Account, view: RequestView,
              what: str = "") -> None:
        try:
            send(view.id)
        except PayloadError as exc:  # the doc vanished between the check and the send
            raise Refused(exc.message) from None
        log.info("%s by %s for request %s sent", what or send.__name__, account.id, view.id)
