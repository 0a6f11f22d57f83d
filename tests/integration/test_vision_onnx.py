"""The onnxruntime face detector (BlazeFace converted at build time) agrees with mediapipe."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.vision.factory import build_pipeline
from kiosk.vision.mediapipe_backends import MediapipeFaceDetector
from kiosk.vision.onnx_face import OnnxFaceDetector, letterbox
from tests.support.photos import NO_PEOPLE, box_iou, frame_of, models_dir, photo


@pytest.fixture(scope="module")
def detectors():
    root = models_dir()
    onnx = OnnxFaceDetector(root / "face_detection_short_range.onnx")
    reference = MediapipeFaceDetector(root / "face_detection_short_range.tflite")
    yield onnx, reference
    onnx.close()
    reference.close()


def rgb(name):
    return np.ascontiguousarray(photo(name)[:, :, ::-1])


@pytest.mark.parametrize("name", ["grace_hopper.jpg", "astronaut.png", "camera.png"])
def test_onnx_face_box_matches_mediapipe(detectors, name):
    onnx, reference = detectors
    ours, theirs = onnx.detect(rgb(name)).faces, reference.detect(rgb(name)).faces
    assert len(ours) == len(theirs) == 1
    assert box_iou(ours[0].box, theirs[0].box) >= 0.9
    assert abs(ours[0].box.score - theirs[0].box.score) < 0.06


@pytest.mark.parametrize("name", ["grace_hopper.jpg", "astronaut.png"])
def test_same_input_gives_the_same_numbers(detectors, name):
    """Fed mediapipe's own input size, decoding + NMS reproduce it to rounding."""
    onnx, reference = detectors
    square, _ = letterbox(rgb(name))
    ours, theirs = onnx.detect(square).faces[0], reference.detect(square).faces[0]
    assert ours.box.score == pytest.approx(theirs.box.score, abs=1e-3)
    assert np.abs(ours.keypoints - theirs.keypoints).max() < 0.01
    # mediapipe truncates boxes to whole pixels
    assert abs(ours.box.x - theirs.box.x) < 1.0 and abs(ours.box.w - theirs.box.w) < 1.0


@pytest.mark.parametrize("name", NO_PEOPLE)
def test_onnx_finds_no_face_where_there_is_none(detectors, name):
    assert detectors[0].detect(rgb(name)).faces == []


def test_onnx_pipeline_gives_presence_without_mesh_or_pose():
    pipeline = build_pipeline(models_dir(), backend="onnx", still_images=True)
    try:
        obs = pipeline.process(frame_of(photo("grace_hopper.jpg")))
        assert obs.present and obs.facing and obs.face_box.score > 0.85
        assert obs.face_landmarks is None and obs.pose_keypoints is None
        assert 0.2 < obs.distance_m < 1.5
        assert not pipeline.process(frame_of(photo("coffee.png"))).person_in_frame
    finally:
        pipeline.close()


def test_when_mediapipe_cannot_load_the_onnx_detector_takes_over_and_says_so(tmp_path, caplog):
    import shutil

    broken = tmp_path / "models"
    shutil.copytree(models_dir(), broken)
    (broken / "pose_landmarker.task").write_bytes(b"not a task bundle")
    pipeline = build_pipeline(broken, still_images=True)
    try:
        assert pipeline.degraded and "pose_landmarker.task" in pipeline.degraded
        assert pipeline.backends.description == "onnxruntime face detector only"
        obs = pipeline.process(frame_of(photo("astronaut.png")))
        assert obs.present and obs.face_box.score > 0.85 and obs.pose_keypoints is None
    finally:
        pipeline.close()
    assert any("using the ONNX face detector" in r.getMessage() for r in caplog.records)
