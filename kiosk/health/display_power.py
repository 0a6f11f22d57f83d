"""When the display sleeps: after ``sleep_after_s`` with nobody present and no touch.

Driven by presence (debounced vision Observation.present), touches and a clock tick; it
never reads a clock itself unless given one.  It only sleeps while presence can actually be
sensed: with the camera off or unavailable (or in safe mode) a dark mirror could never be
woken by someone walking up, so it stays lit.  Adapter failures are logged, kept for the
health snapshot and retried after ``retry_s``; they never raise into the caller (the GUI).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from hardware.display.base import DisplayPower
from kiosk.errors import DisplayError

log = logging.getLogger(__name__)

WAKE_RETRY_S = 2.0  # a shopper is waiting: retry a failed wake soon, but not every frame


class DisplayPowerPolicy:
    def __init__(self, display: DisplayPower, *, sleep_after_s: float = 300.0,
                 clock: Callable[[], float] = time.monotonic, retry_s: float = 30.0):
        self.display, self.sleep_after_s, self.clock, self.retry_s = display, sleep_after_s, clock, retry_s
        self.awake = True           # what we last made the panel do (assumed lit at start)
        self.sensing = True         # can presence be sensed right now (camera live)?
        self.last_error: str | None = None
        self.sleeps = 0
        self._present = False
        self._last_activity = clock()
        self._failed_at: float | None = None

    @property
    def state(self) -> str:
        return "awake" if self.awake else "asleep"

    def presence(self, present: bool) -> None:
        self._present = present
        if present:
            self._activity()

    def touch(self) -> None:
        self._activity()

    def set_sensing(self, available: bool) -> None:
        """False when the camera is off/unavailable: wake, and do not sleep until it is back."""
        self.sensing = available
        if not available:
            self._present = False
            self._activity()

    def tick(self) -> None:
        """Call about once a second (a QTimer on the GUI thread is fine)."""
        now = self.clock()
        if self._present:
            self._last_activity = now
        if not self.awake:
            return
        idle = now - self._last_activity
        if self.sensing and idle >= self.sleep_after_s and self._may_retry(now):
            self._switch(False, now)

    def _activity(self) -> None:
        now = self.clock()
        self._last_activity = now
        if not self.awake and self._may_retry(now, WAKE_RETRY_S):
            self._switch(True, now)

    def _may_retry(self, now: float, after_s: float | None = None) -> bool:
        wait = self.retry_s if after_s is None else after_s
        return self._failed_at is None or now - self._failed_at >= wait

    def _switch(self, awake: bool, now: float) -> None:
        try:
            self.display.wake() if awake else self.display.sleep()
        except DisplayError as exc:
            self._failed_at, self.last_error = now, str(exc)
            log.error("display %s failed: %s", "wake" if awake else "sleep", exc)
            return  # still dark after a failed wake: the next activity retries
        self._failed_at = None
        self.awake = awake
        self.sleeps += int(not awake)
        log.info("display %s (%s)", self.state, self.display.name)
