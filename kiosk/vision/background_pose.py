"""Pose on its own thread, so the per-frame face path never waits for it.

The pose model is by far the heaviest (17 ms with 2 cores, 30+ ms on one busy core);
run inline every 3rd frame it makes that frame, and the one queued behind it, late:
that is the camera-to-overlay p95.  Here the face path hands every n-th frame to a
pose thread *if it is idle* (never a queue) and uses the newest finished result, moved
with the face (``SparsePose.follow``).  The work per frame is the same; it just no longer
sits in front of the next frame.  The thread runs at a lower priority (nice +5) so the
UI and the face path win when the two cores are busy.

Only one thread ever calls the backend (mediapipe tasks are not thread-safe).
"""

from __future__ import annotations

import logging
import os
import threading

import numpy as np

from kiosk.vision.detector import Detector, PoseFound
from kiosk.vision.stages import SparsePose

log = logging.getLogger(__name__)
NICE = 5


class BackgroundPose(SparsePose):
    inline = False

    def __init__(self, backend: Detector, every_n: int = 3):
        super().__init__(backend, every_n)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._job: tuple[np.ndarray, int, float, int] | None = None
        self._done: tuple[PoseFound | None, float, tuple] | None = None
        self._generation = 0  # bumped by forget(): results computed before are dropped
        self._stopping = False
        self.errors = 0
        self._thread = threading.Thread(target=self._run, name="vision-pose", daemon=True)
        self._thread.start()

    def step(self, rgb: np.ndarray, ts_ms: int, frame_ts: float) -> tuple[PoseFound | None, bool]:
        due = self._frame % self.every_n == 0
        self._frame += 1
        with self._lock:
            if due and self._job is None:
                self._job = (rgb, ts_ms, frame_ts, self._generation)
                self._wake.notify()
            done, self._done = self._done, None
        if done is not None:
            self._keep(*done)
        return self._carried(rgb.shape), done is not None

    def forget(self) -> None:
        with self._lock:
            self._generation += 1
            self._job = self._done = None
        super().forget()

    def close(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._stopping = True
            self._wake.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
        except OSError:  # not permitted: run at normal priority
            pass
        while True:
            with self._lock:
                while self._job is None and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                rgb, ts_ms, frame_ts, generation = self._job
            pose = self._detect(rgb, ts_ms)
            with self._lock:
                self._job = None
                if generation == self._generation:
                    self._done = (pose, frame_ts, rgb.shape)

    def _detect(self, rgb: np.ndarray, ts_ms: int) -> PoseFound | None:
        try:
            return self.backend.detect(rgb, ts_ms).pose
        except Exception:  # thread boundary: count, log, keep the mirror running
            self.errors += 1
            log.exception("pose failed")
            return None
