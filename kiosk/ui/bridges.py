"""Adapters that carry thread events into the GUI thread as Qt signals (queued connections).

Camera and vision threads call plain Python callbacks; these objects turn them into
signals.  Nothing here blocks the GUI: frames are *pulled* by a timer on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from hardware.camera import Frame


class CameraBridge(QObject):
    """Polls the capture loop's newest frame on the GUI thread; relays status changes."""

    status_changed = Signal(str, str)    # status, reason ('' when none)

    def __init__(self, latest: Callable[[], Frame | None], fps: float = 30.0, parent: QObject | None = None):
        super().__init__(parent)
        self._latest = latest
        self._last_seq = -1
        # Plain callbacks: the poll timer already runs on the GUI thread, a signal adds nothing.
        self._frame_listeners: list[Callable[[Frame], None]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(max(5, int(1000 / fps)))
        self._timer.timeout.connect(self._poll)

    def on_frame(self, listener: Callable[[Frame], None]) -> None:
        self._frame_listeners.append(listener)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def on_status(self, status: str, reason: str | None) -> None:
        """Called on the capture thread; the signal crosses into the GUI thread."""
        self.status_changed.emit(status, reason or "")

    def _poll(self) -> None:
        frame = self._latest()
        if frame is not None and frame.seq != self._last_seq:
            self._last_seq = frame.seq
            for listener in self._frame_listeners:
                listener(frame)


class ObservationBridge(QObject):
    """Vision results from the worker thread, delivered to the GUI thread."""

    observation = Signal(object)
    vision_failed = Signal(str)

    def on_observation(self, observation: object) -> None:
        self.observation.emit(observation)
