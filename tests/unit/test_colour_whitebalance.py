"""Reference-patch white balance: when the patch is trusted, and when it is not."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.colour.adaptation import planckian_xy, xy_to_xyz
from kiosk.colour.calibrator import FrameCalibrator, calibrator_from_config
from kiosk.colour.spaces import XYZ_TO_RGB, linear_to_srgb, srgb_to_lab, xyz_to_lab
from kiosk.colour.whitebalance import Region, distance_from_planckian, read_patch
from kiosk.config import StoreConfig
from kiosk.errors import ColourError

REGION = Region(10, 10, 40, 40)


def frame_with_patch(patch_linear_rgb, size=(120, 160)) -> np.ndarray:
    frame = np.full((*size, 3), 60, np.uint8)
    level = np.round(linear_to_srgb(np.asarray(patch_linear_rgb)) * 255)[::-1]
    frame[10:50, 10:50] = level
    return frame


def lamp_rgb(kelvin: float, luminance: float) -> np.ndarray:
    return XYZ_TO_RGB @ xy_to_xyz(*planckian_xy(kelvin), luminance)


@pytest.mark.parametrize("kelvin", [2700, 4000, 6500])
def test_a_grey_card_under_a_lamp_becomes_neutral_at_its_luminance(kelvin):
    frame = frame_with_patch(lamp_rgb(kelvin, 0.12))
    to_xyz, source = FrameCalibrator(REGION, patch_luminance=0.18).to_xyz(frame)
    assert source == "patch"
    card = xyz_to_lab(to_xyz @ lamp_rgb(kelvin, 0.12))
    np.testing.assert_allclose(card, srgb_to_lab(linear_to_srgb(np.full(3, 0.18))), atol=0.6)


@pytest.mark.parametrize("patch, problem", [
    (np.full(3, 1.0), "over-exposed"),
    (np.full(3, 0.002), "too dark"),
    (np.array([0.05, 0.3, 0.05]), "too coloured"),
])
def test_unusable_patches_fall_back_to_grey_world_with_the_reason(patch, problem):
    calibrator = FrameCalibrator(REGION)
    _matrix, source = calibrator.to_xyz(frame_with_patch(patch))
    assert source == "grey_world"
    assert problem in calibrator.last_problem


def test_a_half_covered_patch_is_uneven():
    frame = frame_with_patch(np.full(3, 0.18))
    frame[10:30, 10:50] = 20  # a sleeve's shadow over half the card
    assert "uneven" in read_patch(frame, REGION).problem


def test_region_outside_the_frame_and_bad_region_text():
    assert "outside" in read_patch(np.zeros((20, 20, 3), np.uint8), REGION).problem
    assert Region.parse("1,2,30,40") == Region(1, 2, 30, 40)
    for text in ("1,2,3", "a,b,c,d", "1,2,1,40", "-1,0,5,5"):
        with pytest.raises(ValueError):
            Region.parse(text)


def test_lamps_lie_on_the_planckian_locus_and_green_does_not():
    assert distance_from_planckian(xy_to_xyz(*planckian_xy(3000))) < 0.002
    assert distance_from_planckian(np.array([0.3, 0.6, 0.1])) > 0.05


def test_config_section_builds_the_calibrator(tmp_path):
    config = StoreConfig.model_validate({"colour": {"white_ref": [10, 10, 40, 40],
                                                    "white_ref_luminance": 0.9}})
    calibrator = calibrator_from_config(config.colour, config.resolve)
    assert calibrator.reference == REGION and calibrator.patch_luminance == 0.9
    missing = StoreConfig.model_validate({"colour": {"ccm_file": str(tmp_path / "none.json")}})
    with pytest.raises(ColourError) as caught:
        calibrator_from_config(missing.colour, missing.resolve)
    assert "kiosk calibrate" in caught.value.fix
