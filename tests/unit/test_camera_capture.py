import time

import numpy as np
import pytest

from hardware.camera import CaptureLoop, normalise_frame
from hardware.camera.fake import FakeCamera
from kiosk.errors import CameraError


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def frames(n):
    return [np.full((48, 64, 3), i % 256, np.uint8) for i in range(n)]


def test_keeps_only_the_newest_frame_and_counts_drops():
    camera = FakeCamera(frames(50))
    loop = CaptureLoop(lambda: camera)
    loop.start()
    try:
        assert wait_for(lambda: loop.stats.frames > 200)
        first = loop.latest()
        assert wait_for(lambda: loop.latest().seq > first.seq)
        assert loop.stats.dropped > 0 and loop.stats.dropped < loop.stats.frames
        assert loop.status == "live"
    finally:
        loop.stop()
    assert loop.latest() is None and loop.status == "stopped"


def test_unplugged_camera_reports_unavailable_then_recovers():
    camera = FakeCamera(frames(3), fail_open=2)
    statuses = []
    loop = CaptureLoop(lambda: camera, retry_seconds=0.05, on_status=lambda s, r: statuses.append(s))
    loop.start()
    try:
        assert wait_for(lambda: loop.status == "live")
        assert "unavailable" in statuses
        assert camera.calls.count("open") == 3
    finally:
        loop.stop()


def test_watchdog_reopens_a_stalled_camera():
    camera = FakeCamera(frames(3), stall_after=20)
    loop = CaptureLoop(lambda: camera, stall_seconds=0.3)
    loop.start()
    try:
        assert wait_for(lambda: camera.calls.count("open") >= 2, timeout=6)
        assert camera.calls.count("close") >= 1
    finally:
        loop.stop()


def test_odd_frames_are_normalised_or_rejected_and_counted():
    good = normalise_frame(np.zeros((48, 64), np.uint16))
    assert good.shape == (48, 64, 3) and good.dtype == np.uint8
    assert normalise_frame(np.ones((48, 64, 4), np.float32)).max() == 255
    for bad in (np.zeros((0, 0, 3), np.uint8), np.zeros((4, 4, 3), np.uint8),
                np.zeros((48, 64, 2), np.uint8), np.full((48, 64, 3), np.nan), "frame"):
        with pytest.raises(CameraError):
            normalise_frame(bad)
    camera = FakeCamera([np.zeros((2, 2, 3), np.uint8), frames(1)[0]])
    loop = CaptureLoop(lambda: camera)
    loop.start()
    try:
        assert wait_for(lambda: loop.stats.rejected > 0 and loop.stats.frames > 0)
    finally:
        loop.stop()
