"""Face mesh, 478 points: MediaPipe's face_landmark (468) + iris_landmark (2 x 5) on OpenCV DNN.

Why not the Tasks FaceLandmarker: fed the legacy face_landmark.tflite (the only mesh
model in the pinned wheel) it returns 478 points that are garbage (scattered outside
the face; checked on grace_hopper): the v2 graph expects the 478-point model. So we run
the legacy graph ourselves, as mediapipe's face_landmark_front_cpu did:
  face ROI from the detector: box centre, rotated so the eyes are level, 1.5x the box;
  192x192 RGB in [0, 1] → 468 (x, y, z) in crop pixels + a face-presence logit;
  each eye ROI from its corners (33-133, 362-263), 2.3x the corner distance, 64x64, the
  second eye mirrored (the model knows one eye) → 5 iris points (centre first) each.
OpenCV's TFLite importer runs both models; cv2.setNumThreads(1) keeps it on one core
(on 2 cores its thread pool was slower than one thread: 2.6 ms vs 4.8 ms a face).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import Location, ModelError
from kiosk.vision.crops import RotatedSquare
from kiosk.vision.detector import FaceFound
from kiosk.vision.observation import read_only

MESH_SIZE, IRIS_SIZE = 192, 64
FACE_SCALE, EYE_SCALE = 1.5, 2.3
MESH_OUTPUTS = ["conv2d_21", "conv2d_31"]  # landmarks (1404), face presence logit
IRIS_OUTPUT = "output_iris"
EYES = ((33, 133, False), (362, 263, True))  # corner indices, mirrored; → 468-472, 473-477
# Below this eye width (pixels) the iris is a few pixels across: the model only adds noise,
# so the iris is placed from the eye corners instead (typical proportions, measured on
# grace_hopper and astronaut: centre slightly above the corner line, radius 0.19 width).
MIN_EYE_PX = 14.0
TYPICAL_IRIS = (  # in eye coordinates (x along the corner line, in eye widths)
    np.array([[0, -0.05], [0.19, -0.05], [0, -0.24], [-0.19, -0.05], [0, 0.14]], np.float32),
    np.array([[0, -0.05], [-0.19, -0.05], [0, -0.24], [0.19, -0.05], [0, 0.14]], np.float32),
)


def _load(path: Path):
    if not path.is_file():
        raise ModelError("model file missing", location=Location(str(path)),
                         fix="run `kiosk models build`")
    try:
        return cv2.dnn.readNetFromTFLite(str(path), **_engine_option())
    except cv2.error as exc:
        raise ModelError(f"OpenCV cannot load the model: {exc}", location=Location(str(path)),
                         fix="run `kiosk models verify`, then `kiosk models build`") from None


def _engine_option() -> dict:
    """OpenCV 5.0 has two DNN engines and its new one mis-imports these legacy graphs, so
    the classic one is asked for (without it 8 of 19 photo tests fail on 5.0.0.93); 5.1 removed the choice (and ``ENGINE_CLASSIC``) and runs
    its one engine, which imports them correctly.  Works on both without a version test."""
    classic = getattr(cv2.dnn, "ENGINE_CLASSIC", None)
    return {} if classic is None else {"engine": classic}


def _blob(crop: np.ndarray) -> np.ndarray:
    return cv2.dnn.blobFromImage(crop, 1 / 255.0)  # RGB already, [0, 1]


class FaceMesh:
    name = "opencv-face-mesh"

    def __init__(self, face_model: Path, iris_model: Path, min_presence: float = 0.5):
        cv2.setNumThreads(1)
        self._mesh = _load(face_model)
        self._iris = _load(iris_model)
        self.min_presence = min_presence
        self._carried: list[np.ndarray | None] = [None, None]  # last iris, eye coordinates

    def refine(self, rgb: np.ndarray, face: FaceFound, run_iris: bool = True,
               upscaled: float = 1.0) -> FaceFound:
        """The face with its (478, 3) landmarks in image pixels, unchanged if the mesh
        model says the crop holds no face.  ``run_iris=False`` carries the last iris
        position relative to the eye corners (the pipeline skips the iris model on the
        frames where pose runs, to keep every frame under the camera interval).
        ``upscaled``: how much ``rgb`` was enlarged from the camera frame (head crops), so
        the tiny-eye rule looks at real camera pixels."""
        if face.keypoints is None:
            return face
        landmarks = self.landmarks(rgb, face, run_iris, upscaled)
        return face if landmarks is None else FaceFound(face.box, landmarks, face.keypoints)

    def forget(self) -> None:
        self._carried = [None, None]

    def landmarks(self, rgb: np.ndarray, face: FaceFound, run_iris: bool = True,
                  upscaled: float = 1.0) -> np.ndarray | None:
        right_eye, left_eye = face.keypoints[0], face.keypoints[1]
        box = face.box
        roi = RotatedSquare.along(right_eye, left_eye, np.array(box.centre),
                                  max(box.w, box.h) * FACE_SCALE)
        self._mesh.setInput(_blob(roi.warp(rgb, MESH_SIZE)))
        raw, presence = self._mesh.forward(MESH_OUTPUTS)
        if 1 / (1 + np.exp(-float(presence.ravel()[0]))) < self.min_presence:
            return None
        mesh = roi.points_to_image(raw.reshape(468, 3), MESH_SIZE)
        irises = [self._eye_iris(rgb, mesh, eye, k, run_iris, upscaled) for k, eye in enumerate(EYES)]
        return read_only(np.concatenate([mesh, *irises]).astype(np.float32))

    def _eye_iris(self, rgb: np.ndarray, mesh: np.ndarray, eye: tuple, k: int, run: bool,
                  upscaled: float) -> np.ndarray:
        a, b = mesh[eye[0], :2], mesh[eye[1], :2]
        width = float(np.linalg.norm(b - a))
        if width / upscaled < MIN_EYE_PX:
            return _from_eye(TYPICAL_IRIS[k], a, b, mesh[eye[0], 2])
        if run or self._carried[k] is None:
            iris = self._iris_points(rgb, a, b, eye[2])
            self._carried[k] = _to_eye(iris, a, b)
            return iris
        return _from_eye(self._carried[k], a, b, mesh[eye[0], 2])

    def _iris_points(self, rgb: np.ndarray, a: np.ndarray, b: np.ndarray, mirrored: bool) -> np.ndarray:
        roi = RotatedSquare.along(a, b, (a + b) / 2, float(np.linalg.norm(b - a)) * EYE_SCALE)
        crop = roi.warp(rgb, IRIS_SIZE)
        if mirrored:
            crop = np.ascontiguousarray(crop[:, ::-1])
        self._iris.setInput(_blob(crop))
        iris = self._iris.forward(IRIS_OUTPUT).reshape(5, 3).copy()
        if mirrored:
            iris[:, 0] = IRIS_SIZE - iris[:, 0]
        return roi.points_to_image(iris, IRIS_SIZE)

    def close(self) -> None:
        self._mesh = self._iris = None


def _eye_axes(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    width = float(np.linalg.norm(b - a))
    along = (b - a) / width
    return (a + b) / 2, along, np.array([-along[1], along[0]]), width


def _to_eye(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Image points → eye coordinates (origin between the corners, unit = eye width); z kept
    relative to the eye width too."""
    centre, along, across, width = _eye_axes(a, b)
    offset = points[:, :2] - centre
    return np.column_stack([offset @ along, offset @ across, points[:, 2]]).astype(np.float32) / width


def _from_eye(local: np.ndarray, a: np.ndarray, b: np.ndarray, z: float) -> np.ndarray:
    centre, along, across, width = _eye_axes(a, b)
    xy = centre + width * (local[:, :1] * along + local[:, 1:2] * across)
    depth = local[:, 2] * width if local.shape[1] > 2 else np.full(len(local), z)
    return np.column_stack([xy, depth]).astype(np.float32)
