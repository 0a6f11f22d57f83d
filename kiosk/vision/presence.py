"""Presence with hysteresis: the session must never see a shopper flicker in and out.

Someone is *present* once they have been seen for ``enter_s`` (a passer-by crossing the
frame in a blink does not wake the mirror) and stays present until nobody has been seen
for ``leave_s`` (a missed detection, a turn of the head or someone bending to pick up
a shoe does not end the session).  Time comes from frame timestamps, so tests drive it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PresenceHysteresis:
    enter_s: float = 0.3
    leave_s: float = 1.5
    present: bool = False
    _seen_since: float | None = None
    _last_seen: float | None = None

    def update(self, seen: bool, now: float) -> bool:
        """Feed one frame's raw verdict; returns the debounced presence."""
        if seen:
            # A gap no longer than enter_s does not restart the arrival count: a distant
            # shopper whose face is found on most frames still arrives.
            if self._last_seen is None or now - self._last_seen > self.enter_s:
                self._seen_since = now
            self._last_seen = now
            if not self.present and now - self._seen_since >= self.enter_s:
                self.present = True
        elif self.present and (self._last_seen is None or now - self._last_seen >= self.leave_s):
            self.present = False
        return self.present

    def reset(self) -> None:
        self.present = False
        self._seen_since = None
        self._last_seen = None
