"""Robust statistics on a real face: shadows, highlights and stray strands barely move skin."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.colour import regions
from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.sampling import sample_frame
from kiosk.colour.spaces import RGB_TO_XYZ
from tests.support.colour import photo, photo_geometry


def skin_of(image, geometry) -> np.ndarray:
    return sample_frame(image, geometry, RGB_TO_XYZ).skin


def test_specular_highlight_and_shadow_on_a_cheek_move_skin_little():
    image, geometry = photo("astronaut.png"), photo_geometry("astronaut.png")
    clean = skin_of(image, geometry)
    spoiled = image.copy()
    eye_gap = float(np.linalg.norm(geometry.landmarks[33, :2] - geometry.landmarks[263, :2]))
    for index, colour in ((50, (250, 250, 250)), (280, (25, 30, 40))):  # shine; shadow
        x, y = geometry.landmarks[index, :2].astype(int)
        cv2.circle(spoiled, (int(x), int(y)), int(0.08 * eye_gap), colour, -1)
    moved = float(delta_e_2000(skin_of(spoiled, geometry), clean))
    naive_clean = _mean_skin(image, geometry)
    naive_moved = float(delta_e_2000(_mean_skin(spoiled, geometry), naive_clean))
    print(f"robust median moved {moved:.2f} dE00, plain mean moved {naive_moved:.2f}")
    assert moved < 1.5
    assert naive_moved > 2 * moved  # the spoiling is big enough to matter without robustness


def test_strands_of_hair_over_the_forehead_are_ignored():
    image, geometry = photo("grace_hopper.jpg"), photo_geometry("grace_hopper.jpg")
    clean = skin_of(image, geometry)
    strands = image.copy()
    top = geometry.landmarks[151, :2].astype(int)
    for dx in (-20, 0, 20):  # three dark strands across the forehead sample
        cv2.line(strands, (int(top[0]) + dx, int(top[1]) - 15),
                 (int(top[0]) + dx + 6, int(top[1]) + 15), (30, 35, 45), 2)
    moved = float(delta_e_2000(skin_of(strands, geometry), clean))
    naive = float(delta_e_2000(_mean_skin(strands, geometry), _mean_skin(image, geometry)))
    print(f"strands: robust moved {moved:.2f} dE00, plain mean moved {naive:.2f}")
    assert moved < 1.5 and naive > 2 * moved


def _mean_skin(image, geometry) -> np.ndarray:
    from kiosk.colour.spaces import bgr8_to_linear, xyz_to_lab

    coords = regions.skin_coords(geometry.landmarks, image.shape)
    return xyz_to_lab(bgr8_to_linear(image[coords]).mean(axis=0) @ RGB_TO_XYZ.T)
