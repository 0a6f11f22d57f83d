"""Mirror-side "Send to my phone" flow: a pure, clock-driven state machine the UI renders.

    idle --tap--> sending --created--> showing --claimed--> opened --(thanks_s)--> idle
                          \\--failed--> failed --tap (retry)--> sending
    showing --(unopened until the token's end)--> expired --tap--> sending
    any state --shopper_left--> idle (at once)

Idle after ``opened`` is a hand-off that worked (the UI goes back to the basket); only
``expired`` says the code ran out unopened.

The UI calls ``tap``; runs ``HandoffClient.create`` off the GUI thread
(``HandoffSender`` does that); feeds back ``created``/``failed``; forwards
``claimed`` from the bus (``subscribe_claimed``); calls ``tick`` once a second
and paints ``view()``.  A failed or expired hand-off never leaves a QR up.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from kiosk.errors import HandoffError, PayloadError
from kiosk.handoff.client import Handoff, HandoffClient
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.payloads import HandoffClaimed, parse

log = logging.getLogger(__name__)


class Phase(enum.StrEnum):
    IDLE = "idle"
    SENDING = "sending"
    SHOWING = "showing"
    OPENED = "opened"
    EXPIRED = "expired"
    FAILED = "failed"


@dataclass(frozen=True)
class View:
    phase: Phase
    handoff: Handoff | None = None   # QR matrix + domain while SHOWING
    seconds_left: int = 0
    error: str | None = None         # FAILED: why (for the log / staff), the UI shows a friendly line


class HandoffFlow:
    def __init__(self, thanks_s: float = 6.0):
        self.thanks_s = thanks_s
        self._phase = Phase.IDLE
        self._handoff: Handoff | None = None
        self._error: str | None = None
        self._since = 0.0
        self._now = 0.0

    @property
    def phase(self) -> Phase:
        return self._phase

    def tap(self, now: float) -> bool:
        """Start (or retry) a hand-off; False if one is already on its way or showing."""
        if self._phase in (Phase.SENDING, Phase.SHOWING):
            return False
        self._go(Phase.SENDING, now)
        return True

    def created(self, handoff: Handoff, now: float) -> None:
        if self._phase is Phase.SENDING:  # the shopper may have left meanwhile: drop it
            self._handoff = handoff
            self._go(Phase.SHOWING, now)

    def failed(self, error: Exception, now: float) -> None:
        if self._phase is Phase.SENDING:
            self._error = str(error)
            self._go(Phase.FAILED, now)

    def claimed(self, token_hash: str, now: float) -> None:
        if self._phase is Phase.SHOWING and self._handoff and token_hash == self._handoff.token_hash:
            self._go(Phase.OPENED, now)

    def shopper_left(self, now: float) -> None:
        self._go(Phase.IDLE, now)

    def tick(self, now: float) -> None:
        self._now = now
        if self._phase is Phase.SHOWING and self._handoff and now >= self._handoff.expires_at:
            self._go(Phase.EXPIRED, now)
        elif self._phase is Phase.OPENED and now - self._since >= self.thanks_s:
            self._go(Phase.IDLE, now)

    def view(self, now: float | None = None) -> View:
        now = self._now if now is None else now
        if self._phase is Phase.SHOWING and self._handoff:
            return View(self._phase, self._handoff, self._handoff.seconds_left(now))
        return View(self._phase, error=self._error if self._phase is Phase.FAILED else None)

    def _go(self, phase: Phase, now: float) -> None:
        self._phase, self._since, self._now = phase, now, now
        if phase is not Phase.SHOWING:
            self._handoff = None   # nothing of the QR outlives the state that shows it
        if phase is not Phase.FAILED:
            self._error = None


class HandoffSender:
    """Runs ``client.create`` on one worker thread; ``done(result)`` gets a Handoff or a
    HandoffError, on that worker thread (the UI re-emits it as a queued Qt signal)."""

    def __init__(self, client: HandoffClient):
        self.client = client
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handoff-send")

    def send(self, basket, done: Callable[[Handoff | HandoffError], None],
             language: str | None = None) -> None:
        lines = tuple(basket.lines)   # read on the caller's thread: the basket may be wiped next

        def work() -> None:
            try:
                result: Handoff | HandoffError = self.client.create(_Lines(lines), language)
            except HandoffError as exc:
                result = exc
            done(result)

        self._pool.submit(work)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _Lines:
    lines: tuple


def subscribe_claimed(bus: Bus, store: str, mirror: str, on_claimed: Callable[[str], None]) -> None:
    """Call ``on_claimed(token_hash)`` (on the bus thread) when a phone opens this mirror's basket."""
    topic = topics.handoff_claimed(store, mirror)

    def handle(received_topic: str, payload: dict | None) -> None:
        try:
            message = parse(HandoffClaimed, payload, topic=received_topic)
        except PayloadError as exc:
            log.warning("ignored claimed message: %s", exc)
            return
        if message.mirror == mirror:
            on_claimed(message.token)

    bus.subscribe(topic, handle)
