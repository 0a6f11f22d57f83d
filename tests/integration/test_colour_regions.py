"""Sampling regions on real photos land where they should (checked against the overlay
in docs/colour_regions.png, drawn from these same regions and looked at)."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.colour import regions
from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.sampling import mesh_is_trustworthy, robust_garment
from kiosk.colour.spaces import RGB_TO_XYZ, bgr8_to_linear, lab_to_lch, xyz_to_lab
from tests.support.colour import photo, photo_geometry

PEOPLE = ["grace_hopper.jpg", "astronaut.png"]


def lab_of(image: np.ndarray, coords) -> np.ndarray:
    return xyz_to_lab(bgr8_to_linear(image[coords]) @ RGB_TO_XYZ.T)


def skin_like(lab: np.ndarray) -> np.ndarray:
    """A generous skin locus in CIELCh (all Monk tones, lit or shaded)."""
    lch = lab_to_lch(lab)
    return (lch[:, 0] > 20) & (lch[:, 0] < 92) & (lch[:, 2] > 15) & (lch[:, 2] < 95) \
        & (lch[:, 1] > 5) & (lch[:, 1] < 50)


@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("mesh", [True, False])
def test_skin_regions_land_on_skin(name, mesh):
    image, geometry = photo(name), photo_geometry(name, mesh=mesh)
    coords = regions.skin_coords(geometry.landmarks, image.shape) if mesh \
        else regions.skin_coords_from_pose(geometry.keypoints, image.shape)
    assert len(coords[0]) >= 150
    assert skin_like(lab_of(image, coords)).mean() >= 0.9


@pytest.mark.parametrize("name", PEOPLE)
def test_the_real_mesh_is_trusted_and_eyes_sit_in_the_irises(name):
    image, geometry = photo(name), photo_geometry(name)
    assert mesh_is_trustworthy(geometry.landmarks, geometry.keypoints)
    rows, cols = regions.eye_coords(geometry.landmarks, image.shape)
    assert len(rows) >= 20
    for centre in (468, 473):  # every sampled pixel is near one of the two iris centres
        near = np.hypot(cols - geometry.landmarks[centre, 0], rows - geometry.landmarks[centre, 1])
        assert (near < 12).sum() >= 10


def test_hair_band_is_not_skin_and_garment_is_the_suit():
    image, geometry = photo("astronaut.png"), photo_geometry("astronaut.png")
    skin = np.median(lab_of(image, regions.skin_coords(geometry.landmarks, image.shape)), axis=0)
    hair = lab_of(image, regions.hair_coords(geometry.landmarks, geometry.mask, image.shape))
    assert (delta_e_2000(hair, skin) > 8).mean() >= 0.7
    suit = lab_of(image, regions.garment_coords(geometry.keypoints, geometry.mask, image.shape))
    lch = lab_to_lch(suit)
    orange = (lch[:, 2] > 25) & (lch[:, 2] < 65) & (lch[:, 1] > 30)
    assert orange.mean() >= 0.6  # the rest: white straps, the mission patch, the zip
    dominant = lab_to_lch(robust_garment(suit))
    assert 25 < dominant[2] < 65 and dominant[1] > 40


def test_uniform_garment_is_dark_navy_on_grace_hopper():
    image, geometry = photo("grace_hopper.jpg"), photo_geometry("grace_hopper.jpg")
    jacket = lab_of(image, regions.garment_coords(geometry.keypoints, geometry.mask, image.shape))
    assert np.median(jacket[:, 0]) < 25
