"""The zone's size requests, relayed from MQTT to each signed-in staff member's pages.

One ``StaffRequests`` (kiosk.messaging.staff, the same code as any handheld) per staff
account, all on the service's one broker connection: it knows which docs that account
may see (their zone; escalations for floor leads and managers) and sends claims and
dones exactly as a ``mosquitto_pub`` handheld does, with the account's id in the topic
and payload.  So the mirror still decides who wins; this service only refuses what the
account could not send (another zone, a request already taken, a done for someone
else's claim) and says why in the log.

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
from kiosk.messaging.staff import StaffRequests
from kiosk.messaging.views import RequestView
from kiosk.storeweb.accounts import Account, Accounts

log = logging.getLogger(__name__)
ACTIONS = ("claim", "on-my-way", "delivered", "cannot-find")
STEPS = {"on-my-way": "on_my_way", "cannot-find": "cannot_find"}  # page action -> contract step
# What "on my way" promises the shopper: a walk to the stockroom and back in a typical store.
# One figure for every associate until the page lets them pick one.
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


class RequestRelay:
    def __init__(self, bus: Bus, store: str, accounts: Accounts, *,
                 clock: Callable[[], float] = time.time):
        self.bus, self.store, self.clock = bus, store, clock
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
        views.sort(key=lambda v: (v.status != "open", -v.escalation, -v.created))
        with self._lock:
            return [(v, self._notes.get(v.id)) for v in views]

    # -- actions -----------------------------------------------------------------------------
    def act(self, account: Account, request_id: str, action: str) -> None:
        """Take one action as ``account``; Refused says why it cannot."""
        view = self._view(account, request_id)
        if action == "claim":
            self._claim(account, view)
        elif action in ("on-my-way", "cannot-find"):
            self._note(account, view, action)
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

    def _note(self, account: Account, view: RequestView, kind: str) -> None:
        self._mine(account, view, kind)
        feed = self._feeds[account.id]
        eta = ON_MY_WAY_ETA_S if kind == "on-my-way" else None
        self._send(lambda request_id: feed.progress(request_id, STEPS[kind], eta), account, view,
                   what=kind)
        with self._lock:
            self._notes[view.id] = Note(account.id, account.name, kind, self.clock())
        self._changed()

    def _send(self, send: Callable[[str], None], account: Account, view: RequestView,
              what: str = "") -> None:
        try:
            send(view.id)
        except PayloadError as exc:  # the doc vanished between the check and the send
            raise Refused(exc.message) from None
        log.info("%s by %s for request %s sent", what or send.__name__, account.id, view.id)
