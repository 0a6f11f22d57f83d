"""Colour maths against reference data: Sharma et al. (2005) and colour-science."""

from __future__ import annotations

from pathlib import Path

import colour
import numpy as np
import pytest

from kiosk.colour import spaces
from kiosk.colour.adaptation import bradford_matrix, planckian_xy, xy_to_xyz
from kiosk.colour.ciede2000 import delta_e_2000

SHARMA = Path(__file__).parents[2] / "kiosk/colour/data/ciede2000_sharma2005.csv"
RNG = np.random.default_rng(20051)


def sharma_pairs() -> np.ndarray:
    return np.loadtxt(SHARMA, delimiter=",", comments="#", skiprows=3)


def test_ciede2000_matches_all_34_sharma_pairs_to_1e_4():
    data = sharma_pairs()
    assert data.shape == (34, 7)
    np.testing.assert_allclose(delta_e_2000(data[:, :3], data[:, 3:6]), data[:, 6], atol=1e-4)


def test_ciede2000_is_symmetric_and_zero_on_identity():
    data = sharma_pairs()
    np.testing.assert_allclose(delta_e_2000(data[:, 3:6], data[:, :3]), data[:, 6], atol=1e-4)
    assert np.all(delta_e_2000(data[:, :3], data[:, :3]) == 0)


def test_ciede2000_agrees_with_colour_science_on_random_pairs():
    lab1 = RNG.uniform([0, -100, -100], [100, 100, 100], (500, 3))
    lab2 = lab1 + RNG.normal(0, 8, (500, 3))
    expected = colour.difference.delta_E_CIE2000(lab1, lab2)
    np.testing.assert_allclose(delta_e_2000(lab1, lab2), expected, atol=1e-9)


def test_srgb_to_lab_agrees_with_colour_science():
    srgb = RNG.uniform(0, 1, (1000, 3))
    expected = colour.XYZ_to_Lab(colour.sRGB_to_XYZ(srgb), colour.CCS_ILLUMINANTS[
        "CIE 1931 2 Degree Standard Observer"]["D65"])
    # colour-science derives its matrix from the primaries, the standard prints 4 digits.
    assert np.abs(spaces.srgb_to_lab(srgb) - expected).max() < 0.02


def test_round_trips_are_exact():
    srgb = RNG.uniform(0, 1, (1000, 3))
    np.testing.assert_allclose(spaces.lab_to_srgb(spaces.srgb_to_lab(srgb)), srgb, atol=1e-9)
    lab = spaces.srgb_to_lab(srgb)
    np.testing.assert_allclose(spaces.lch_to_lab(spaces.lab_to_lch(lab)), lab, atol=1e-9)
    dark = np.array([[1.0, 0.5, -0.5], [5.0, 2.0, 1.0]])  # below the L* = 8 linear segment
    np.testing.assert_allclose(spaces.xyz_to_lab(spaces.lab_to_xyz(dark)), dark, atol=1e-9)


def test_hex_and_8bit_paths():
    assert spaces.srgb_to_hex(spaces.hex_to_srgb("#A0522D")) == "#a0522d"
    assert spaces.lab_to_hex(spaces.hex_to_lab("#7ca5b8")) == "#7ca5b8"
    white = spaces.bgr8_to_linear(np.array([[255, 255, 255]], np.uint8))
    np.testing.assert_allclose(spaces.linear_to_xyz(white)[0], spaces.D65_XYZ)
    with pytest.raises(ValueError):
        spaces.hex_to_srgb("#12345")


def test_lch_hue_is_in_degrees_0_to_360():
    lch = spaces.lab_to_lch(np.array([[50, 0, -10], [50, 10, 0], [50, -10, -0.001]]))
    np.testing.assert_allclose(lch[:, 2], [270, 0, 180.0057], atol=1e-3)


@pytest.mark.parametrize("kelvin", [2700, 3000, 4000, 5000, 6500])
def test_planckian_white_matches_the_planck_integral(kelvin):
    spd = colour.sd_blackbody(kelvin, colour.SpectralShape(360, 780, 1))
    xy = colour.XYZ_to_xy(colour.sd_to_XYZ(spd))
    assert np.abs(np.array(planckian_xy(kelvin)) - xy).max() < 1.5e-3


def test_bradford_matches_colour_science():
    source = xy_to_xyz(*planckian_xy(2700))
    expected = colour.adaptation.matrix_chromatic_adaptation_VonKries(
        source, spaces.D65_XYZ, transform="Bradford")
    np.testing.assert_allclose(bradford_matrix(source), expected, atol=1e-9)
