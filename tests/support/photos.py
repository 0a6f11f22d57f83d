"""Real test photos and built models for vision tests (and anyone else's).

Photos come from `kiosk models build` (matplotlib / scikit-image wheels, hash-checked,
into models/build/photos) and from Debian's opencv-doc (basketball1/2: two real frames
of one video).  ``models_dir()`` builds the models once per session if needed: fast
when cached, and a clear failure (not a skip) when they cannot be built.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from hardware.camera.frames import Frame
from kiosk.models.paths import cache_dir, default_models_dir
from tests.support.debian import missing_package

OPENCV_DOC_DATA = Path("/usr/share/doc/opencv-doc/examples/data")
OPENCV_DOC_HTML = Path("/usr/share/doc/opencv-doc/opencv4/html")
BUILT_PHOTOS = ("grace_hopper.jpg", "astronaut.png", "camera.png", "coffee.png", "chelsea.png")
DEBIAN_PHOTOS = ("basketball1.png", "basketball2.png", "messi5.jpg")
# Figures of opencv-doc's tutorials (real photos with the tutorial's drawings on them):
# the cascade classifier's LBP result (a webcam frame) and the face landmark trainer's
# result grid (faces of the HELEN set, Flickr photos, with 68 landmarks drawn as dots).
DEBIAN_DOC_PHOTOS = ("Cascade_Classifier_Tutorial_Result_LBP.jpg", "2.jpg")
PEOPLE = ("grace_hopper.jpg", "astronaut.png", "camera.png", "basketball1.png", "basketball2.png")
NO_PEOPLE = ("coffee.png", "chelsea.png")


@cache
def models_dir() -> Path:
    """The built models folder, building (idempotent, cached) if anything is missing."""
    from kiosk.models.build import build_models
    from kiosk.models.manifest import load_manifest
    from kiosk.models.verify import verify_models

    root = default_models_dir()
    manifest = load_manifest()
    if verify_models(manifest, root):
        build_models(manifest, root, cache_dir())
    return root


def photo_path(name: str) -> Path:
    if name in DEBIAN_PHOTOS or name in DEBIAN_DOC_PHOTOS:
        path = (OPENCV_DOC_DATA if name in DEBIAN_PHOTOS else OPENCV_DOC_HTML) / name
        if not path.is_file():
            missing_package(f"{path} missing: install Debian package opencv-doc")
        return path
    if name not in BUILT_PHOTOS:
        raise ValueError(f"unknown test photo {name}")
    return models_dir() / "photos" / name


def photo(name: str, flags: int = cv2.IMREAD_COLOR) -> np.ndarray:
    image = cv2.imread(str(photo_path(name)), flags)
    assert image is not None, f"cannot read {name}"
    return image


def frame_of(image: np.ndarray, seq: int = 0, ts: float | None = None) -> Frame:
    return Frame(seq=seq, ts=time.monotonic() if ts is None else ts, image=image)


def box_iou(a, b) -> float:
    """IoU of two FaceBox-like objects (x, y, w, h)."""
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x + a.w, b.x + b.w), min(a.y + a.h, b.y + b.h)
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    return inter / (a.w * a.h + b.w * b.h - inter)


def fit_640x480(image: np.ndarray) -> np.ndarray:
    """A real photo placed on a 640x480 frame (scaled to fit, centred, black bars)."""
    height, width = image.shape[:2]
    scale = min(640 / width, 480 / height)
    resized = cv2.resize(image, (round(width * scale), round(height * scale)),
                         interpolation=cv2.INTER_AREA)
    canvas = np.zeros((480, 640, 3), dtype=np.uint8)
    y, x = (480 - resized.shape[0]) // 2, (640 - resized.shape[1]) // 2
    canvas[y:y + resized.shape[0], x:x + resized.shape[1]] = resized
    return canvas
