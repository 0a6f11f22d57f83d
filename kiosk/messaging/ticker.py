"""Drives ``SizeRequests.tick`` (escalation, expiry, deletion) from its own thread."""

from __future__ import annotations

import logging
import threading

from kiosk.messaging.requests import SizeRequests

log = logging.getLogger(__name__)


class RequestTicker:
    """Calls ``tick()`` every ``interval_s`` on its own thread (or drive tick from a QTimer)."""

    def __init__(self, requests: SizeRequests, interval_s: float = 0.5):
        self.requests, self.interval_s = requests, interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="size-request-ticker", daemon=True)

    def start(self) -> RequestTicker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.requests.tick()
            except Exception:
                log.exception("size request tick failed")
