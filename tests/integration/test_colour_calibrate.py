"""`kiosk calibrate` on a rendered ColorChecker seen through a camera with colour crosstalk.

The chart is synthetic (plumbing: detection, fit, error report, file round trip); the
crosstalk matrix stands in for a real sensor's and must be undone by the fit.
"""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from kiosk.__main__ import main
from kiosk.colour.ccm import load_correction
from kiosk.errors import ColourError
from tests.support.colour import cast, render_chart, through_camera, tilted_and_vignetted

CROSSTALK = np.array([[0.90, 0.15, 0.00], [0.05, 0.85, 0.10], [0.00, 0.10, 0.70]])


def test_calibrate_fits_a_matrix_that_undoes_camera_crosstalk(tmp_path, capsys):
    photo = tmp_path / "chart.png"
    cv2.imwrite(str(photo), through_camera(render_chart(), CROSSTALK))
    out = tmp_path / "ccm.json"
    assert main(["calibrate", str(photo), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    print("calibration:", report)
    assert report["uncorrected_mean_de00"] > 4
    assert report["mean_de00"] < 1.5 and report["max_de00"] < 4
    correction = load_correction(out)
    # The fitted matrix approximately inverts the crosstalk (white stays white).
    np.testing.assert_allclose(correction.apply(CROSSTALK @ np.ones(3)), np.ones(3), atol=0.08)


def test_calibrate_a_tilted_chart_under_a_warm_shop_lamp(tmp_path, capsys):
    """Held at an angle, lens fall-off, 3500 K, crosstalk: the white patch clips and is left out."""
    photo = tmp_path / "tilted.png"
    cv2.imwrite(str(photo), through_camera(cast(tilted_and_vignetted(render_chart()), 3500, 0.9),
                                           CROSSTALK))
    out = tmp_path / "ccm.json"
    assert main(["calibrate", str(photo), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    print("calibration, tilted under 3500 K:", report)
    assert report["uncorrected_mean_de00"] > 10
    assert report["mean_de00"] < 2 and report["max_de00"] < 4.5
    assert 18 <= report["patches_used"] < 24


def test_calibrate_without_a_chart_says_how_to_fix(tmp_path, capsys):
    photo = tmp_path / "wall.png"
    cv2.imwrite(str(photo), np.full((480, 640, 3), 128, np.uint8))
    assert main(["calibrate", str(photo), "--out", str(tmp_path / "x.json")]) == 2
    assert "ColorChecker" in capsys.readouterr().err


@pytest.mark.parametrize("content, field", [
    ("{", None), ('{"kind": "other"}', "kind"),
    ('{"kind": "kiosk-ccm", "matrix": [[1, 0], [0, 1]]}', "matrix"),
    ('{"kind": "kiosk-ccm", "matrix": [[0,0,0],[0,0,0],[0,0,0]], "mean_de00": 1, '
     '"max_de00": 1, "uncorrected_mean_de00": 1}', "matrix"),
])
def test_bad_correction_files_name_file_and_field(tmp_path, content, field):
    path = tmp_path / "ccm.json"
    path.write_text(content)
    with pytest.raises(ColourError) as caught:
        load_correction(path)
    assert caught.value.location.file == str(path)
    assert caught.value.location.field == field
    assert caught.value.fix


@pytest.mark.parametrize("kelvin", [2700, 6500])
def test_install_matrix_and_card_together_recover_skin_through_a_crosstalk_camera(kelvin):
    """The CCM fixes the sensor, the card fixes the lamp: together the skin is the scene's."""
    from kiosk.colour.accumulator import ColourSession
    from kiosk.colour.calibrator import FrameCalibrator
    from kiosk.colour.ccm import detect_chart, fit_correction
    from kiosk.colour.ciede2000 import delta_e_2000
    from kiosk.colour.sampling import sample_frame
    from kiosk.colour.spaces import RGB_TO_XYZ
    from kiosk.colour.whitebalance import Region
    from tests.support.colour import cast, paste_patch, photo, photo_geometry

    correction = fit_correction(detect_chart(through_camera(render_chart(), CROSSTALK)))
    scene = paste_patch(photo("astronaut.png"), (4, 4, 36, 36))
    geometry = photo_geometry("astronaut.png")
    truth = sample_frame(scene, geometry, RGB_TO_XYZ).skin
    frame = through_camera(cast(scene, kelvin, 0.6), CROSSTALK)
    errors = []
    for install in (None, correction):
        session = ColourSession(FrameCalibrator(Region(4, 4, 36, 36), correction=install))
        session.feed(frame, geometry)
        errors.append(float(delta_e_2000(np.array(session.result().skin.lab), truth)))
    print(f"{kelvin} K: skin error card only {errors[0]:.2f}, CCM + card {errors[1]:.2f} dE00")
    assert errors[1] <= 1.5 and errors[1] < errors[0]


def test_unreadable_image_and_unwritable_output_are_reported(tmp_path, capsys):
    not_image = tmp_path / "notes.png"
    not_image.write_text("not a picture")
    assert main(["calibrate", str(not_image), "--out", str(tmp_path / "x.json")]) == 2
    assert "notes.png" in capsys.readouterr().err
    photo = tmp_path / "chart.png"
    cv2.imwrite(str(photo), render_chart())
    assert main(["calibrate", str(photo), "--out", str(tmp_path / "missing" / "x.json")]) == 2
    assert "writable" in capsys.readouterr().err


def test_calibrating_through_tinted_mirror_glass():
    """The chart held in front of the mirror's glass, the camera behind it (crosstalk).

    The glass is a grey-green tint (~74-79 % transmission with a spectral tilt) made a 3x3
    on linear RGB from spectra with colour-science (tests/support/colour.py).  Fitted
    through the glass, the CCM must fit the chart as well as without glass, and leave the
    skin of five real photos (through the same glass, under daylight and tungsten, card in
    the frame, one quantisation with sensor noise as in a real camera) within dE00 0.5 of
    a mirror without glass, 1.5 of the scene, and closer than the card alone gets.
    """
    from kiosk.colour.ccm import detect_chart, fit_correction
    from kiosk.colour.ciede2000 import delta_e_2000
    from kiosk.colour.sampling import sample_frame
    from kiosk.colour.spaces import RGB_TO_XYZ
    from tests.support.colour import (
        CARD,
        COLOUR_PHOTOS,
        SHOP_LIGHTS,
        analyse_with_card,
        glass_matrix,
        paste_patch,
        photo,
        photo_geometry,
        shop_cast,
    )

    def optics(glass):
        return CROSSTALK @ glass_matrix() if glass else CROSSTALK

    fits = {glass: fit_correction(detect_chart(through_camera(render_chart(), optics(glass)))) for glass in (False, True)}
    for glass, fit in fits.items():
        print(f"glass {glass}: chart dE00 mean {fit.mean_de00:.2f} max {fit.max_de00:.2f} "
              f"(uncorrected mean {fit.uncorrected_mean_de00:.2f}) on {fit.patches_used} patches")
    assert fits[True].uncorrected_mean_de00 > fits[False].uncorrected_mean_de00  # the glass shows
    assert fits[True].mean_de00 <= fits[False].mean_de00 + 0.3
    assert fits[True].max_de00 <= fits[False].max_de00 + 1.0

    lights = [light for light in SHOP_LIGHTS if light.name in ("daylight", "tungsten")]
    for name in COLOUR_PHOTOS:
        scene = paste_patch(photo(name), CARD)
        geometry = photo_geometry(name)
        truth = sample_frame(scene, geometry, RGB_TO_XYZ).skin
        for light in lights:
            errors = {}
            for label, glass, correction in (("no glass, CCM", False, fits[False]),
                                             ("glass, card only", True, None),
                                             ("glass, CCM through it", True, fits[True])):
                result = analyse_with_card(shop_cast(scene, light, optics(glass), noise=1.5), geometry, frames=1,
                                           correction=correction)
                assert result.white_balance == "patch", (name, light.name, label, result.reasons)
                errors[label] = float(delta_e_2000(np.array(result.skin.lab), truth))
            print(f"{name} {light.name}: skin dE00 from the scene's "
                  + ", ".join(f"{label} {error:.2f}" for label, error in errors.items()))
            assert errors["glass, CCM through it"] <= 1.5
            assert errors["glass, CCM through it"] < errors["glass, card only"]
            assert errors["glass, CCM through it"] <= errors["no glass, CCM"] + 0.5
