"""Colour spaces, vectorised over the last axis: sRGB <-> linear RGB <-> XYZ <-> CIELAB <-> LCh.

All functions take and return float arrays of shape (..., 3).  sRGB is IEC 61966-2-1
(values 0..1), XYZ is relative to D65 with Y = 1 for the white, CIELAB uses the D65
white (CIE 15:2004).  Hand-written because the kiosk runs them on every frame and a
few hundred pixels must cost microseconds; tests/unit/test_colour_spaces.py checks
every function against colour-science (the reference library) and round trips.
"""

from __future__ import annotations

import numpy as np

# IEC 61966-2-1 sRGB primaries, D65 white, XYZ for Y(white) = 1.
RGB_TO_XYZ = np.array([
    [0.4124, 0.3576, 0.1805],
    [0.2126, 0.7152, 0.0722],
    [0.0193, 0.1192, 0.9505],
])
XYZ_TO_RGB = np.linalg.inv(RGB_TO_XYZ)
D65_XYZ = RGB_TO_XYZ.sum(axis=1)  # the white the matrix maps (1, 1, 1) to
_EPSILON = 216 / 24389  # CIE 15:2004 exact form of 0.008856
_KAPPA = 24389 / 27  # CIE 15:2004 exact form of 903.3


def srgb_to_linear(srgb: np.ndarray) -> np.ndarray:
    srgb = np.asarray(srgb, dtype=np.float64)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(np.asarray(linear, dtype=np.float64), 0.0, None)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)


def linear_to_xyz(linear: np.ndarray) -> np.ndarray:
    return np.asarray(linear, dtype=np.float64) @ RGB_TO_XYZ.T


def xyz_to_linear(xyz: np.ndarray) -> np.ndarray:
    return np.asarray(xyz, dtype=np.float64) @ XYZ_TO_RGB.T


def xyz_to_lab(xyz: np.ndarray, white: np.ndarray = D65_XYZ) -> np.ndarray:
    ratio = np.asarray(xyz, dtype=np.float64) / white
    f = np.where(ratio > _EPSILON, np.cbrt(ratio), (_KAPPA * ratio + 16) / 116)
    lightness = 116 * f[..., 1] - 16
    a = 500 * (f[..., 0] - f[..., 1])
    b = 200 * (f[..., 1] - f[..., 2])
    return np.stack([lightness, a, b], axis=-1)


def lab_to_xyz(lab: np.ndarray, white: np.ndarray = D65_XYZ) -> np.ndarray:
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    fx = fy + lab[..., 1] / 500
    fz = fy - lab[..., 2] / 200
    f = np.stack([fx, fy, fz], axis=-1)
    ratio = np.where(f ** 3 > _EPSILON, f ** 3, (116 * f - 16) / _KAPPA)
    # Y uses L* directly below the threshold (CIE 15:2004 inverse).
    y_linear = np.where(lab[..., 0] > _KAPPA * _EPSILON, fy ** 3, lab[..., 0] / _KAPPA)
    ratio[..., 1] = y_linear
    return ratio * white


def lab_to_lch(lab: np.ndarray) -> np.ndarray:
    lab = np.asarray(lab, dtype=np.float64)
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    hue = np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360.0
    return np.stack([lab[..., 0], chroma, hue], axis=-1)


def lch_to_lab(lch: np.ndarray) -> np.ndarray:
    lch = np.asarray(lch, dtype=np.float64)
    hue = np.radians(lch[..., 2])
    return np.stack([lch[..., 0], lch[..., 1] * np.cos(hue), lch[..., 1] * np.sin(hue)], axis=-1)


def srgb_to_lab(srgb: np.ndarray) -> np.ndarray:
    return xyz_to_lab(linear_to_xyz(srgb_to_linear(srgb)))


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """sRGB 0..1, clipped to the gamut (out-of-gamut Lab values are clamped per channel)."""
    return np.clip(linear_to_srgb(xyz_to_linear(lab_to_xyz(lab))), 0.0, 1.0)


def bgr8_to_linear(bgr: np.ndarray) -> np.ndarray:
    """uint8 BGR pixels (..., 3) as OpenCV gives them -> linear RGB 0..1 (lookup table)."""
    return _SRGB8_TO_LINEAR[np.asarray(bgr)[..., ::-1]]


_SRGB8_TO_LINEAR = srgb_to_linear(np.arange(256) / 255.0)


def hex_to_srgb(code: str) -> np.ndarray:
    text = code.strip().lstrip("#")
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"not a #RRGGBB colour: {code!r}")
    return np.array([int(text[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64) / 255.0


def srgb_to_hex(srgb: np.ndarray) -> str:
    values = np.clip(np.round(np.asarray(srgb, dtype=np.float64) * 255), 0, 255).astype(int)
    return "#{:02x}{:02x}{:02x}".format(*values)


def hex_to_lab(code: str) -> np.ndarray:
    return srgb_to_lab(hex_to_srgb(code))


def lab_to_hex(lab: np.ndarray) -> str:
    return srgb_to_hex(lab_to_srgb(lab))
