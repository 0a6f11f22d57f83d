"""Claims and dones that arrive before the request they answer is known.

A restarted mirror's persistent session delivers the claims queued while it was
away, possibly before the broker hands back the retained docs it re-adopts.
Dropping them would lose "Anna is bringing M"; so they wait here briefly
(bounded in time and number) and are replayed when the request is adopted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Held = tuple[str, str, dict | None]  # (kind "claim"/"done"/"progress", topic, payload)


class EarlyMessages:
    def __init__(self, clock: Callable[[], float], keep_s: float = 30.0, limit: int = 200):
        self.clock, self.keep_s, self.limit = clock, keep_s, limit
        self._held: dict[str, list[tuple[float, Held]]] = {}
        self._lock = threading.Lock()
        self.dropped = 0

    def hold(self, request_id: str, kind: str, topic: str, payload: dict | None) -> None:
        with self._lock:
            if sum(len(v) for v in self._held.values()) >= self.limit:
                self.dropped += 1
                return
            self._held.setdefault(request_id, []).append((self.clock(), (kind, topic, payload)))

    def take(self, request_id: str) -> list[Held]:
        with self._lock:
            return [held for _, held in self._held.pop(request_id, [])]

    def prune(self) -> int:
        """Forget what waited longer than keep_s (the request really is unknown)."""
        cutoff = self.clock() - self.keep_s
        with self._lock:
            before = sum(len(v) for v in self._held.values())
            self._held = {rid: kept for rid, items in self._held.items()
                          if (kept := [(t, h) for t, h in items if t >= cutoff])}
            forgotten = before - sum(len(v) for v in self._held.values())
        self.dropped += forgotten
        return forgotten
