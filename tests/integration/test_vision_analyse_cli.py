"""`kiosk analyse --json` on the real photos, as an installer would run it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.photos import photo_path


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    names = ["grace_hopper.jpg", "astronaut.png", "camera.png", "basketball1.png",
             "basketball2.png", "coffee.png", "chelsea.png"]
    paths = [str(photo_path(name)) for name in names]
    done = subprocess.run([sys.executable, "-m", "kiosk", "analyse", "--json", *paths],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == len(names)  # one JSON object per image, one per line
    return {name: json.loads(line) for name, line in zip(names, lines, strict=True)}


@pytest.mark.parametrize("name", ["grace_hopper.jpg", "astronaut.png", "camera.png"])
def test_faces_have_pixel_boxes_and_scores(results, name):
    result = results[name]
    assert result["person"] is True and result["image"].endswith(name)
    (face,) = result["faces"]
    x, y, w, h = face["box"]
    assert 0 <= x < result["width"] and 0 <= y < result["height"] and 40 < w < 300 and 40 < h < 300
    assert 0.7 < face["score"] <= 1.0 and face["landmarks"] == 478


@pytest.mark.parametrize("name", ["basketball1.png", "basketball2.png"])
def test_full_body_keypoints_in_pixels(results, name):
    pose = results[name]["pose"]
    assert len(pose) == 33 and set(pose[0]) == {"x", "y", "visibility"}
    ankles = pose[27], pose[28]
    assert all(a["visibility"] >= 0.9 and 300 < a["y"] < 480 for a in ankles)


def test_hips_on_the_cameraman(results):
    hips = results["camera.png"]["pose"][23], results["camera.png"]["pose"][24]
    assert max(h["visibility"] for h in hips) >= 0.9


@pytest.mark.parametrize("name", ["coffee.png", "chelsea.png"])
def test_nothing_on_coffee_and_cat(results, name):
    assert results[name]["person"] is False
    assert results[name]["faces"] == [] and results[name]["pose"] is None


def test_a_bad_image_names_the_file_and_the_fix(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG but not really")
    done = subprocess.run([sys.executable, "-m", "kiosk", "analyse", "--json", str(broken),
                           str(tmp_path / "missing.jpg")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    errors = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["image"] for e in errors] == [str(broken), str(tmp_path / "missing.jpg")]
    assert "not a readable image" in errors[0]["error"] and errors[0]["fix"]
    assert f"{broken}: not a readable image" in done.stderr
