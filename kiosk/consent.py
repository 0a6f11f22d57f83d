"""Colour analysis behind explicit consent (docs/privacy.md).

The ``ColourSession`` accumulator only exists between ``opt_in`` and ``forget``; frames
are fed to it from the vision thread only while it exists, and its result is read from
the GUI thread, so both go through one lock.  Nothing here is logged, stored or sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.colour.accumulator import ColourSession
from kiosk.colour.result import ColourAnalysis


class ColourConsent:
    def __init__(self, make_session: Callable[[], ColourSession] = ColourSession):
        self._make_session = make_session
        self._session: ColourSession | None = None
        self._lock = threading.Lock()
        self.frames_fed = 0

    @property
    def opted_in(self) -> bool:
        return self._session is not None

    def opt_in(self) -> None:
        with self._lock:
            if self._session is None:
                self._session = self._make_session()
                self.frames_fed = 0

    def forget(self) -> None:
        """Opt-out or the shopper left: drop every sample."""
        with self._lock:
            if self._session is not None:
                self._session.reset()
            self._session = None
            self.frames_fed = 0

    def feed(self, observation: object) -> None:
        """From the vision thread: sample this frame only if the shopper opted in."""
        image = getattr(observation, "image", None)
        if image is None or not getattr(observation, "present", False):
            return
        with self._lock:
            if self._session is None:
                return
            if self._session.feed(image, observation) is not None:
                self.frames_fed += 1

    def result(self) -> ColourAnalysis | None:
        with self._lock:
            return self._session.result() if self._session is not None else None
