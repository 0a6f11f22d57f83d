"""Sign-in rate limits: per phone address (every attempt) and per account (failures).

A 4-digit PIN has 10 000 values: 5 failures per account per 15 minutes makes a
guess take weeks, and the per-address cap slows one phone trying many names.
A locked account still lets its owner in after the window; the log line names
the address so a floor lead can see who tried.  Reuses the hand-off limiter.
"""

from __future__ import annotations

import threading
from collections import deque

from kiosk.handoff.ratelimit import RateLimiter

ACCOUNT_WINDOW_S = 15 * 60.0
MAX_ACCOUNTS_TRACKED = 10_000  # names are checked against the roster first; bound it anyway


class SigninLimits:
    def __init__(self, per_address_per_minute: int, failures_per_account: int):
        self.per_address = RateLimiter(per_address_per_minute, 60.0)
        self.failure_limit = failures_per_account
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, address: str, staff_id: str, now: float) -> int:
        """0: go on and check the PIN; else seconds to wait (nothing is checked)."""
        if not self.per_address.allow(address, now):
            return self.per_address.retry_after(address, now)
        with self._lock:
            recent = self._recent(staff_id, now)
            if len(recent) >= self.failure_limit:
                return max(1, int(recent[0] + ACCOUNT_WINDOW_S - now) + 1)
        return 0

    def failed(self, staff_id: str, now: float) -> None:
        with self._lock:
            if len(self._failures) >= MAX_ACCOUNTS_TRACKED:
                self._failures.clear()
            self._recent(staff_id, now).append(now)

    def _recent(self, staff_id: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(staff_id, deque())
        while recent and recent[0] <= now - ACCOUNT_WINDOW_S:
            recent.popleft()
        return recent
