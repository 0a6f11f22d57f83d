"""VisionService: loads the models off the GUI thread, then runs the newest-frame worker.

Loading the models takes about a second; doing it on a thread lets the attract screen
appear first (cold-start budget) and lets the mirror run without vision (touch only)
when the models are missing, saying so through ``on_error``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from hardware.camera.frames import Frame
from kiosk.errors import KioskError
from kiosk.vision.factory import build_pipeline
from kiosk.vision.observation import Observation
from kiosk.vision.pipeline import VisionSettings
from kiosk.vision.worker import VisionWorker

log = logging.getLogger(__name__)


class VisionService:
    def __init__(self, models_dir: Path, settings: VisionSettings, backend: str,
                 frame_source: Callable[[], Frame | None],
                 on_observation: Callable[[Observation], None],
                 on_error: Callable[[str], None] = lambda message: None):
        self._models_dir, self._settings, self._backend = models_dir, settings, backend
        self._source, self._emit, self._on_error = frame_source, on_observation, on_error
        self._lock = threading.Lock()
        self._stopping = False
        self.worker: VisionWorker | None = None
        self.error: str | None = None
        self._rate_cap: float | None = None
        self._loader = threading.Thread(target=self._load, name="vision-loader", daemon=True)

    def start(self) -> None:
        self._loader.start()

    @property
    def degraded(self) -> str | None:
        """Why vision runs on a fall-back (or not at all), for health; None when all is well."""
        if self.error:
            return self.error
        return self.worker.pipeline.degraded if self.worker is not None else None

    @property
    def stats(self):
        return self.worker.stats if self.worker is not None else None

    def forget(self) -> None:
        if self.worker is not None:
            self.worker.forget()

    def cap_rate(self, fps: float | None) -> None:
        """Look at no more than ``fps`` frames a second until lifted (None), on top of
        ``vision.max_fps``; kept for a worker that is still loading."""
        with self._lock:
            self._rate_cap = fps
            if self.worker is not None:
                self.worker.cap_rate(fps)

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
        self._loader.join(30)
        if self.worker is not None:
            self.worker.stop()
            self.worker.pipeline.close()

    def _load(self) -> None:
        try:
            pipeline = build_pipeline(self._models_dir, self._settings, backend=self._backend)
        except KioskError as exc:
            self._fail(str(exc))
            return
        except Exception as exc:  # thread boundary: a broken model must not take the mirror down
            log.exception("vision could not start")
            self._fail(f"vision could not start: {exc}")
            return
        if pipeline.degraded:
            self._on_error(f"vision degraded: {pipeline.degraded}")
        with self._lock:
            if self._stopping:
                pipeline.close()
                return
            self.worker = VisionWorker(pipeline, self._source, self._emit)
            self.worker.cap_rate(self._rate_cap)
            self.worker.start()

    def _fail(self, message: str) -> None:
        self.error = message
        log.error("%s", message)
        self._on_error(message)
