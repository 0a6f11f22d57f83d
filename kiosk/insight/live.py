"""Live figures of one mirror, kept from its own events: open requests, median answer time.

Fed by ``EventRecorder`` as events happen; read by the manager screen
(``ManagerStatus``) and published retained for Home Assistant.  Thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from kiosk.insight.events import Event
from kiosk.insight.metrics import percentile
from kiosk.insight.store import EventRow

CLOSING = {"size_delivered", "size_expired", "size_cancelled"}
WINDOW_S = 4 * 3600.0  # the median covers the last four hours: today's staffing, not last week's


class InsightStats(BaseModel):
    """Payload of ``retail/v1/{store}/mirror/{mirror}/insight`` (retained)."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    v: int = 1
    ts: float = Field(ge=0)
    open_requests: int = Field(ge=0)
    median_response_s: float | None = Field(None, ge=0)  # null: no claim in the window


class LiveStats:
    def __init__(self, clock: Callable[[], float] = time.time, window_s: float = WINDOW_S):
        self._clock, self._window = clock, window_s
        self._open: set[str] = set()
        self._claims: deque[tuple[float, float]] = deque()  # (ts, seconds to claim)
        self._lock = threading.Lock()

    def observe(self, event: Event | EventRow) -> bool:
        """Update from one event; True if a published figure may have changed."""
        with self._lock:
            if event.kind == "size_requested":
                self._open.add(event.request)
            elif event.kind in CLOSING:
                self._open.discard(event.request)
            elif event.kind == "size_claimed" and event.elapsed_s is not None:
                self._claims.append((event.ts, event.elapsed_s))
            else:
                return False
            return True

    @property
    def open_requests(self) -> int:
        with self._lock:
            return len(self._open)

    def median_response_s(self) -> float | None:
        """Median seconds from request to claim over the window; None with no claims."""
        with self._lock:
            horizon = self._clock() - self._window
            while self._claims and self._claims[0][0] < horizon:
                self._claims.popleft()
            values = [seconds for _, seconds in self._claims]
        return round(percentile(values, 50), 1) if values else None

    def snapshot(self) -> dict:
        """The retained ``InsightStats`` payload, as a JSON-ready dict (null median kept)."""
        return InsightStats(ts=round(self._clock(), 3), open_requests=self.open_requests,
                            median_response_s=self.median_response_s()).model_dump()
