"""Capture loop: keep only the newest frame, count drops, reopen a stalled camera.

A reader thread pulls frames from the source as fast as it gives them.  Consumers call
``latest()`` and get the newest frame; a frame overwritten before anyone took it counts
as dropped.  A 1 Hz watchdog thread reopens the source when no frame arrived for
``stall_seconds`` -- even if the reader is stuck inside a blocking ``read`` (an unplugged
USB camera), by abandoning that reader and starting a new generation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from hardware.camera.frames import Frame, normalise_frame
from hardware.camera.sources import FrameSource
from hardware.errors import CameraError

log = logging.getLogger(__name__)

LIVE, UNAVAILABLE, STARTING, STOPPED = "live", "unavailable", "starting", "stopped"


@dataclass
class CaptureStats:
    frames: int = 0
    dropped: int = 0
    rejected: int = 0
    reopens: int = 0
    fps: float = 0.0
    last_error: str | None = None


class CaptureLoop:
    def __init__(self, source_factory: Callable[[], FrameSource], *, stall_seconds: float = 3.0,
                 retry_seconds: float = 1.0, on_status: Callable[[str, str | None], None] | None = None):
        self._factory = source_factory
        self._stall_seconds = stall_seconds
        self._retry_seconds = retry_seconds
        self._status_listeners = [on_status] if on_status else []
        self._lock = threading.Lock()
        self._latest: Frame | None = None
        self._taken_seq = -1
        self._seq = 0
        self._last_frame_at = time.monotonic()
        self._generation = 0
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.status = STOPPED
        self.stats = CaptureStats()

    def add_status_listener(self, listener: Callable[[str, str | None], None]) -> None:
        """``listener(status, reason)`` runs on the capture threads: keep it short."""
        self._status_listeners.append(listener)

    # -- consumer side -------------------------------------------------------------
    def latest(self) -> Frame | None:
        with self._lock:
            if self._latest is not None:
                self._taken_seq = self._latest.seq
            return self._latest

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        self._stopping.clear()
        self._last_frame_at = time.monotonic()
        self._set_status(STARTING, None)
        self._spawn_reader()
        watchdog = threading.Thread(target=self._watchdog, name="camera-watchdog", daemon=True)
        watchdog.start()
        self._threads.append(watchdog)

    def stop(self, timeout: float = 3.0) -> None:
        self._stopping.set()
        with self._lock:
            self._generation += 1
        for thread in self._threads:
            thread.join(timeout)
        self._threads = [t for t in self._threads if t.is_alive()]
        with self._lock:
            self._latest = None
        self._set_status(STOPPED, None)

    # -- threads -----------------------------------------------------------------------
    def _spawn_reader(self) -> None:
        with self._lock:
            self._generation += 1
            generation = self._generation
        reader = threading.Thread(target=self._read_loop, args=(generation,),
                                  name=f"camera-reader-{generation}", daemon=True)
        reader.start()
        self._threads = [t for t in self._threads if t.is_alive()] + [reader]

    def _current(self, generation: int) -> bool:
        return not self._stopping.is_set() and generation == self._generation

    def _read_loop(self, generation: int) -> None:
        while self._current(generation):
            source = self._open_source()
            if source is None:
                self._stopping.wait(self._retry_seconds)
                continue
            try:
                self._pump(source, generation)
            finally:
                source.close()

    def _open_source(self) -> FrameSource | None:
        try:
            source = self._factory()
            source.open()
            return source
        except CameraError as exc:
            self._set_status(UNAVAILABLE, str(exc))
        except Exception as exc:  # thread boundary: a driver error must not kill capture
            log.exception("camera open failed")
            self._set_status(UNAVAILABLE, f"camera open failed: {exc}")
        return None

    def _pump(self, source: FrameSource, generation: int) -> None:
        while self._current(generation):
            try:
                raw = source.read()
            except Exception as exc:  # thread boundary
                self._set_status(UNAVAILABLE, f"camera read failed: {exc}")
                return
            if raw is None:
                if time.monotonic() - self._last_frame_at > self._stall_seconds:
                    return  # reopen
                time.sleep(0.01)
                continue
            self._accept(raw, generation)

    def _accept(self, raw: object, generation: int) -> None:
        try:
            image = normalise_frame(raw)
        except CameraError as exc:
            self.stats.rejected += 1
            self.stats.last_error = str(exc)
            return
        now = time.monotonic()
        with self._lock:
            if generation != self._generation:
                return
            if self._latest is not None and self._latest.seq > self._taken_seq:
                self.stats.dropped += 1
            self._seq += 1
            self._latest = Frame(self._seq, now, image)
            interval = now - self._last_frame_at
            self._last_frame_at = now
        self.stats.frames += 1
        if interval > 0:
            self.stats.fps = 0.9 * self.stats.fps + 0.1 * (1.0 / interval) if self.stats.fps else 1.0 / interval
        if self.status != LIVE:
            self._set_status(LIVE, None)

    def _watchdog(self) -> None:
        while not self._stopping.wait(1.0):
            if time.monotonic() - self._last_frame_at <= self._stall_seconds:
                continue
            self._set_status(UNAVAILABLE, f"no frame for {self._stall_seconds:g} s")
            with self._lock:
                self._latest = None
            self.stats.reopens += 1
            self._last_frame_at = time.monotonic()  # give the new reader a full period
            self._spawn_reader()

    def _set_status(self, status: str, reason: str | None) -> None:
        if status == self.status and reason == self.stats.last_error:
            return
        self.status = status
        if reason:
            self.stats.last_error = reason
            log.warning("camera %s: %s", status, reason)
        for listener in self._status_listeners:
            try:
                listener(status, reason)
            except Exception:  # a UI callback must not kill capture
                log.exception("camera status callback failed")
