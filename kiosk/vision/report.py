"""Still-image analysis for installers and testers (`kiosk analyse`): load, run, describe.

The description is plain JSON-able data: boxes, keypoints and scores in pixels.  It is
printed to the terminal only (an installer checking a camera position); nothing is
stored.  Landmarks are summarised (count), never dumped.
"""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from hardware.camera.frames import Frame
from kiosk.errors import CameraError, KioskError, Location
from kiosk.vision.observation import PVIS, Observation
from kiosk.vision.pipeline import VisionPipeline

MAX_IMAGE_BYTES = 64 * 1024 * 1024


def load_image(path: Path) -> np.ndarray:
    """The image as stored (any depth or channel count); the pipeline normalises it."""
    if not path.is_file():
        raise KioskError("image not found", location=Location(str(path)),
                         fix="check the path (photos from `kiosk models build` are in models/build/photos)")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise KioskError("image larger than 64 MB", location=Location(str(path)),
                         fix="resize it to camera resolution first")
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise KioskError("not a readable image (JPEG, PNG, BMP, TIFF, WebP …)",
                         location=Location(str(path)), fix="convert it to PNG or JPEG")
    return image


def analyse_image(pipeline: VisionPipeline, path: Path) -> tuple[Observation, dict]:
    image = load_image(path)
    try:
        observation = pipeline.process(Frame(seq=0, ts=time.monotonic(), image=image))
    except CameraError as exc:
        raise KioskError(f"image rejected: {exc.message}", location=Location(str(path)),
                         fix="use an 8- or 16-bit grey, RGB or RGBA image of 16..4096 pixels a side") from None
    return observation, describe(str(path), observation)


def describe(image: str, observation: Observation) -> dict:
    width, height = observation.frame_size
    faces = [{"box": box.as_list(), "score": round(box.score, 3), "landmarks": 0}
             for box in observation.faces]
    if faces and observation.face_landmarks is not None:  # the shopper's face comes first
        faces[0]["landmarks"] = int(observation.face_landmarks.shape[0])
    return {
        "image": image, "width": width, "height": height, "faces": faces,
        "pose": _pose(observation.pose_keypoints),
        "person": observation.person_in_frame,
        "distance_m": None if observation.distance_m is None else round(observation.distance_m, 2),
        "facing": observation.facing,
        "mask_coverage": None if observation.person_mask is None
        else round(float((observation.person_mask > 0.5).mean()), 3),
        "ms": {k: round(v, 1) for k, v in observation.stage_ms.items()},
    }


def _pose(keypoints: np.ndarray | None) -> list[dict] | None:
    if keypoints is None:
        return None
    return [{"x": round(float(x), 1), "y": round(float(y), 1), "visibility": round(float(v), 3)}
            for x, y, v in keypoints[:, [0, 1, PVIS]]]
