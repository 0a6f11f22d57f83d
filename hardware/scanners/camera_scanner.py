"""Runs ``CameraTagReader`` on the newest camera frame a few times a second, on its own thread.

It shares the capture loop with the vision worker (``CaptureLoop.latest``) and
never queues: a frame it has already looked at is skipped.  4 reads a second
cost about 5 % of one core (docs/performance.md) and feel instant to a shopper
holding a tag up.  A tag hanging in view is reported once, then held.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from hardware.camera.frames import Frame
from hardware.scanners.base import ReaderThread, RepeatFilter
from hardware.scanners.camera_tags import CameraTagReader
from hardware.scanners.events import ErrorHandler, ScanHandler

log = logging.getLogger(__name__)


class CameraTagScanner:
    name = "camera-tags"

    def __init__(self, latest_frame: Callable[[], Frame | None], *,
                 reader: CameraTagReader | None = None, interval_s: float = 0.25,
                 hold_s: float = 2.0, clock: Callable[[], float] = time.monotonic):
        self.latest_frame = latest_frame
        self.reader = reader or CameraTagReader()
        self.interval_s = interval_s
        self.repeats = RepeatFilter(hold_s, clock)
        self.counts = {"frames": 0, "items": 0, "errors": 0, "failures": 0}
        self._worker = ReaderThread("camera-tags")
        self._last_seq: int | None = None
        # The app may pause reading while nobody is at the mirror (attract screen): the
        # thread then only wakes to check this flag.
        self.paused = False

    def start(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        self._worker.start(self._run, on_scan, on_error)

    def stop(self) -> None:
        self._worker.stop()

    def _run(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        while not self._worker.stopping.wait(self.interval_s):
            frame = None if self.paused else self.latest_frame()
            if frame is None or frame.seq == self._last_seq:
                continue
            self._last_seq = frame.seq
            try:
                self.scan_once(frame, on_scan, on_error)
            except Exception:  # thread boundary: a decoder bug must not end scanning
                self.counts["failures"] += 1
                log.exception("camera tag decoding failed")

    def scan_once(self, frame: Frame, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        self.counts["frames"] += 1
        reading = self.reader.read(frame)
        for item in reading.items:
            if self.repeats.fresh(item.gtin):
                self.counts["items"] += 1
                on_scan(item)
        for error in reading.errors:
            if self.repeats.fresh("error:" + error.message):
                self.counts["errors"] += 1
                on_error(error)
