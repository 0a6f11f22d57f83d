"""The pipeline's stages: face (detector + mesh), far face (head crop), pose (sparse)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import cv2
import numpy as np

from kiosk.vision.detector import Detections, Detector, FaceFound, PoseFound
from kiosk.vision.geometry import head_square
from kiosk.vision.observation import FaceBox, read_only

CROP_SIZE = 256  # a far head is upscaled to this before detection and mesh


class MeshRefiner(Protocol):
    def refine(self, rgb: np.ndarray, face: FaceFound, run_iris: bool = True,
               upscaled: float = 1.0) -> FaceFound: ...

    def forget(self) -> None: ...


def find_faces(detector: Detector, mesh: MeshRefiner | None, rgb: np.ndarray, ts_ms: int,
               min_score: float, run_iris: bool = True,
               upscaled: float = 1.0) -> tuple[FaceFound | None, list[FaceBox]]:
    """The shopper's face (the largest, refined with the 478-point mesh) and every face box.

    The mesh runs only when the detector found a face: on an empty scene the frame costs
    one detector pass (about 1.5 ms).
    """
    found = [f for f in detector.detect(rgb, ts_ms).faces if f.box.score >= min_score]
    best = Detections(faces=found).best_face
    boxes = [best.box] + [f.box for f in found if f is not best] if best else []
    if best is None or mesh is None:
        return best, boxes
    return mesh.refine(rgb, best, run_iris, upscaled), boxes


def find_far_face(detector: Detector, mesh: MeshRefiner | None, rgb: np.ndarray,
                  keypoints: np.ndarray, min_score: float) -> FaceFound | None:
    """A face too small for the short-range detector, found in an upscaled head crop."""
    height, width = rgb.shape[:2]
    square = head_square(keypoints, (width, height))
    if square is None:
        return None
    x, y, side = square
    crop = cv2.resize(rgb[y:y + side, x:x + side], (CROP_SIZE, CROP_SIZE),
                      interpolation=cv2.INTER_CUBIC if side < CROP_SIZE else cv2.INTER_AREA)
    face, _boxes = find_faces(detector, mesh, crop, 0, min_score, True, CROP_SIZE / side)
    return None if face is None else _uncrop(face, x, y, side / CROP_SIZE)


def find_room_face(detector: Detector, rgb: np.ndarray, min_score: float
                   ) -> tuple[FaceFound | None, list[FaceBox]]:
    """Faces across the room (full-range model, whole frame): box and keypoints only.

    No mesh: a 40-60 px face is presence (wake the mirror, greet) and never colour
    (kiosk.colour refuses faces that small); the short-range path takes over as they come.
    """
    return find_faces(detector, None, rgb, 0, min_score)


def _uncrop(face: FaceFound, x: float, y: float, scale: float) -> FaceFound:
    box = face.box
    full_box = FaceBox(x + box.x * scale, y + box.y * scale, box.w * scale, box.h * scale, box.score)
    return FaceFound(full_box, _shift(face.landmarks, x, y, scale), _shift(face.keypoints, x, y, scale))


def _shift(points: np.ndarray | None, x: float, y: float, scale: float) -> np.ndarray | None:
    if points is None:
        return None
    moved = points.astype(np.float32) * scale
    moved[:, 0] += x
    moved[:, 1] += y
    return read_only(moved)


@dataclass
class SparsePose:
    """Runs pose every ``every_n`` frames and carries the last result in between.

    In VIDEO mode the landmarker tracks the body from its previous landmarks, so the
    sparse runs stay cheap (no detector pass) while the shopper stays in view.
    """

    backend: Detector | None
    every_n: int = 3
    inline = True  # pose runs on the caller's thread (its cost lands on this frame)
    _frame: int = 0
    _last: PoseFound | None = None
    _last_ts: float | None = None  # capture time of the frame _last was computed on
    _last_shape: tuple | None = None  # its image size: never carry a pose across sizes
    _anchor: tuple[float, float] | None = None  # face centre on that frame
    _faces: dict = field(default_factory=dict)  # recent frame ts -> face centre

    @property
    def phase(self) -> int:
        """Where the last stepped frame sits in the pose cycle (0 = pose ran)."""
        return (self._frame - 1) % self.every_n

    def step(self, rgb: np.ndarray, ts_ms: int, frame_ts: float) -> tuple[PoseFound | None, bool]:
        """(pose, fresh): fresh is True when a new pose result is handed out."""
        run = self._frame % self.every_n == 0
        self._frame += 1
        if self.backend is None:
            return None, False
        if run:
            self._keep(self.backend.detect(rgb, ts_ms).pose, frame_ts, rgb.shape)
        return self._carried(rgb.shape), run

    def _keep(self, pose: PoseFound | None, frame_ts: float, shape: tuple) -> None:
        self._last, self._last_ts, self._last_shape = pose, frame_ts, shape

    def _carried(self, shape: tuple) -> PoseFound | None:
        """The last pose, unless the frame size changed since (camera reopened)."""
        if self._last is not None and self._last_shape != shape:
            self._last = None
        return self._last

    @property
    def pose_ts(self) -> float | None:
        return self._last_ts if self._last is not None else None

    def follow(self, pose: PoseFound | None, fresh: bool, frame_ts: float,
               face_centre: tuple[float, float] | None) -> PoseFound | None:
        """Between pose runs, carried keypoints move with the face (found every frame), so
        the overlay does not lag the shopper by the pose interval.  The mask stays put."""
        self._remember_face(frame_ts, face_centre)
        if pose is None or fresh:
            self._anchor = self._faces.get(self._last_ts) if pose is not None else None
            if pose is None or self._last_ts == frame_ts:
                return pose
        if face_centre is None or self._anchor is None:
            return pose
        shift = np.subtract(face_centre, self._anchor)
        if np.abs(shift).max() < 0.5:
            return pose
        keypoints = pose.keypoints.copy()
        keypoints[:, :2] += shift
        return PoseFound(read_only(keypoints), pose.mask)

    def _remember_face(self, frame_ts: float, face_centre) -> None:
        self._faces[frame_ts] = face_centre
        if len(self._faces) > 4 * self.every_n + 8:  # keep the last few frames only
            del self._faces[next(iter(self._faces))]

    def forget(self) -> None:
        self._last = self._last_ts = self._anchor = None
        self._faces.clear()
        self._frame = 0

    def close(self) -> None:
        """Nothing to stop: this one runs on the caller's thread."""
