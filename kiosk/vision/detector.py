"""One small detector interface; every backend (mediapipe Tasks, onnxruntime) implements it.

A detector takes an RGB uint8 image and a timestamp (milliseconds, strictly increasing
for tracking backends) and returns ``Detections`` in PIXELS of that image.  Backends
fill what they can: a face detector gives boxes, a face mesh gives landmarks, a pose
model gives keypoints and a person mask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from kiosk.vision.observation import FaceBox


@dataclass(frozen=True, eq=False)
class FaceFound:
    box: FaceBox
    landmarks: np.ndarray | None = None  # (478, 3) pixels, z on the x scale
    keypoints: np.ndarray | None = None  # (6, 2) detector keypoints: eyes, nose, mouth, ears


@dataclass(frozen=True, eq=False)
class PoseFound:
    keypoints: np.ndarray  # (33, 3): x, y pixels, visibility
    mask: np.ndarray | None = None  # (H, W) float32 0..1


@dataclass(frozen=True, eq=False)
class Detections:
    faces: list[FaceFound] = field(default_factory=list)
    pose: PoseFound | None = None

    @property
    def best_face(self) -> FaceFound | None:
        """The largest face: the shopper in front of the mirror, not someone behind."""
        return max(self.faces, key=lambda f: f.box.w * f.box.h, default=None)


class Detector(Protocol):
    name: str

    def detect(self, rgb: np.ndarray, timestamp_ms: int) -> Detections: ...

    def close(self) -> None: ...


NO_DETECTIONS = Detections()
