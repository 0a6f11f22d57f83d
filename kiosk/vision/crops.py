"""Rotated square crops: cut an upright face or eye out of a frame and map points back."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class RotatedSquare:
    """A square of ``side`` pixels centred on (cx, cy), rotated by ``angle`` radians
    (image coordinates, y down): the crop's x axis runs along that angle."""

    cx: float
    cy: float
    side: float
    angle: float

    @classmethod
    def along(cls, start: np.ndarray, end: np.ndarray, centre: np.ndarray, side: float) -> RotatedSquare:
        """Upright when the segment start→end (two eyes, two eye corners) is horizontal."""
        angle = math.atan2(float(end[1] - start[1]), float(end[0] - start[0]))
        return cls(float(centre[0]), float(centre[1]), float(side), angle)

    def crop_to_image(self, size: int) -> np.ndarray:
        """2x3 affine mapping crop pixels (0..size) to image pixels."""
        k = self.side / size
        cos, sin = math.cos(self.angle), math.sin(self.angle)
        half = self.side / 2
        tx = self.cx - (cos * half - sin * half)
        ty = self.cy - (sin * half + cos * half)
        return np.array([[k * cos, -k * sin, tx], [k * sin, k * cos, ty]], dtype=np.float64)

    def warp(self, image: np.ndarray, size: int) -> np.ndarray:
        return cv2.warpAffine(image, self.crop_to_image(size), (size, size),
                              flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                              borderMode=cv2.BORDER_REPLICATE)

    def points_to_image(self, points: np.ndarray, size: int) -> np.ndarray:
        """(N, 2|3) crop points → image pixels; z is scaled like x."""
        matrix = self.crop_to_image(size)
        out = points.astype(np.float32).copy()
        out[:, :2] = points[:, :2] @ matrix[:, :2].T + matrix[:, 2]
        if points.shape[1] > 2:
            out[:, 2] = points[:, 2] * (self.side / size)
        return out
