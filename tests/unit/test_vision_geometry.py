"""Geometry plumbing on known coordinates: crops, distance, facing, head square, outline."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kiosk.vision.crops import RotatedSquare
from kiosk.vision.geometry import (
    IRIS_DIAMETER_M,
    estimate_distance,
    focal_px,
    head_square,
    is_facing,
)
from kiosk.vision.observation import FaceBox, Observation
from kiosk.vision.outline import body_outline


def test_rotated_crop_maps_points_back_to_where_they_were():
    image = np.zeros((200, 300, 3), np.uint8)
    image[120, 180] = 255  # one bright pixel
    roi = RotatedSquare(cx=170, cy=110, side=60, angle=math.radians(30))
    crop = roi.warp(image, 120)
    v, u = np.unravel_index(np.argmax(crop[:, :, 0]), crop.shape[:2])
    back = roi.points_to_image(np.array([[u + 0.5, v + 0.5, 4.0]], np.float32), 120)
    assert back[0, :2] == pytest.approx((180.5, 120.5), abs=1.0)
    assert back[0, 2] == pytest.approx(2.0)  # z scales with the crop


def test_rotated_square_along_levels_a_tilted_segment():
    roi = RotatedSquare.along(np.array([0.0, 0.0]), np.array([10.0, 10.0]), np.array([5.0, 5.0]), 20)
    assert roi.angle == pytest.approx(math.pi / 4)


def synthetic_mesh(iris_px: float, nose_dx: float = 0.0) -> np.ndarray:
    mesh = np.zeros((478, 3), np.float32)
    mesh[33, :2], mesh[263, :2] = (100, 100), (160, 100)
    mesh[1, :2] = (130 + nose_dx, 130)
    for centre, ring in ((115, (469, 470, 471, 472)), (145, (474, 475, 476, 477))):
        r = iris_px / 2
        mesh[list(ring), :2] = [(centre + r, 100), (centre, 100 - r), (centre - r, 100), (centre, 100 + r)]
    return mesh


def test_distance_from_the_iris_follows_the_pinhole_model():
    focal = focal_px(640, 60.0)
    mesh = synthetic_mesh(iris_px=10.0)
    assert estimate_distance(640, 60.0, mesh, None, None) == pytest.approx(focal * IRIS_DIAMETER_M / 10)
    farther = estimate_distance(640, 60.0, synthetic_mesh(iris_px=5.0), None, None)
    assert farther == pytest.approx(2 * focal * IRIS_DIAMETER_M / 10)


def test_distance_falls_back_to_shoulders_then_face_box():
    keypoints = np.zeros((33, 3), np.float32)
    keypoints[11], keypoints[12] = (300, 200, 0.9), (400, 200, 0.9)
    from_shoulders = estimate_distance(640, 60.0, None, keypoints, None)
    assert from_shoulders == pytest.approx(focal_px(640, 60) * 0.38 / 100)
    keypoints[:, 2] = 0.1
    box = FaceBox(0, 0, 80, 80, 0.9)
    assert estimate_distance(640, 60.0, None, keypoints, box) == pytest.approx(focal_px(640, 60) * 0.16 / 80)
    assert estimate_distance(640, 60.0, None, None, None) is None


def test_facing_means_the_nose_is_between_the_eyes():
    assert is_facing(synthetic_mesh(10, nose_dx=3))
    assert not is_facing(synthetic_mesh(10, nose_dx=25))
    detector_points = np.array([[100, 100], [160, 100], [131, 125], [130, 140], [80, 100], [180, 100]], np.float32)
    assert is_facing(None, detector_points)
    assert not is_facing(None, None)


def test_head_square_stays_inside_the_image():
    keypoints = np.zeros((33, 3), np.float32)
    keypoints[[0, 2, 5, 7, 8]] = [(5, 5, 1), (2, 3, 1), (8, 3, 1), (0, 4, 1), (10, 4, 1)]
    x, y, side = head_square(keypoints, (100, 80))
    assert x >= 0 and y >= 0 and x + side <= 100 and y + side <= 80
    keypoints[:, 2] = 0.0
    assert head_square(keypoints, (100, 80)) is None


def test_outline_draws_only_visible_chains_and_can_mirror():
    keypoints = np.zeros((33, 3), np.float32)
    keypoints[:, :2] = np.arange(66).reshape(33, 2)
    keypoints[[11, 12, 23, 24], 2] = 1.0  # torso only
    obs = Observation(seq=1, ts=0.0, frame_size=(640, 480), pose_keypoints=keypoints)
    lines = body_outline(obs)
    assert len(lines) == 2  # shoulders segment and torso loop; no limbs, no head
    assert all(len(line) >= 2 for line in lines)
    mirrored = body_outline(obs, mirror=True)
    assert mirrored[0][:, 0] == pytest.approx(640 - lines[0][:, 0])
    assert body_outline(Observation(seq=1, ts=0.0, frame_size=(640, 480))) == []


def test_outline_uses_the_face_silhouette_when_the_mesh_is_there():
    mesh = np.zeros((478, 3), np.float32)
    mesh[:, 0] = np.arange(478)
    obs = Observation(seq=1, ts=0.0, frame_size=(640, 480), face_landmarks=mesh)
    (oval,) = body_outline(obs)
    assert oval[0, 0] == 10 and oval[-1, 0] == 10 and oval[18, 0] == 152  # forehead, chin


def test_iris_carried_in_eye_coordinates_follows_the_eye_corners():
    from kiosk.vision.face_mesh import _from_eye, _to_eye

    a, b = np.array([100.0, 100.0]), np.array([130.0, 100.0])
    iris = np.array([[115, 98, 1.0], [121, 98, 1.0], [115, 92, 1.0], [109, 98, 1.0], [115, 104, 1.0]],
                    np.float32)
    local = _to_eye(iris, a, b)
    assert _from_eye(local, a, b, 0.0) == pytest.approx(iris, abs=1e-4)
    # the head moved 10 px right and turned 90 degrees: the iris moves with the eye
    a2, b2 = np.array([110.0, 100.0]), np.array([110.0, 130.0])
    moved = _from_eye(local, a2, b2, 0.0)
    assert moved[0, :2] == pytest.approx((112.0, 115.0), abs=1e-4)
