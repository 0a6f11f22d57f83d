"""`kiosk models build` into a fresh folder: from the pinned wheels, idempotent, self-repairing."""

from __future__ import annotations

import subprocess
import sys

from kiosk.models.build import build_models
from kiosk.models.manifest import load_manifest
from kiosk.models.paths import cache_dir
from kiosk.models.verify import verify_models
from tests.support.photos import models_dir


def test_fresh_build_then_nothing_to_do_then_repair(tmp_path):
    models_dir()  # make sure the wheel cache is filled (downloads once per machine)
    manifest = load_manifest()
    dest = tmp_path / "models"
    first = build_models(manifest, dest, cache_dir())
    assert len(first.written) == len(manifest.files) + len(manifest.built)
    assert verify_models(manifest, dest) == []
    second = build_models(manifest, dest, cache_dir())
    assert second.written == []
    (dest / "pose_landmarker.task").write_bytes(b"half a file")
    (dest / "photos" / "coffee.png").unlink()
    third = build_models(manifest, dest, cache_dir())
    assert sorted(third.written) == ["photos/coffee.png", "pose_landmarker.task"]
    assert verify_models(manifest, dest) == []


def test_cli_build_and_verify(tmp_path):
    models_dir()
    dest = tmp_path / "cli-models"
    run = [sys.executable, "-m", "kiosk", "models"]
    built = subprocess.run(run + ["build", "--dir", str(dest)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "models ready in" in built.stdout
    verified = subprocess.run(run + ["verify", "--dir", str(dest)], capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0 and "match models/manifest.json" in verified.stdout
    (dest / "iris_landmark.tflite").unlink()
    broken = subprocess.run(run + ["verify", "--dir", str(dest)], capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1 and "iris_landmark.tflite: missing" in broken.stdout


def test_a_pinned_wheel_downloads_hash_checked_into_an_empty_cache(tmp_path):
    """The fresh-machine path: pip download --require-hashes into an empty cache."""
    from kiosk.models.fetch import ensure_wheel
    from kiosk.models.manifest import sha256_of

    wheel = load_manifest().wheels["matplotlib"]  # the smallest of the three (8.6 MB)
    path = ensure_wheel(wheel, tmp_path / "cache")
    assert path.name == wheel.filename and sha256_of(path) == wheel.sha256
    assert list((tmp_path / "cache" / "wheels").iterdir()) == [path]
