"""HealthSnapshot: what the retained mirror state carries, and who collects it.

Nothing about shoppers is in it: counters, states, versions and our own error text only.
``HealthCollector`` reads its sources duck-typed (the capture loop's ``stats``/``status``,
the messaging's ``connected``/``outbox.counts()``, …) so it stays Qt-free and each source
is optional: a missing one is reported as ``None``, never guessed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from kiosk.health import process

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HealthSnapshot:
    uptime_s: float
    rss_mb: float
    threads: int
    fds: int
    camera: str | None = None          # live / starting / unavailable / stopped / off
    locked: bool | None = None         # closed by the back office's Lock (contract 1.6)
    camera_fps: float | None = None
    camera_frames: int | None = None
    camera_dropped: int | None = None
    camera_reopens: int | None = None
    vision_degraded: str | None = None
    broker_connected: bool | None = None
    outbox_pending: int | None = None
    outbox_quarantined: int | None = None  # rows that failed to send, set aside (issue 21)
    mqtt_loop_crashes: int | None = None   # paho network thread restarts after a crash
    catalogue_version: str | None = None
    catalogue_error: str | None = None  # why the last catalogue received was refused (kept the old)
    display: str | None = None         # awake / asleep
    safe_mode: str = "normal"
    last_error: str | None = None
    version: str | None = None

    def as_payload(self) -> dict[str, Any]:
        """The ``health`` dict of MirrorState (MirrorMessaging.publish_health)."""
        return {key: value for key, value in asdict(self).items() if value is not None}


class HealthCollector:
    def __init__(self, *, capture: Any = None, messaging: Any = None, pipeline: Any = None,
                 display: Any = None, safe_mode: Any = None,
                 catalogue_version: Callable[[], str | None] = lambda: None,
                 catalogue_error: Callable[[], str | None] = lambda: None,
                 locked: Callable[[], bool | None] = lambda: None,
                 errors: LastError | None = None, version: str | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.capture, self.messaging, self.pipeline = capture, messaging, pipeline
        self.display, self.safe_mode, self.catalogue_version = display, safe_mode, catalogue_version
        self.errors, self.version, self.clock = errors, version, clock
        self.catalogue_error, self.locked = catalogue_error, locked
        self.started = clock()

    def collect(self) -> HealthSnapshot:
        proc = process.sample()
        return HealthSnapshot(
            uptime_s=round(self.clock() - self.started, 1), rss_mb=proc.rss_mb,
            threads=proc.threads, fds=proc.fds, **self._camera(), **self._messaging(),
            vision_degraded=getattr(self.pipeline, "degraded", None),
            catalogue_version=_safely(self.catalogue_version),
            catalogue_error=_short(_safely(self.catalogue_error)), locked=_safely(self.locked),
            display=getattr(self.display, "state", None),
            safe_mode=getattr(self.safe_mode, "level", "normal"),
            last_error=self.errors.message if self.errors else None, version=self.version)

    def _camera(self) -> dict[str, Any]:
        if self.capture is None:
            return {"camera": "off"}
        stats = self.capture.stats
        return {"camera": self.capture.status, "camera_fps": round(stats.fps, 1),
                "camera_frames": stats.frames, "camera_dropped": stats.dropped,
                "camera_reopens": stats.reopens}

    def _messaging(self) -> dict[str, Any]:
        if self.messaging is None:
            return {}
        counts = _safely(self.messaging.outbox.counts) or {}
        mqtt_stats = getattr(getattr(self.messaging, "mqtt", None), "stats", {})
        return {"broker_connected": bool(self.messaging.connected),
                "outbox_pending": int(counts.get("pending", 0)),
                "outbox_quarantined": int(counts.get("quarantined", 0)),
                "mqtt_loop_crashes": int(mqtt_stats.get("loop_crashes", 0))}


class LastError(logging.Handler):
    """Keeps the newest ERROR log line (ours: no shopper data is ever logged), for health."""

    def __init__(self, max_chars: int = 200):
        super().__init__(logging.ERROR)
        self.max_chars = max_chars
        self.message: str | None = None
        self.at: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.message = f"{record.name}: {record.getMessage()}"[: self.max_chars]
            self.at = record.created
        except Exception:  # logging must never raise into the caller
            self.handleError(record)


def _short(text: str | None, max_chars: int = 300) -> str | None:
    return text[:max_chars] if isinstance(text, str) and text else None


def _safely(function: Callable[[], Any]) -> Any:
    try:
        return function()
    except Exception as exc:  # a failing source must not stop the snapshot
        log.warning("health source failed: %s", exc)
        return None
