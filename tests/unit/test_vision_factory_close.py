"""Building the pipeline closes what it built when any later part fails (issue 13).

A mediapipe Task left to its finaliser deadlocked the test run when the garbage collector
ran it; so no path may rely on a finaliser."""

from __future__ import annotations

import pytest

from kiosk.errors import ModelError
from kiosk.models.paths import ModelPaths
from kiosk.vision import face_mesh, factory, mediapipe_backends
from kiosk.vision.settings import VisionSettings
from tests.support.photos import models_dir


class _Recorded:
    closed: list[str] = []

    def __init__(self, *args, **kwargs):
        pass

    def close(self) -> None:
        _Recorded.closed.append(type(self).__name__)


class _Detector(_Recorded):
    pass


class _Mesh(_Recorded):
    pass


@pytest.fixture(autouse=True)
def _reset():
    _Recorded.closed = []


def _paths() -> ModelPaths:
    return ModelPaths(models_dir())


@pytest.mark.parametrize("failure", [AttributeError("module 'cv2.dnn' has no attribute 'X'"),
                                     ModelError("model file missing"), KeyboardInterrupt()])
def test_a_failure_after_the_first_backend_closes_it(monkeypatch, failure):
    def broken_mesh(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(mediapipe_backends, "MediapipeFaceDetector", _Detector)
    monkeypatch.setattr(face_mesh, "FaceMesh", broken_mesh)
    with pytest.raises(type(failure)):
        factory.mediapipe_backends(_paths(), VisionSettings(), video=True)
    assert _Recorded.closed == ["_Detector"]


def test_a_failure_in_the_last_backend_closes_the_others_newest_first(monkeypatch):
    def broken_pose(*_args, **_kwargs):
        raise RuntimeError("pose failed")

    monkeypatch.setattr(mediapipe_backends, "MediapipeFaceDetector", _Detector)
    monkeypatch.setattr(face_mesh, "FaceMesh", _Mesh)
    monkeypatch.setattr(mediapipe_backends, "MediapipePose", broken_pose)
    with pytest.raises(RuntimeError):
        factory.mediapipe_backends(_paths(), VisionSettings(), video=True)
    assert _Recorded.closed == ["_Mesh", "_Detector"]


def test_a_failing_close_does_not_leave_the_others_open(monkeypatch):
    class _BadClose(_Recorded):
        def close(self) -> None:
            raise RuntimeError("close failed")

    def broken_pose(*_args, **_kwargs):
        raise RuntimeError("pose failed")

    monkeypatch.setattr(mediapipe_backends, "MediapipeFaceDetector", _Detector)
    monkeypatch.setattr(face_mesh, "FaceMesh", _BadClose)
    monkeypatch.setattr(mediapipe_backends, "MediapipePose", broken_pose)
    with pytest.raises(RuntimeError, match="pose failed"):
        factory.mediapipe_backends(_paths(), VisionSettings(), video=True)
    assert _Recorded.closed == ["_Detector"]


def test_the_real_detector_is_closed_when_the_mesh_fails(monkeypatch):
    """The real mediapipe FaceDetector: its Task is closed on the failure path (the thread
    fixture also fails the test if its dispatcher thread outlives it)."""
    built = []
    real = mediapipe_backends.MediapipeFaceDetector

    def recording(*args, **kwargs):
        detector = real(*args, **kwargs)
        task_close = detector._task.close

        def close_and_record():
            _Recorded.closed.append("mediapipe task")
            task_close()

        detector._task.close = close_and_record
        built.append(detector)
        return detector

    def broken_mesh(*_args, **_kwargs):
        raise AttributeError("module 'cv2.dnn' has no attribute 'ENGINE_CLASSIC'")

    monkeypatch.setattr(mediapipe_backends, "MediapipeFaceDetector", recording)
    monkeypatch.setattr(face_mesh, "FaceMesh", broken_mesh)
    with pytest.raises(AttributeError):
        factory.mediapipe_backends(_paths(), VisionSettings(), video=False)
    assert len(built) == 1 and _Recorded.closed == ["mediapipe task"]
