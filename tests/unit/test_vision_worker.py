"""VisionWorker: newest frame only, counts what it skips or rejects, survives errors, stops."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from hardware.camera.frames import Frame
from kiosk.errors import CameraError
from kiosk.vision.observation import Observation
from kiosk.vision.worker import VisionWorker

IMAGE = np.zeros((48, 64, 3), np.uint8)


class RecordingPipeline:
    """Stands in for VisionPipeline (process / forget) so the thread logic is tested alone."""

    def __init__(self, fail_on=(), reject_on=()):
        self.seen: list[int] = []
        self.forgotten = 0
        self.fail_on, self.reject_on = set(fail_on), set(reject_on)

    def process(self, frame: Frame) -> Observation:
        self.seen.append(frame.seq)
        if frame.seq in self.reject_on:
            raise CameraError("bad frame")
        if frame.seq in self.fail_on:
            raise RuntimeError("model crashed")
        return Observation(seq=frame.seq, ts=frame.ts, frame_size=(64, 48), stage_ms={"total": 1.0})

    def forget(self) -> None:
        self.forgotten += 1


class SteppedCamera:
    """latest() returns whatever frame the test published last."""

    def __init__(self):
        self.frame: Frame | None = None

    def publish(self, seq: int) -> None:
        self.frame = Frame(seq=seq, ts=seq / 30, image=IMAGE)

    def latest(self) -> Frame | None:
        return self.frame


@pytest.fixture
def rig():
    pipeline, camera = RecordingPipeline(fail_on={3}, reject_on={4}), SteppedCamera()
    got: list[int] = []
    arrived = threading.Condition()

    def on_observation(obs):
        with arrived:
            got.append(obs.seq)
            arrived.notify_all()

    worker = VisionWorker(pipeline, camera.latest, on_observation)
    worker.start()
    yield worker, pipeline, camera, got, arrived
    worker.stop()


def wait_for(pipeline, seq, timeout=5.0):
    import time

    deadline = time.monotonic() + timeout
    while seq not in pipeline.seen:
        assert time.monotonic() < deadline, f"frame {seq} never processed"
        time.sleep(0.001)


def test_each_frame_is_processed_once_and_gaps_are_counted(rig):
    worker, pipeline, camera, got, _ = rig
    camera.publish(1)
    wait_for(pipeline, 1)
    camera.publish(7)  # frames 2..6 were overwritten in the camera: never looked at
    wait_for(pipeline, 7)
    worker.stop()
    assert pipeline.seen == [1, 7]  # the same frame is never processed twice
    assert got == [1, 7]
    assert worker.stats.skipped == 5 and worker.stats.processed == 2
    assert worker.stats.last_processed_at is not None


def test_rejected_frames_and_crashes_are_counted_and_the_loop_goes_on(rig):
    worker, pipeline, camera, got, _ = rig
    for seq in (3, 4, 5):
        camera.publish(seq)
        wait_for(pipeline, seq)
    worker.stop()
    assert got == [5]
    assert worker.stats.errors == 1 and worker.stats.rejected == 1


def test_forget_reaches_the_pipeline_on_the_worker_thread(rig):
    worker, pipeline, camera, _, _ = rig
    worker.forget()
    camera.publish(10)
    wait_for(pipeline, 10)
    worker.stop()
    assert pipeline.forgotten == 1


def test_stop_joins_the_thread():
    worker = VisionWorker(RecordingPipeline(), lambda: None, lambda obs: None)
    worker.start()
    assert worker.running
    worker.stop()
    assert not worker.running


class CappedPipeline(RecordingPipeline):
    def __init__(self, max_fps: float):
        super().__init__()
        self.settings = type("Settings", (), {"max_fps": max_fps})()


def test_a_temporary_rate_cap_adds_to_the_configured_one_and_lifts_back_to_it():
    worker = VisionWorker(CappedPipeline(max_fps=20), lambda: None, lambda obs: None)
    assert worker.min_interval_s == pytest.approx(0.05)
    worker.cap_rate(10)            # stricter than vision.max_fps: it applies
    assert worker.min_interval_s == pytest.approx(0.1)
    worker.cap_rate(30)            # looser: the configured cap still holds
    assert worker.min_interval_s == pytest.approx(0.05)
    worker.cap_rate(None)
    assert worker.min_interval_s == pytest.approx(0.05)
    uncapped = VisionWorker(RecordingPipeline(), lambda: None, lambda obs: None)
    uncapped.cap_rate(15)
    assert uncapped.min_interval_s == pytest.approx(1 / 15)
    uncapped.cap_rate(None)
    assert uncapped.min_interval_s == 0.0
