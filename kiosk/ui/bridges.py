"""Adapters that carry thread events into the GUI thread as Qt signals (queued connections).

Camera and vision threads call plain Python callbacks; these objects turn them into
signals.  Nothing here blocks the GUI: frames are *pulled* by a timer on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from hardware.camera import Frame


class CameraBridge(QObject):
    """Polls the capture loop's newest frame on the GUI thread (its status changes hop over
    with ``GuiHop``)."""

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

    def _poll(self) -> None:
        frame = self._latest()
        if frame is not None and frame.seq != self._last_seq:
            self._last_seq = frame.seq
            for listener in self._frame_listeners:
                listener(frame)


class GuiHop(QObject):
    """The one way a thread's callback reaches the GUI thread: ``hop(fn)`` is a callable any
    thread may call; ``fn`` then runs on the GUI thread (a queued signal; called from the GUI
    thread itself, it runs at once)."""

    _call = Signal(object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._call.connect(self._run)

    def __call__(self, fn: Callable[..., object]) -> Callable[..., None]:
        return lambda *args: self._call.emit(fn, args)

    @Slot(object, object)
    def _run(self, fn: Callable[..., object], args: tuple) -> None:
        fn(*args)


class ObservationBridge(QObject):
    """Vision results from the worker thread, delivered to the GUI thread: the newest only.

    A queue of every result grew without end on a loaded PC whose GUI thread was slower than
    vision: the mirror acted on frames tens of seconds old (issue 14, defect 6).  Like the
    vision worker (newest frame), the GUI takes the newest result; the older one is dropped."""

    observation = Signal(object)
    vision_failed = Signal(str)
    _arrived = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._newest: object | None = None
        self.dropped = 0  # results replaced by a newer one before the GUI thread took them
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def on_observation(self, observation: object) -> None:
        """Any thread; the GUI thread gets it (or a newer one) from its event loop."""
        with self._lock:
            waiting, self._newest = self._newest is not None, observation
            self.dropped += int(waiting)
        if not waiting:
            self._arrived.emit()

    def _deliver(self) -> None:
        with self._lock:
            observation, self._newest = self._newest, None
        if observation is not None:
            self.observation.emit(observation)
