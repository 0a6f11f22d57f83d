"""Model manifest, verify and the offline message (no network needed)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from kiosk.errors import ModelError
from kiosk.models.fetch import ensure_wheel
from kiosk.models.manifest import load_manifest
from kiosk.models.paths import MANIFEST_PATH
from kiosk.models.verify import verify_models


def test_manifest_pins_every_file_by_sha256():
    manifest = load_manifest()
    assert set(manifest.wheels) == {"mediapipe", "matplotlib", "scikit-image"}
    assert manifest.wheels["mediapipe"].requirement == "mediapipe==0.10.21"
    hashes = [w.sha256 for w in manifest.wheels.values()] + [f.sha256 for f in manifest.files]
    hashes += [b.sha256 for b in manifest.built if b.sha256]
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    names = {f.name for f in manifest.files} | {b.name for b in manifest.built}
    for needed in ("pose_landmarker.task", "face_landmark.tflite", "iris_landmark.tflite",
                   "face_detection_short_range.onnx", "photos/grace_hopper.jpg"):
        assert needed in names


def test_a_broken_manifest_names_the_file_and_the_fix(tmp_path):
    bad = tmp_path / "manifest.json"
    data = json.loads(MANIFEST_PATH.read_text())
    data["files"][0]["wheel"] = "tensorflow"
    bad.write_text(json.dumps(data))
    with pytest.raises(ModelError) as info:
        load_manifest(bad)
    assert str(bad) in str(info.value) and "wheels" in str(info.value)
    bad.write_text("{not json")
    with pytest.raises(ModelError, match="manifest unreadable"):
        load_manifest(bad)


def test_verify_lists_missing_files(tmp_path):
    problems = verify_models(load_manifest(), tmp_path)
    assert any("pose_landmarker.task: missing" in p for p in problems)
    assert len(problems) == len(load_manifest().files) + len(load_manifest().built)


def test_offline_without_a_cache_gives_one_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # what pip sees with no network
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "nothing-here"))
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    wheel = load_manifest().wheels["scikit-image"]
    with pytest.raises(ModelError) as info:
        ensure_wheel(wheel, tmp_path / "cache")
    message = str(info.value)
    assert "cannot download scikit-image==0.25.0 and no cached copy exists" in message
    assert "fix:" in message and wheel.filename in message


def test_a_corrupt_cached_wheel_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    wheel = load_manifest().wheels["matplotlib"]
    cached = tmp_path / "wheels" / wheel.filename
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"not a wheel")
    with pytest.raises(ModelError, match="cannot download"):
        ensure_wheel(wheel, tmp_path)
    assert not cached.exists()  # the bad copy is gone, never used


def test_verify_catches_a_tampered_file(tmp_path):
    from tests.support.photos import models_dir

    shutil.copytree(models_dir(), tmp_path / "m")
    assert verify_models(load_manifest(), tmp_path / "m") == []
    target = tmp_path / "m" / "face_landmark.tflite"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    target.write_bytes(bytes(data))
    (tmp_path / "m" / "face_detection_short_range.onnx").write_bytes(b"garbage")
    problems = verify_models(load_manifest(), tmp_path / "m")
    assert any("face_landmark.tflite: sha256" in p for p in problems)
    assert any("onnx: does not load" in p for p in problems)
