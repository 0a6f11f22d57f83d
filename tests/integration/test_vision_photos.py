"""Vision on real photos (never synthetic for detection): faces, mesh, body, negatives."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.vision.factory import build_pipeline
from kiosk.vision.observation import (
    LEFT_ANKLE,
    LEFT_HIP,
    LEFT_SHOULDER,
    RIGHT_ANKLE,
    RIGHT_HIP,
    RIGHT_SHOULDER,
)
from tests.support.photos import NO_PEOPLE, frame_of, models_dir, photo


@pytest.fixture(scope="module")
def still():
    pipeline = build_pipeline(models_dir(), still_images=True)
    yield pipeline
    pipeline.close()


def observe(pipeline, name, flags=None):
    image = photo(name) if flags is None else photo(name, flags)
    return pipeline.process(frame_of(image))


@pytest.mark.parametrize("name", ["grace_hopper.jpg", "astronaut.png"])
def test_face_and_mesh_found_on_portraits(still, name):
    obs = observe(still, name)
    assert obs.person_in_frame and obs.present
    assert obs.face_box is not None and obs.face_box.score >= 0.85
    mesh = obs.face_landmarks
    assert mesh.shape == (478, 3) and mesh.dtype == np.float32
    box = obs.face_box
    inside = ((mesh[:, 0] >= box.x - 0.15 * box.w) & (mesh[:, 0] <= box.x + 1.15 * box.w)
              & (mesh[:, 1] >= box.y - 0.3 * box.h) & (mesh[:, 1] <= box.y + 1.15 * box.h))
    assert inside.mean() > 0.97  # the mesh lies on the face, not scattered (Tasks' bug)
    assert obs.facing  # both look straight at the camera
    assert obs.faces == (obs.face_box,)  # one face in the photo, the shopper's first


@pytest.mark.parametrize("name", ["grace_hopper.jpg", "astronaut.png"])
def test_iris_centres_sit_between_the_eye_corners(still, name):
    mesh = observe(still, name).face_landmarks
    for centre, corner_a, corner_b in ((468, 33, 133), (473, 362, 263)):
        eye_width = np.linalg.norm(mesh[corner_a, :2] - mesh[corner_b, :2])
        midpoint = (mesh[corner_a, :2] + mesh[corner_b, :2]) / 2
        assert np.linalg.norm(mesh[centre, :2] - midpoint) < 0.35 * eye_width
    nose_tip, chin, forehead = mesh[1, 1], mesh[152, 1], mesh[10, 1]
    assert forehead < nose_tip < chin  # anatomy in image order, top to bottom


def test_cameraman_shows_hips_and_a_plausible_distance(still):
    obs = observe(still, "camera.png", flags=0)  # grey as stored (one channel)
    assert obs.pose_keypoints is not None
    assert obs.pose_keypoints[[LEFT_HIP, RIGHT_HIP], 2].max() >= 0.9
    assert obs.face_box is not None
    assert 0.5 < obs.distance_m < 5.0


@pytest.mark.parametrize("name", ["basketball1.png", "basketball2.png"])
def test_full_body_with_ankles_and_a_far_face(still, name):
    obs = observe(still, name)
    keypoints = obs.pose_keypoints
    assert keypoints is not None
    assert keypoints[[LEFT_ANKLE, RIGHT_ANKLE], 2].min() >= 0.9
    assert keypoints[LEFT_ANKLE, 1] > keypoints[LEFT_HIP, 1] > keypoints[LEFT_SHOULDER, 1]
    assert keypoints[RIGHT_ANKLE, 1] > keypoints[RIGHT_HIP, 1] > keypoints[RIGHT_SHOULDER, 1]
    # The face is too small for the short-range detector on the full frame: the head
    # crop from the pose finds it.
    assert obs.face_box is not None and obs.face_box.w < 60
    nose_x, nose_y = keypoints[0, :2]
    box = obs.face_box
    assert box.x <= nose_x <= box.x + box.w and box.y <= nose_y <= box.y + box.h
    mask = obs.person_mask
    assert mask.shape == (480, 640) and mask.dtype == np.float32
    assert mask[int(keypoints[LEFT_HIP, 1]), int(keypoints[LEFT_HIP, 0])] > 0.5
    assert 0.02 < (mask > 0.5).mean() < 0.5


@pytest.mark.parametrize("name", NO_PEOPLE)
def test_nobody_on_coffee_and_cat(still, name):
    obs = observe(still, name)
    assert not obs.person_in_frame and not obs.present
    assert obs.face_box is None and obs.pose_keypoints is None and obs.person_mask is None
    assert obs.distance_m is None


def test_observation_arrays_are_read_only(still):
    obs = observe(still, "astronaut.png")
    for array in (obs.face_landmarks, obs.pose_keypoints, obs.person_mask, obs.image):
        with pytest.raises(ValueError):
            array[0] = 0
