"""Sliding-window rate limits for token redemption (per phone address and overall).

128 random bits already make guessing hopeless; the limit keeps a scanner
from turning the service into a free oracle or a CPU sink.  In memory on
purpose: one service process per store, and a restart only resets counters.
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
