"""mediapipe Tasks backends: FaceDetector and PoseLandmarker (33 keypoints, person mask).

(No FaceLandmarker: with the legacy mesh model from the pinned wheel it returns garbage
points; the mesh runs on OpenCV DNN instead, see face_mesh.py.)

VIDEO mode tracks between frames (cheaper: the detector runs only when tracking is
lost) and needs strictly increasing timestamps; IMAGE mode treats every call alone
(still photos, the naive baseline).  The Python Tasks API has no thread setting; each
call uses about one core.  Only ever call a backend from one thread.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import numpy as np

from kiosk.errors import Location, ModelError
from kiosk.vision.detector import Detections, FaceFound, PoseFound
from kiosk.vision.observation import FaceBox, read_only


def _tasks():
    os.environ.setdefault("GLOG_minloglevel", "2")  # keep mediapipe's glog chatter off stderr
    try:
        import mediapipe as mp
        from mediapipe.tasks.python import BaseOptions, vision
    except ImportError as exc:
        raise ModelError(f"mediapipe cannot be imported: {exc}",
                         fix="reinstall the kiosk (pip install -e .) or use vision.backend: onnx") from None
    return mp, BaseOptions, vision


def _create(task_class, options_class, path: Path, **options):
    mp, BaseOptions, vision = _tasks()
    if not path.is_file():
        raise ModelError("model file missing", location=Location(str(path)),
                         fix="run `kiosk models build`")
    try:
        return task_class.create_from_options(
            options_class(base_options=BaseOptions(model_asset_path=str(path)), **options))
    except (RuntimeError, ValueError) as exc:
        reason = str(exc)
    # A failed create leaves its call-dispatcher thread behind (mediapipe 1.2 never closes
    # it); once the traceback is gone, collecting the orphan lets that thread exit.
    gc.collect()
    raise ModelError(f"mediapipe cannot load the model: {reason}", location=Location(str(path)),
                     fix="run `kiosk models verify`, then `kiosk models build`")


def _mode(video: bool):
    _mp, _base, vision = _tasks()
    return vision.RunningMode.VIDEO if video else vision.RunningMode.IMAGE


def _mp_image(rgb: np.ndarray):
    mp, _base, _vision = _tasks()
    return mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))


class _TaskBackend:
    """Shared plumbing: IMAGE or VIDEO call, and close."""

    name = "mediapipe"

    def __init__(self, task, video: bool):
        self._task = task
        self.video = video

    def _run(self, rgb: np.ndarray, timestamp_ms: int):
        image = _mp_image(rgb)
        if self.video:
            return self._task.detect_for_video(image, int(timestamp_ms))
        return self._task.detect(image)

    def close(self) -> None:
        self._task.close()


class MediapipeFaceDetector(_TaskBackend):
    """BlazeFace short range (or full range sparse): boxes, scores, 6 keypoints."""

    name = "mediapipe-face-detector"

    def __init__(self, model: Path, min_score: float = 0.5, video: bool = False):
        _mp, _base, vision = _tasks()
        task = _create(vision.FaceDetector, vision.FaceDetectorOptions, model,
                       running_mode=_mode(video), min_detection_confidence=min_score)
        super().__init__(task, video)

    def detect(self, rgb: np.ndarray, timestamp_ms: int = 0) -> Detections:
        result = self._run(rgb, timestamp_ms)
        height, width = rgb.shape[:2]
        faces = []
        for detection in result.detections:
            bb = detection.bounding_box
            box = FaceBox(float(bb.origin_x), float(bb.origin_y), float(bb.width),
                          float(bb.height), float(detection.categories[0].score))
            points = np.array([[k.x * width, k.y * height] for k in detection.keypoints],
                              dtype=np.float32)
            faces.append(FaceFound(box=box, keypoints=read_only(points)))
        return Detections(faces=faces)


class MediapipePose(_TaskBackend):
    """PoseLandmarker (BlazePose GHUM full): 33 keypoints with visibility, person mask."""

    name = "mediapipe-pose"

    def __init__(self, model: Path, video: bool = False, with_mask: bool = True):
        _mp, _base, vision = _tasks()
        task = _create(vision.PoseLandmarker, vision.PoseLandmarkerOptions, model,
                       running_mode=_mode(video), num_poses=1,
                       output_segmentation_masks=with_mask)
        super().__init__(task, video)

    def detect(self, rgb: np.ndarray, timestamp_ms: int = 0) -> Detections:
        result = self._run(rgb, timestamp_ms)
        if not result.pose_landmarks:
            return Detections()
        height, width = rgb.shape[:2]
        keypoints = np.array([[p.x * width, p.y * height, p.visibility or 0.0]
                              for p in result.pose_landmarks[0]], dtype=np.float32)
        mask = None
        if result.segmentation_masks:
            mask = np.array(result.segmentation_masks[0].numpy_view(), dtype=np.float32)
            mask = mask.reshape(mask.shape[0], mask.shape[1])
        return Detections(pose=PoseFound(read_only(keypoints), read_only(mask)))
