"""The watchdog heartbeat, beaten from a timer on the GUI thread.

Why the GUI thread: a kiosk whose UI froze (a deadlock, a runaway paint) looks dead to a
shopper even if every worker thread is fine.  Driving ``beat()`` from a QTimer means a
frozen event loop stops WATCHDOG=1, and systemd (WatchdogSec=) kills and restarts us.

``checks`` are extra liveness conditions (name -> callable returning None when fine, or a
reason).  A failing check withholds the beat only after ``grace_s``, so a transient hiccup
never restarts a mirror mid-session.  Keep checks for states a restart really fixes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kiosk.health.sdnotify import SystemdNotifier

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 5.0
Check = Callable[[], str | None]


class Heartbeat:
    def __init__(self, notifier: SystemdNotifier, *, clock: Callable[[], float] = time.monotonic,
                 grace_s: float = 60.0):
        self.notifier, self.clock, self.grace_s = notifier, clock, grace_s
        self._checks: dict[str, Check] = {}
        self._failing_since: dict[str, float] = {}
        self._status = ""
        self.beats = 0
        self.withheld: str | None = None  # why the last beat was withheld, for health

    @property
    def interval_s(self) -> float:
        """How often to call beat(): half the watchdog period, as sd_watchdog_enabled(3) advises."""
        watchdog = self.notifier.watchdog_s
        return DEFAULT_INTERVAL_S if watchdog is None else max(0.05, watchdog / 2)

    def add_check(self, name: str, check: Check) -> None:
        self._checks[name] = check

    def ready(self, status: str = "attract screen shown") -> None:
        """Call once the first screen is painted: systemd then counts the start as done."""
        self.notifier.ready(status)
        self._status = status

    def beat(self) -> bool:
        """One heartbeat; True if WATCHDOG=1 was sent (False outside systemd or when withheld)."""
        self.withheld = self._overdue_failure(self.clock())
        if self.withheld:
            log.error("watchdog beat withheld: %s", self.withheld)
            return False
        self.beats += 1
        return self.notifier.watchdog()

    def status(self, text: str) -> None:
        """STATUS= line shown by `systemctl status` (sent only when it changes)."""
        if text != self._status:
            self._status = text
            self.notifier.status(text)

    def stopping(self) -> None:
        self.notifier.stopping()

    def _overdue_failure(self, now: float) -> str | None:
        for name, check in self._checks.items():
            try:
                reason = check()
            except Exception as exc:  # a check must never crash the GUI timer
                reason = f"check raised {type(exc).__name__}: {exc}"
            if reason is None:
                self._failing_since.pop(name, None)
                continue
            since = self._failing_since.setdefault(name, now)
            if now - since >= self.grace_s:
                return f"{name}: {reason}"
        return None
