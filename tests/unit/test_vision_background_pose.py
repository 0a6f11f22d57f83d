"""BackgroundPose: hands frames to its thread only when idle, never queues, forgets cleanly."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from kiosk.vision.background_pose import BackgroundPose
from kiosk.vision.detector import Detections, PoseFound

RGB = np.zeros((48, 64, 3), np.uint8)


class GatedPose:
    """A pose backend that finishes only when the test opens the gate."""

    def __init__(self):
        self.gate = threading.Event()
        self.calls: list[int] = []

    def detect(self, rgb, timestamp_ms):
        self.calls.append(timestamp_ms)
        self.gate.wait(5)
        keypoints = np.full((33, 3), float(timestamp_ms), np.float32)
        return Detections(pose=PoseFound(keypoints))


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.001)


@pytest.fixture
def rig():
    backend = GatedPose()
    runner = BackgroundPose(backend, every_n=2)
    yield backend, runner
    backend.gate.set()
    runner.close()


def test_only_due_frames_go_to_an_idle_thread_and_results_come_back_later(rig):
    backend, runner = rig
    assert runner.step(RGB, 0, 0.0) == (None, False)  # due: handed over, nothing yet
    wait_until(lambda: backend.calls == [0])
    runner.step(RGB, 33, 0.033)  # not due
    runner.step(RGB, 66, 0.066)  # due, but the thread is busy: dropped, not queued
    backend.gate.set()
    wait_until(lambda: runner._done is not None)
    pose, fresh = runner.step(RGB, 99, 0.099)
    assert fresh and pose.keypoints[0, 0] == 0 and runner.pose_ts == 0.0
    assert runner.step(RGB, 132, 0.132)[1] is False  # handed out once; 132 is due: sent
    wait_until(lambda: backend.calls == [0, 132])  # 66 was never computed


def test_forget_drops_a_result_computed_for_the_previous_shopper(rig):
    backend, runner = rig
    runner.step(RGB, 0, 0.0)
    wait_until(lambda: backend.calls == [0])
    runner.forget()
    backend.gate.set()
    wait_until(lambda: runner._job is None)
    time.sleep(0.01)
    assert runner.step(RGB, 33, 0.033) == (None, False)
    assert runner.pose_ts is None


def test_close_stops_the_thread():
    runner = BackgroundPose(GatedPose(), every_n=3)
    runner.close()
    assert not runner._thread.is_alive()


def test_a_pose_is_never_carried_onto_a_frame_of_another_size(rig):
    backend, runner = rig
    backend.gate.set()
    runner.step(RGB, 0, 0.0)
    wait_until(lambda: runner._done is not None)
    bigger = np.zeros((96, 128, 3), np.uint8)  # the camera reopened at another resolution
    assert runner.step(bigger, 33, 0.033)[0] is None
    assert runner.step(RGB, 66, 0.066)[0] is None  # and it is gone for good
