"""A job the back office runs on its own thread (offline alerts, the stock feed): started
only when its config asks for it, ``tick`` every ``interval()`` seconds or at once after
``wake()``, a bug logged without ending it, stopped with the service (before its database
closes)."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class Periodic:
    thread_name = "backoffice-job"

    def __init__(self, join_s: float):
        self._join_s = join_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        raise NotImplementedError

    def interval(self) -> float:
        raise NotImplementedError

    def tick(self) -> object:
        raise NotImplementedError

    def start(self):
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        """Tick now rather than at the end of the interval (no-op when not started)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(self._join_s)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval())
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.tick()
            except Exception:  # a bug here must not end the job
                log.exception("%s failed", self.thread_name)
