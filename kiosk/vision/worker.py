"""VisionWorker: a thread that always processes the NEWEST frame and emits Observations.

It polls ``frame_source()`` (the capture loop's ``latest``), skips frames it has already
seen, and never queues: when vision is slower than the camera, the frames in between
are simply not looked at (counted in ``stats.skipped``).  ``on_observation`` runs on
this thread; the UI adapts it to a queued Qt signal.  Bad frames are counted and
skipped, an unexpected error is logged and counted, and the loop goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from hardware.camera.frames import Frame
from kiosk.errors import CameraError
from kiosk.vision.observation import Observation
from kiosk.vision.pipeline import VisionPipeline

log = logging.getLogger(__name__)
IDLE_WAIT_S = 0.001  # how long to wait for a new frame before asking again (adds ~0.5 ms latency)


@dataclass
class WorkerStats:
    processed: int = 0
    skipped: int = 0  # frames the camera produced that vision never saw (newest-only)
    rejected: int = 0  # frames that could not be normalised
    errors: int = 0
    last_total_ms: float = 0.0
    last_processed_at: float | None = None  # time.monotonic(): health sees a wedged worker


class VisionWorker:
    def __init__(self, pipeline: VisionPipeline, frame_source: Callable[[], Frame | None],
                 on_observation: Callable[[Observation], None], name: str = "vision"):
        self.pipeline = pipeline
        self._source = frame_source
        self._emit = on_observation
        self._stop = threading.Event()
        self._forget = threading.Event()
        self._thread: threading.Thread | None = None
        self._name = name
        self._last_seq: int | None = None
        max_fps = getattr(getattr(pipeline, "settings", None), "max_fps", 0) or 0
        self.configured_interval_s = 1.0 / max_fps if max_fps > 0 else 0.0
        self.min_interval_s = self.configured_interval_s
        self.stats = WorkerStats()

    def cap_rate(self, fps: float | None) -> None:
        """A temporary cap on top of the configured one (None lifts it); safe from any thread:
        the loop reads ``min_interval_s`` once per frame."""
        capped = 1.0 / fps if fps else 0.0
        self.min_interval_s = max(self.configured_interval_s, capped)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and join the thread (it finishes the frame in hand first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("vision worker did not stop within %.1f s", timeout)
                return
            self._thread = None

    def forget(self) -> None:
        """Ask the worker to drop tracked state (session wiped); safe from any thread."""
        self._forget.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            frame = self._source()
            if frame is None or frame.seq == self._last_seq:
                self._stop.wait(IDLE_WAIT_S)
                continue
            self._count_skipped(frame.seq)
            started = time.monotonic()
            self._step(frame)
            rest = self.min_interval_s - (time.monotonic() - started)
            if rest > 0:  # a rate cap leaves CPU to the UI on a 2-core mirror
                self._stop.wait(rest)

    def _count_skipped(self, seq: int) -> None:
        if self._last_seq is not None and seq > self._last_seq + 1:
            self.stats.skipped += seq - self._last_seq - 1
        self._last_seq = seq

    def _step(self, frame: Frame) -> None:
        if self._forget.is_set():
            self._forget.clear()
            self.pipeline.forget()
        try:
            observation = self.pipeline.process(frame)
        except CameraError as exc:
            self.stats.rejected += 1
            log.debug("frame %s rejected: %s", frame.seq, exc)
            return
        except Exception:  # thread boundary: log, count, keep watching
            self.stats.errors += 1
            log.exception("vision failed on frame %s", frame.seq)
            return
        self.stats.processed += 1
        self.stats.last_total_ms = observation.stage_ms.get("total", 0.0)
        self.stats.last_processed_at = time.monotonic()
        try:
            self._emit(observation)
        except Exception:  # a consumer bug must not kill vision
            self.stats.errors += 1
            log.exception("on_observation callback failed")
