"""Live (VIDEO mode) vision on a sequence of real frames: tracking, sparse pose, presence."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

from hardware.camera.frames import Frame
from kiosk.vision.factory import build_pipeline
from kiosk.vision.pipeline import VisionSettings
from kiosk.vision.worker import VisionWorker
from tests.support.photos import fit_640x480, models_dir, photo

FPS = 30.0


def sequence(*parts: tuple[str, int]) -> list[Frame]:
    frames, seq = [], 0
    for name, count in parts:
        image = fit_640x480(photo(name))
        for _ in range(count):
            frames.append(Frame(seq=seq, ts=100.0 + seq / FPS, image=image))
            seq += 1
    return frames


@pytest.fixture(scope="module")
def live():
    settings = VisionSettings(pose_every_n_frames=3, present_after_s=0.3, absent_after_s=1.0,
                              pose_in_background=False)  # deterministic: pose inline
    pipeline = build_pipeline(models_dir(), settings)
    yield pipeline
    pipeline.close()


def test_shopper_arrives_stays_and_leaves_without_flicker(live):
    frames = sequence(("coffee.png", 15), ("astronaut.png", 45), ("chelsea.png", 45))
    observations = [live.process(frame) for frame in frames]
    present = [o.present for o in observations]
    arrived = present.index(True)
    assert 15 + 9 <= arrived <= 15 + 12  # 0.3 s after she appears
    left = present.index(False, arrived)
    assert 60 + 29 <= left <= 60 + 33  # 1.0 s after the last sighting
    assert all(present[arrived:left]) and not any(present[left:])
    assert not any(o.person_in_frame for o in observations[:15])


def test_pose_runs_every_third_frame_and_is_carried_between(live):
    live.forget()
    observations = [live.process(f) for f in sequence(("basketball1.png", 4), ("basketball2.png", 5))]
    fresh = [o.pose_fresh for o in observations]
    assert fresh == [True, False, False] * 3
    assert all(o.pose_keypoints is not None and o.person_mask is not None for o in observations)
    assert observations[1].pose_keypoints is observations[0].pose_keypoints  # carried, not re-run
    assert [o.pose_ts for o in observations[:3]] == [observations[0].ts] * 3
    assert observations[3].pose_ts == observations[3].ts


def test_carried_keypoints_follow_the_face_between_pose_runs(live):
    live.forget()
    still = fit_640x480(photo("astronaut.png"))
    moved = cv2.warpAffine(still, np.float32([[1, 0, 24], [0, 1, 0]]), (640, 480))
    frames = [Frame(seq=i, ts=200 + i / FPS, image=img) for i, img in enumerate([still, moved])]
    first, second = live.process(frames[0]), live.process(frames[1])
    assert first.pose_fresh and not second.pose_fresh
    shift = second.pose_keypoints[:, 0] - first.pose_keypoints[:, 0]
    assert np.allclose(shift, second.face_box.centre[0] - first.face_box.centre[0])
    assert 18 < shift[0] < 30  # she moved 24 px; her outline moved with her
    assert second.person_mask is first.person_mask


def test_iris_model_runs_once_a_pose_cycle_and_is_carried_otherwise(live, monkeypatch):
    live.forget()
    mesh = live.backends.face_mesh
    calls = []
    real = mesh._iris_points
    monkeypatch.setattr(mesh, "_iris_points", lambda *a: calls.append(1) or real(*a))
    observations = [live.process(f) for f in sequence(("astronaut.png", 7))]
    # frame 0: nothing to carry yet (runs); then phase 1 of each cycle: frames 1 and 4
    assert len(calls) == 2 * 3  # two eyes each time
    irises = [o.face_landmarks[468:] for o in observations]
    assert all(np.allclose(i, irises[1], atol=0.5) for i in irises[1:])  # same eyes, same place


def test_background_pose_delivers_results_from_earlier_frames_and_stops_cleanly():
    pipeline = build_pipeline(models_dir(), VisionSettings(pose_every_n_frames=3))
    try:
        frames = sequence(("basketball1.png", 40))
        observations = [pipeline.process(f) for f in frames]
        import time

        deadline = time.monotonic() + 30
        while pipeline.stats.pose_runs == 0 and time.monotonic() < deadline:
            observations.append(pipeline.process(Frame(len(observations), 102 + len(observations) / FPS,
                                                       frames[0].image)))
    finally:
        pipeline.close()
    with_pose = [o for o in observations if o.pose_keypoints is not None]
    assert with_pose, "the pose thread never delivered"
    assert all(o.pose_ts <= o.ts for o in with_pose)
    assert with_pose[-1].pose_keypoints[27, 2] > 0.9  # real ankles, from the pose thread
    assert not pipeline._pose._thread.is_alive()


def test_worker_emits_observations_for_the_newest_frames_and_stops():
    frames = sequence(("astronaut.png", 10))
    cursor = {"i": 0}

    def camera_latest():  # a camera that moves on one frame each time it is asked
        cursor["i"] = min(cursor["i"] + 1, len(frames))
        return frames[cursor["i"] - 1]

    got, done = [], threading.Event()

    def on_observation(obs):
        got.append(obs)
        if obs.seq == frames[-1].seq:
            done.set()

    pipeline = build_pipeline(models_dir())
    worker = VisionWorker(pipeline, camera_latest, on_observation)
    worker.start()
    try:
        assert done.wait(60), "the last frame never came out"
    finally:
        worker.stop()
        pipeline.close()
    seqs = [o.seq for o in got]
    assert seqs == sorted(set(seqs))  # in order, never twice
    assert worker.stats.skipped == 10 - len(seqs)  # newest-only: the rest were skipped
    assert all(o.face_box is not None for o in got)
    assert threading.current_thread() is threading.main_thread()
