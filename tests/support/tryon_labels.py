"""Issue 20's labelled set: the worn garment, drawn by hand as polygons on real photos
that ship with our packages (tests/data/tryon_labels/labels.json, with each photo's
origin), and the quality figures of See it on me measured against it.

``measure()`` runs each photo through the real vision pipeline (pose, person mask, face),
builds the garment mask for the label's kind, recolours to a few target colourways and
returns per-photo and mean figures:

- mask IoU: the garment mask (> 0.5) against the hand label;
- colour dE00: the recoloured garment's mean CIELAB (over the labelled pixels, so a missed
  part of the garment counts against it) against the target's;
- recoloured dE00: the same over the labelled pixels the recolour did take (weight > 0.5):
  how true the colour is where the garment was found;
- face dE00: mean per-pixel dE00 between the photo and the recolour over the face box;
- outside dE00: the same over every pixel outside the labelled garment (face, hair, skin,
  background).

dE00 is kiosk.colour.ciede2000 (checked against Sharma's pairs); Lab from
kiosk.colour.spaces (sRGB, D65).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.spaces import hex_to_lab, srgb_to_lab

LABELS = Path(__file__).resolve().parents[1] / "data" / "tryon_labels" / "labels.json"
OPENCV_DOC = Path("/usr/share/doc/opencv-doc")
# Three colourways far from each other and from most garments in the set.
TARGETS = ("#2e6fd1", "#b8332b", "#3f8f4e")


@dataclass(frozen=True)
class Label:
    name: str
    source: str
    origin: str
    kind: str
    polygons: tuple
    holes: tuple

    def path(self) -> Path:
        where, _, rest = self.source.partition(":")
        if where == "built":
            from tests.support.photos import models_dir
            return models_dir() / "photos" / rest
        if where == "opencv-doc":
            path = OPENCV_DOC / rest
            if not path.is_file():
                from tests.support.debian import missing_package
                missing_package(f"{path} missing: install Debian package opencv-doc")
            return path
        raise ValueError(f"unknown photo source {self.source}")

    def image(self) -> np.ndarray:
        image = cv2.imread(str(self.path()), cv2.IMREAD_COLOR)
        assert image is not None, f"cannot read {self.path()}"
        return image

    def mask(self, shape: tuple[int, int]) -> np.ndarray:
        """The labelled garment, bool at the photo's size."""
        out = np.zeros(shape, np.uint8)
        for polygon in self.polygons:   # one by one: fillPoly XORs overlapping polygons
            cv2.fillPoly(out, [np.array(polygon, np.int32)], 1)
        for hole in self.holes:
            cv2.fillPoly(out, [np.array(hole, np.int32)], 0)
        return out.astype(bool)


def labels() -> list[Label]:
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    return [Label(p["name"], p["source"], p["origin"], p["kind"],
                  tuple(map(tuple, p["polygons"])), tuple(map(tuple, p.get("holes", ()))))
            for p in data["photos"]]


@cache
def observation(name: str):
    """The real vision pipeline (face, pose, person mask) on one labelled photo."""
    from hardware.camera.frames import Frame
    from kiosk.vision.factory import build_pipeline
    from tests.support.photos import models_dir

    label = next(label for label in labels() if label.name == name)
    pipeline = build_pipeline(models_dir(), still_images=True)
    try:
        return pipeline.process(Frame(image=label.image(), ts=0.0, seq=0))
    finally:
        pipeline.close()


def lab_of(bgr: np.ndarray) -> np.ndarray:
    """CIELAB (D65) per pixel, (N, 3), with the project's validated conversion."""
    return srgb_to_lab(bgr.reshape(-1, 3)[:, ::-1].astype(np.float64) / 255.0)


def iou(a: np.ndarray, b: np.ndarray) -> float:
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 0.0


@dataclass(frozen=True)
class PhotoFigures:
    name: str
    mask_iou: float
    colour_de00: float     # mean over TARGETS
    recoloured_de00: float
    face_de00: float
    outside_de00: float


def measure_photo(label: Label, targets=TARGETS) -> PhotoFigures:
    from kiosk.tryon.recolour import garment_mask, recolour

    image, seen = label.image(), observation(label.name)
    truth = label.mask(image.shape[:2])
    face = seen.face_box
    mask = garment_mask(image.shape[:2], seen.pose_keypoints, seen.person_mask, label.kind,
                        face.y + face.h if face is not None else None, image, face)
    if mask is None:   # no preview: nothing found, nothing changed
        return PhotoFigures(label.name, 0.0, float("nan"), float("nan"), 0.0, 0.0)
    before = lab_of(image)
    colour, recoloured, face_de, outside_de = [], [], [], []
    for code in targets:
        target = hex_to_lab(code)
        result = recolour(image, mask, tuple(float(v) for v in target), measure=True)
        after = lab_of(result.image)
        colour.append(float(delta_e_2000(after[truth.ravel()].mean(axis=0), target)))
        taken = truth.ravel() & (result.weight.ravel() > 0.5)
        recoloured.append(float(delta_e_2000(after[taken].mean(axis=0), target)) if taken.any()
                          else float("nan"))
        change = delta_e_2000(before, after).reshape(truth.shape)
        outside_de.append(float(change[~truth].mean()))
        if face is not None:
            x0, y0 = max(0, int(face.x)), max(0, int(face.y))
            face_de.append(float(change[y0:int(face.y + face.h), x0:int(face.x + face.w)].mean()))
    return PhotoFigures(label.name, iou(mask > 0.5, truth), float(np.mean(colour)),
                        float(np.mean(recoloured)),
                        float(np.mean(face_de)) if face_de else 0.0, float(np.mean(outside_de)))


def measure(targets=TARGETS) -> tuple[list[PhotoFigures], dict[str, float]]:
    """Per-photo figures and their means over the labelled set."""
    rows = [measure_photo(label, targets) for label in labels()]
    means = {
        "mask_iou_mean": float(np.mean([r.mask_iou for r in rows])),
        "colour_de00_mean": float(np.nanmean([r.colour_de00 for r in rows])),
        "recoloured_de00_mean": float(np.nanmean([r.recoloured_de00 for r in rows])),
        "face_de00_mean": float(np.mean([r.face_de00 for r in rows])),
        "outside_de00_mean": float(np.mean([r.outside_de00 for r in rows])),
    }
    return rows, means


def overlay(label: Label, garment: np.ndarray | None = None) -> np.ndarray:
    """The photo with the label tinted magenta and outlined (and the measured garment mask
    outlined in red): how each label was checked by eye."""
    image = label.image()
    truth = label.mask(image.shape[:2])
    out = image.copy()
    out[truth] = (0.6 * out[truth] + 0.4 * np.array([255, 0, 255])).astype(np.uint8)
    for polygon in label.polygons + label.holes:
        cv2.polylines(out, [np.array(polygon, np.int32)], True, (0, 255, 0), 1)
    if garment is not None:
        contours = cv2.findContours((garment > 0.5).astype(np.uint8), cv2.RETR_EXTERNAL,
                                    cv2.CHAIN_APPROX_SIMPLE)[0]
        cv2.drawContours(out, contours, -1, (0, 0, 255), 2)
    return out
