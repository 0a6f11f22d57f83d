"""Where model files live: the build folder, the download cache, the manifest."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import Location, ModelError

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = REPO_ROOT / "models" / "manifest.json"
MODELS_DIR_ENV = "KIOSK_MODELS_DIR"
CACHE_DIR_ENV = "KIOSK_CACHE_DIR"


def default_models_dir() -> Path:
    """``$KIOSK_MODELS_DIR`` if set, else ``models/build`` in the source tree."""
    configured = os.environ.get(MODELS_DIR_ENV)
    return Path(configured) if configured else REPO_ROOT / "models" / "build"


def resolve_models_dir(configured: str | Path | None) -> Path:
    """The models folder to use: ``$KIOSK_MODELS_DIR`` wins (the systemd unit sets it),
    else the configured path (resolve it against the config file first), else the default."""
    if os.environ.get(MODELS_DIR_ENV) or configured is None:
        return default_models_dir()
    return Path(configured)


def cache_dir() -> Path:
    """Downloaded wheels are cached here so a rebuild needs no network."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "smart-mirror-kiosk"


@dataclass(frozen=True)
class ModelPaths:
    """The built files the vision backends load, all inside one folder."""

    root: Path

    @property
    def face_mesh(self) -> Path:
        return self.root / "face_landmark.tflite"

    @property
    def iris(self) -> Path:
        return self.root / "iris_landmark.tflite"

    @property
    def pose_landmarker(self) -> Path:
        return self.root / "pose_landmarker.task"

    @property
    def face_detector_full_range(self) -> Path:
        return self.root / "face_detection_full_range_sparse.tflite"

    @property
    def face_detector_short_range(self) -> Path:
        return self.root / "face_detection_short_range.tflite"

    @property
    def face_detector_onnx(self) -> Path:
        return self.root / "face_detection_short_range.onnx"

    def require(self, path: Path) -> Path:
        """The path if it exists, else a ModelError telling how to build it."""
        if not path.is_file():
            raise ModelError(
                "model file missing", location=Location(str(path)),
                fix=f"run `kiosk models build --dir {self.root}` (once, needs network or a cache)")
        return path
