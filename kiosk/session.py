"""Shopper session state machine: attract -> engaged -> leaving -> (wipe) -> attract.

Pure and clock-driven: feed it presence (from vision, already debounced) and touches,
and call ``tick(now)``; it never reads a clock itself, so tests run on a fake clock.

Privacy (docs/privacy.md): once nobody has been seen or has touched the screen for
``forget_after_s`` (never more than 30 s), every wipe listener runs and the session id
changes.  Camera-off mode engages on touch and leaves after ``idle_s`` without one, unless
the session is held: a shopper waiting in the cubicle for a size does not touch the mirror
(kiosk.room_request).  A hold never stretches the camera's deadline.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.config import LEAVE_GRACE_S, MAX_FORGET_SECONDS

log = logging.getLogger(__name__)


class State(enum.StrEnum):
    ATTRACT = "attract"
    ENGAGED = "engaged"
    LEAVING = "leaving"


@dataclass
class SessionTimings:
    leave_grace_s: float = LEAVE_GRACE_S  # absence before we show "goodbye"
    forget_after_s: float = 30.0    # absence before everything is wiped
    idle_s: float = 90.0            # no touch and nobody seen (camera off): treat as gone
    # How long debounced presence stays true after the shopper was last really seen (vision
    # absent_after_s + tracker carry-over).  Taken off forget_after_s so the wipe comes within
    # forget_after_s of *leaving*, not of the debounced signal (tests/privacy/test_privacy_wipe.py).
    presence_lag_s: float = 0.0

    def __post_init__(self) -> None:
        if not 0 < self.forget_after_s <= MAX_FORGET_SECONDS:
            raise ValueError(f"forget_after_s must be in (0, {MAX_FORGET_SECONDS:g}]")
        self.leave_grace_s = min(self.leave_grace_s, self.forget_after_s)


@dataclass
class Session:
    timings: SessionTimings = field(default_factory=SessionTimings)
    state: State = State.ATTRACT
    session_id: str | None = None
    camera_on: bool = True  # without a camera, "gone" can only mean "no touch for idle_s"
    _last_seen: float | None = None
    _seen_by_camera: bool = False
    _held: bool = False
    _listeners: list[Callable[[State, State], None]] = field(default_factory=list)
    _wipers: list[Callable[[], None]] = field(default_factory=list)

    def on_change(self, listener: Callable[[State, State], None]) -> None:
        self._listeners.append(listener)

    def on_wipe(self, wiper: Callable[[], None]) -> None:
        """Register something holding shopper data; it is cleared on every wipe."""
        self._wipers.append(wiper)

    def presence(self, present: bool, now: float) -> None:
        """``now``: when the frame was captured (frame time), not when its result arrived: a
        result that comes late must not keep the shopper longer (issue 14, defect 6)."""
        if present:
            self._activity(now)
            self._seen_by_camera = True

    def touch(self, now: float) -> None:
        self._activity(now)
        self._seen_by_camera = False

    def hold(self) -> None:
        """Something in the room still needs the shopper (an open size request): in touch-only
        mode no goodbye and no wipe until ``release``.  With a camera, presence alone decides."""
        self._held = True

    def release(self, now: float) -> None:
        """The hold ended: without a camera the idle time starts again from now."""
        self._held = False
        if self.touch_only and self._last_seen is not None:
            self._last_seen = max(self._last_seen, now)

    @property
    def touch_only(self) -> bool:
        # A camera that saw the shopper last keeps the camera deadline even if it drops out
        # afterwards: its going away must not stretch the wipe past forget_after_s.
        return not (self.camera_on or self._seen_by_camera)

    def idle_for(self, now: float) -> float:
        """Seconds since the shopper was last seen or touched the screen (0 without a session)."""
        return 0.0 if self._last_seen is None else now - self._last_seen

    def tick(self, now: float) -> None:
        if self.state is State.ATTRACT or self._last_seen is None:
            return
        if self._held and self.touch_only:
            return
        absent = now - self._last_seen
        camera = not self.touch_only
        grace = self.timings.leave_grace_s if camera else self.timings.idle_s
        forget = grace + self.timings.forget_after_s - self.timings.leave_grace_s
        # Never below the leave grace: a lag as long as the forget time would otherwise end a
        # session between two frames of a shopper standing there (the config refuses that).
        seen_forget = max(self.timings.leave_grace_s, self.timings.forget_after_s - self.timings.presence_lag_s)
        if absent >= (seen_forget if camera else forget):
            self.end(now)
        elif self.state is State.ENGAGED and absent >= grace:
            self._go(State.LEAVING)

    def end(self, now: float | None = None) -> None:
        """Shopper gone (or tapped 'done'): wipe everything and return to attract."""
        self._wipe()
        self._last_seen = None
        self._held = False  # the next shopper starts free of this one's requests
        self.session_id = None
        self._go(State.ATTRACT)

    def _activity(self, now: float) -> None:
        # max: a sighting that arrives after a newer one never moves the last sighting back
        self._last_seen = now if self._last_seen is None else max(self._last_seen, now)
        if self.state is State.ATTRACT:
            self.session_id = uuid.uuid4().hex
        if self.state is not State.ENGAGED:
            self._go(State.ENGAGED)

    def _wipe(self) -> None:
        # Every holder of shopper data is wiped even if one of them fails (docs/privacy.md).
        for wiper in self._wipers:
            try:
                wiper()
            except Exception:  # boundary: a failing wiper must not keep the others' data
                log.exception("a wipe step failed; the others still ran")

    def _go(self, new: State) -> None:
        old, self.state = self.state, new
        if old is not new:
            for listener in self._listeners:
                listener(old, new)
