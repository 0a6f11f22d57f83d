"""Sliding-window rate limits for token redemption.

128 random bits already make guessing hopeless; the limits keep a scanner
from turning the service into a free oracle or a CPU sink.  In memory on
purpose: one service process per store, and a restart only resets counters.

``RedeemLimits`` is the policy: only *unknown* tokens (forged, malformed: the
HMAC check needs no I/O) count per address and store-wide, so a flood of
guesses slows guessing down but never locks a shopper with a real code out.
A real code is limited only per token (a leaked link hammered from anywhere).
"""

from __future__ import annotations

import threading
from collections import deque


class RateLimiter:
    def __init__(self, limit: int, window_s: float, max_keys: int = 10_000):
        self.limit = limit
        self.window_s = window_s
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float) -> bool:
        """Count one attempt for ``key``; False once it made ``limit`` in the window."""
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self._max_keys:
                    self._forget_idle(now)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def retry_after(self, key: str, now: float) -> int:
        with self._lock:
            hits = self._hits.get(key)
            return max(1, int(hits[0] + self.window_s - now) + 1) if hits else 1

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window_s]
        for key in idle:
            del self._hits[key]
        if len(self._hits) >= self._max_keys:  # still full: an attack from many addresses
            self._hits.clear()


class RedeemLimits:
    """Who waits, and how long, before a ``/h/<token>`` is looked up; 0 means go on."""

    def __init__(self, per_minute: int):
        self.per_address = RateLimiter(per_minute, 60.0)
        self.per_token = RateLimiter(per_minute, 60.0)
        # Store-wide cap on guesses, above any honest store's rate of mistyped links.
        self.unknown_overall = RateLimiter(max(per_minute * 50, 600), 60.0)

    def genuine(self, id_hash: str, now: float) -> int:
        return _wait(self.per_token, id_hash, now)

    def unknown(self, address: str, now: float) -> int:
        return _wait(self.per_address, address, now) or _wait(self.unknown_overall, "*", now)


def _wait(limiter: RateLimiter, key: str, now: float) -> int:
    return 0 if limiter.allow(key, now) else limiter.retry_after(key, now)
