"""A fake camera for unit tests: yields given frames (or raises) and records every call."""

from __future__ import annotations

import numpy as np

from hardware.errors import CameraError


class FakeCamera:
    name = "fake"

    def __init__(self, frames: list[object] | None = None, *, fail_open: int = 0,
                 stall_after: int | None = None, loop: bool = True):
        self.frames = frames if frames is not None else [np.zeros((480, 640, 3), np.uint8)]
        self.fail_open = fail_open
        self.stall_after = stall_after
        self.loop = loop
        self.calls: list[str] = []
        self._index = 0
        self._reads = 0

    def open(self) -> None:
        self.calls.append("open")
        if self.fail_open > 0:
            self.fail_open -= 1
            raise CameraError("fake camera unplugged")

    def read(self) -> object | None:
        self.calls.append("read")
        self._reads += 1
        if self.stall_after is not None and self._reads > self.stall_after:
            return None
        if self._index >= len(self.frames):
            if not self.loop:
                return None
            self._index = 0
        frame = self.frames[self._index]
        self._index += 1
        return frame

    def close(self) -> None:
        self.calls.append("close")
