"""Distance, facing and the head crop: small geometry on landmarks, in pixels.

Distance uses a pinhole camera: distance = focal_px * real_size / size_px, with the
focal length from the camera's horizontal field of view.  The human iris is about
11.7 mm across with little variation between adults (the basis of MediaPipe Iris depth);
shoulders (~0.38 m) and the face box (~0.16 m) are rougher fall-backs.
"""

from __future__ import annotations

import math

import numpy as np

from kiosk.vision.observation import (
    LEFT_EAR,
    LEFT_EYE,
    LEFT_SHOULDER,
    NOSE,
    PVIS,
    RIGHT_EAR,
    RIGHT_EYE,
    RIGHT_SHOULDER,
    FaceBox,
)

IRIS_DIAMETER_M = 0.0117
SHOULDER_WIDTH_M = 0.38
FACE_BOX_WIDTH_M = 0.16
# Face mesh indices: iris rings (468 centre + 4 ring points each side), eye outer corners.
RIGHT_IRIS_RING, LEFT_IRIS_RING = (469, 470, 471, 472), (474, 475, 476, 477)
RIGHT_EYE_OUTER, LEFT_EYE_OUTER, NOSE_TIP = 33, 263, 1
# |nose offset from the eyes' midpoint| / eye distance below this = looking at the mirror
# (about ±30° of yaw).
FACING_YAW_RATIO = 0.3


def focal_px(image_width: int, hfov_deg: float) -> float:
    return (image_width / 2) / math.tan(math.radians(hfov_deg) / 2)


def iris_diameter_px(landmarks: np.ndarray) -> float | None:
    """Mean iris diameter of both eyes from the 478-point mesh, None without iris points."""
    if landmarks.shape[0] < 478:
        return None
    sizes = []
    for ring in (RIGHT_IRIS_RING, LEFT_IRIS_RING):
        points = landmarks[list(ring), :2]
        sizes.append((np.linalg.norm(points[0] - points[2]) + np.linalg.norm(points[1] - points[3])) / 2)
    return float(np.mean(sizes))


def estimate_distance(image_width: int, hfov_deg: float, landmarks: np.ndarray | None,
                      keypoints: np.ndarray | None, face: FaceBox | None) -> float | None:
    """Metres from the camera: iris first, then shoulders, then the face box."""
    focal = focal_px(image_width, hfov_deg)
    if landmarks is not None:
        iris = iris_diameter_px(landmarks)
        if iris and iris > 1.0:
            return focal * IRIS_DIAMETER_M / iris
    if keypoints is not None and min(keypoints[[LEFT_SHOULDER, RIGHT_SHOULDER], PVIS]) >= 0.5:
        width = float(np.linalg.norm(keypoints[LEFT_SHOULDER, :2] - keypoints[RIGHT_SHOULDER, :2]))
        if width > 4.0:
            return focal * SHOULDER_WIDTH_M / width
    if face is not None and face.w > 4.0:
        return focal * FACE_BOX_WIDTH_M / face.w
    return None


def yaw_ratio(landmarks: np.ndarray) -> float:
    """Signed nose offset from between the eyes, in eye distances (0 = straight on)."""
    right, left = landmarks[RIGHT_EYE_OUTER, :2], landmarks[LEFT_EYE_OUTER, :2]
    eye_distance = float(np.linalg.norm(left - right))
    if eye_distance < 1e-3:
        return float("inf")
    return float(landmarks[NOSE_TIP, 0] - (left[0] + right[0]) / 2) / eye_distance


def is_facing(landmarks: np.ndarray | None, detector_keypoints: np.ndarray | None = None) -> bool:
    """Looking at the mirror: from the mesh if present, else from the detector's 6 points."""
    if landmarks is not None:
        return abs(yaw_ratio(landmarks)) < FACING_YAW_RATIO
    if detector_keypoints is not None:  # right eye, left eye, nose tip, mouth, ears
        eyes_mid = (detector_keypoints[0, 0] + detector_keypoints[1, 0]) / 2
        eye_distance = abs(detector_keypoints[1, 0] - detector_keypoints[0, 0])
        return eye_distance > 1e-3 and abs(detector_keypoints[2, 0] - eyes_mid) / eye_distance < FACING_YAW_RATIO
    return False


def head_square(keypoints: np.ndarray, image_size: tuple[int, int],
                min_visibility: float = 0.5) -> tuple[int, int, int] | None:
    """(x, y, side) of a square around the head from pose keypoints, inside the image.

    Used to find faces too small for the short-range detector (shoppers far away):
    the crop is upscaled so the face fills it.
    """
    head = [NOSE, LEFT_EYE, RIGHT_EYE, LEFT_EAR, RIGHT_EAR]
    visible = keypoints[head][keypoints[head, PVIS] >= min_visibility]
    if len(visible) < 3:
        return None
    centre = visible[:, :2].mean(axis=0)
    span = float(np.ptp(visible[:, 0]))
    shoulders = float(np.linalg.norm(keypoints[LEFT_SHOULDER, :2] - keypoints[RIGHT_SHOULDER, :2]))
    side = int(round(max(span * 2.2, shoulders * 0.9, 24.0)))
    width, height = image_size
    x = int(np.clip(centre[0] - side / 2, 0, max(0, width - side)))
    y = int(np.clip(centre[1] - side / 2, 0, max(0, height - side)))
    side = min(side, width - x, height - y)
    return (x, y, side) if side >= 16 else None
