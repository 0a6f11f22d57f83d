"""Per-frame white balance: a neutral reference patch in a fixed region of the frame.

The mirror's frame carries a neutral grey patch where the camera always sees it. Its
colour in each frame is the colour of the light (as this camera renders it), its
brightness the exposure: adapting every sample from the patch's white to D65 at the
patch's known luminance makes skin Lab independent of the shop's lamps.  When the
patch is unusable (occluded, clipped, coloured) we fall back to grey world, flagged:
the analysis lowers its confidence and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from kiosk.colour.adaptation import (
    correlated_colour_temperature,
    linear_rgb_adaptation,
    planckian_xy,
    xy_to_xyz,
)
from kiosk.colour.spaces import RGB_TO_XYZ, bgr8_to_linear

Source = Literal["patch", "grey_world", "install"]
CLIPPED_8BIT = 250  # a channel this high may be saturated: its pixel says nothing
MAX_CLIPPED_SHARE = 0.2
MAX_PATCH_UNEVENNESS = 0.12  # coefficient of variation of the patch's luminance
# Shop lamps off the black-body locus (a green-tinted fluorescent, a magenta-tinted LED)
# reach |Duv| ~0.02; a sleeve or bag over the card reads much further off.
MAX_PATCH_DUV = 0.035
MIN_PATCH_LINEAR = 0.01


@dataclass(frozen=True)
class Region:
    """A rectangle in pixels (x, y, width, height)."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def parse(cls, text: str) -> Region:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 4 or not all(p.lstrip("-").isdigit() for p in parts):
            raise ValueError(f"expected X,Y,W,H in whole pixels, got {text!r}")
        x, y, w, h = (int(p) for p in parts)
        if x < 0 or y < 0 or w < 2 or h < 2:
            raise ValueError(f"region {text!r} must start inside the frame and be at least 2x2")
        return cls(x, y, w, h)

    def crop(self, frame: np.ndarray) -> np.ndarray:
        return frame[self.y:self.y + self.h, self.x:self.x + self.w]

    def fits(self, frame: np.ndarray) -> bool:
        return self.x + self.w <= frame.shape[1] and self.y + self.h <= frame.shape[0]


@dataclass(frozen=True)
class WhiteBalance:
    """How to bring this frame's linear RGB to D65: ``matrix`` (3x3) and where it came from."""

    matrix: np.ndarray
    source: Source
    white_rgb: np.ndarray  # the light as measured (linear RGB), before correction

    def apply(self, linear_rgb: np.ndarray) -> np.ndarray:
        return linear_rgb @ self.matrix.T


@dataclass(frozen=True)
class PatchReading:
    white_rgb: np.ndarray | None
    problem: str | None  # why the patch could not be used this frame


def read_patch(frame_bgr: np.ndarray, region: Region) -> PatchReading:
    """Trimmed mean of the patch in linear RGB, or the reason it is unusable."""
    if not region.fits(frame_bgr):
        return PatchReading(None, "reference region lies outside the frame")
    pixels = region.crop(frame_bgr).reshape(-1, 3)
    clipped = (pixels >= CLIPPED_8BIT).any(axis=1)
    if clipped.mean() > MAX_CLIPPED_SHARE:
        return PatchReading(None, "reference patch is over-exposed")
    linear = bgr8_to_linear(pixels[~clipped])
    luminance = linear @ RGB_TO_XYZ[1]
    low, high = np.percentile(luminance, [10, 90])
    kept = linear[(luminance >= low) & (luminance <= high)]
    white = kept.mean(axis=0)
    if white.min() < MIN_PATCH_LINEAR:
        return PatchReading(None, "reference patch is too dark")
    if luminance.std() / max(luminance.mean(), 1e-6) > MAX_PATCH_UNEVENNESS:
        return PatchReading(None, "reference patch is uneven (occluded or in shadow)")
    if distance_from_planckian(RGB_TO_XYZ @ white) > MAX_PATCH_DUV:
        return PatchReading(None, "reference patch is too coloured to be the grey card")
    return PatchReading(white, None)


def distance_from_planckian(xyz: np.ndarray) -> float:
    """|Duv|: how far a white lies from the black-body locus (CIE 1960 uv).

    Most shop lamps sit within about 0.01 of it, tinted fluorescents and LEDs within 0.02-0.03;
    a grey card that reads further off is covered by something coloured (a sleeve, a bag)
    and must not steer the balance.
    """
    kelvin = min(max(correlated_colour_temperature(xyz), 1667.0), 25000.0)
    locus = xy_to_xyz(*planckian_xy(kelvin))
    return float(np.hypot(*(_uv(xyz) - _uv(locus))))


def _uv(xyz: np.ndarray) -> np.ndarray:
    denominator = xyz[0] + 15 * xyz[1] + 3 * xyz[2]
    return np.array([4 * xyz[0], 6 * xyz[1]]) / denominator


def from_patch(white_rgb: np.ndarray, patch_luminance: float) -> WhiteBalance:
    target = np.full(3, patch_luminance)  # linear sRGB of a neutral of that Y under D65
    return WhiteBalance(linear_rgb_adaptation(white_rgb, target), "patch", white_rgb)


def grey_world(frame_bgr: np.ndarray, step: int = 8, rounds: int = 3) -> WhiteBalance:
    """Assume the scene's near-neutral surfaces are grey: adapts colour, keeps the exposure.

    Plain grey world fails on a shopper in an orange jacket, and "least saturated pixels"
    alone fails under a strong cast (a blue object looks neutral under a warm lamp).
    So: start from the plain mean, then re-pick the pixels that look most neutral once
    corrected by the current estimate, a few rounds (an iterative grey-pixel estimate).
    """
    pixels = frame_bgr[::step, ::step].reshape(-1, 3)
    pixels = pixels[(pixels < CLIPPED_8BIT).all(axis=1) & (pixels > 20).all(axis=1)]
    if len(pixels) == 0:
        return WhiteBalance(np.eye(3), "grey_world", np.ones(3))
    linear = bgr8_to_linear(pixels)
    white = np.maximum(linear.mean(axis=0), 1e-4)
    for _ in range(rounds):
        balanced = linear / white
        spread = balanced.max(axis=1) / np.maximum(balanced.min(axis=1), 1e-4)
        neutral = linear[spread <= np.percentile(spread, 30)]
        if len(neutral) < 20:
            break
        white = np.maximum(neutral.mean(axis=0), 1e-4)
    luminance = float(white @ RGB_TO_XYZ[1])
    return WhiteBalance(linear_rgb_adaptation(white, np.full(3, luminance)), "grey_world", white)


def install_only() -> WhiteBalance:
    """Trust the install-time calibration alone (fixed lights, no patch configured)."""
    return WhiteBalance(np.eye(3), "install", np.ones(3))
