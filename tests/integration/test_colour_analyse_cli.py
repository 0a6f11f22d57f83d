"""`kiosk analyse --opt-in` on real photos: the `colour` object, the consent rule, the patch."""

from __future__ import annotations

import json

import cv2
import pytest

from kiosk.__main__ import main
from tests.support.colour import paste_patch, photo
from tests.support.photos import models_dir, photo_path

MEASURED = ("skin", "hair", "eyes", "garment")


def analyse(capsys, *argv) -> tuple[int, list[dict]]:
    code = main(["analyse", "--json", "--models-dir", str(models_dir()), *argv])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    return code, lines


@pytest.mark.parametrize("name", ["grace_hopper.jpg", "astronaut.png"])
def test_opt_in_adds_a_plausible_explained_colour_object(capsys, name):
    code, [result] = analyse(capsys, str(photo_path(name)), "--opt-in")
    assert code == 0
    colour = result["colour"]
    for region in MEASURED:
        entry = colour[region]
        assert len(entry["lab"]) == 3 and entry["hex"].startswith("#") and entry["name"]
    assert colour["undertone"] in ("warm", "cool", "neutral")
    assert 0 <= colour["confidence"] < 0.6  # one still, grey world: not a verdict
    assert colour["palette"] is None and len(colour["compare"]) == 2
    assert any("grey world" in reason for reason in colour["reasons"])
    assert 2 <= colour["monk"] <= 7  # both are light to medium skin in these photos


def test_garment_names_match_the_photos(capsys):
    _code, results = analyse(capsys, str(photo_path("astronaut.png")),
                             str(photo_path("grace_hopper.jpg")), "--opt-in")
    assert results[0]["colour"]["garment"]["name"] in ("burnt orange", "dark orange", "coral")
    assert results[1]["colour"]["garment"]["name"] in ("black", "navy blue", "midnight blue")


def test_without_opt_in_there_is_no_colour(capsys):
    _code, [result] = analyse(capsys, str(photo_path("astronaut.png")))
    assert "colour" not in result


def test_white_ref_uses_the_patch(capsys, tmp_path):
    image = tmp_path / "with_card.png"
    cv2.imwrite(str(image), paste_patch(photo("astronaut.png"), (4, 4, 36, 36)))
    _code, [result] = analyse(capsys, str(image), "--opt-in", "--white-ref", "4,4,36,36")
    assert result["colour"]["white_balance"] == "patch"
    assert not any("grey world" in reason for reason in result["colour"]["reasons"])


def test_bad_white_ref_names_the_option_and_the_fix(capsys):
    code = main(["analyse", str(photo_path("astronaut.png")), "--opt-in", "--white-ref", "4,4"])
    assert code != 0
    assert "--white-ref" in capsys.readouterr().err
