"""Chromatic adaptation: Bradford transform from a measured white to D65.

The reference patch (or grey world) tells us the colour of the light as the camera
saw it; the Bradford cone-response transform (Lam 1985, as in CIE 159 / ICC v4)
maps colours seen under that white to how they would look under D65, so skin
measured under a 2700 K spot and under a 6500 K panel lands on the same Lab.
"""

from __future__ import annotations

import numpy as np

from kiosk.colour.spaces import D65_XYZ, RGB_TO_XYZ, XYZ_TO_RGB

BRADFORD = np.array([
    [0.8951, 0.2664, -0.1614],
    [-0.7502, 1.7135, 0.0367],
    [0.0389, -0.0685, 1.0296],
])
BRADFORD_INV = np.linalg.inv(BRADFORD)


def bradford_matrix(source_white_xyz: np.ndarray, target_white_xyz: np.ndarray = D65_XYZ
                    ) -> np.ndarray:
    """3x3 XYZ->XYZ matrix adapting colours seen under ``source`` to ``target`` white."""
    source_cone = BRADFORD @ np.asarray(source_white_xyz, dtype=np.float64)
    target_cone = BRADFORD @ np.asarray(target_white_xyz, dtype=np.float64)
    return BRADFORD_INV @ np.diag(target_cone / source_cone) @ BRADFORD


def linear_rgb_adaptation(source_white_rgb: np.ndarray, target_white_rgb: np.ndarray
                          ) -> np.ndarray:
    """3x3 matrix on linear sRGB: a pixel the colour of ``source`` becomes ``target``.

    Both whites are linear RGB triples; their luminance ratio carries the exposure
    correction too (a patch of known grey fixes brightness as well as colour).
    """
    source_xyz = RGB_TO_XYZ @ np.asarray(source_white_rgb, dtype=np.float64)
    target_xyz = RGB_TO_XYZ @ np.asarray(target_white_rgb, dtype=np.float64)
    return XYZ_TO_RGB @ bradford_matrix(source_xyz, target_xyz) @ RGB_TO_XYZ


def xy_to_xyz(x: float, y: float, luminance: float = 1.0) -> np.ndarray:
    return np.array([x * luminance / y, luminance, (1 - x - y) * luminance / y])


def planckian_xy(kelvin: float) -> tuple[float, float]:
    """CIE 1931 xy of a black body, Kim et al. (2002) cubic spline, 1667-25000 K.

    Used to make test illuminants (2700-6500 K shop lighting) and to describe a measured
    white; accurate to about 1e-3 in xy against the full Planck integral.
    """
    t = float(kelvin)
    if not 1667 <= t <= 25000:
        raise ValueError(f"colour temperature {t} K outside 1667-25000 K")
    if t <= 4000:
        x = -0.2661239e9 / t**3 - 0.2343589e6 / t**2 + 0.8776956e3 / t + 0.179910
    else:
        x = -3.0258469e9 / t**3 + 2.1070379e6 / t**2 + 0.2226347e3 / t + 0.240390
    if t <= 2222:
        y = -1.1063814 * x**3 - 1.34811020 * x**2 + 2.18555832 * x - 0.20219683
    elif t <= 4000:
        y = -0.9549476 * x**3 - 1.37418593 * x**2 + 2.09137015 * x - 0.16748867
    else:
        y = 3.0817580 * x**3 - 5.87338670 * x**2 + 3.75112997 * x - 0.37001483
    return x, y


def correlated_colour_temperature(xyz: np.ndarray) -> float:
    """McCamy (1992) CCT approximation from XYZ; good to a few K from 2000 to 12500 K."""
    xyz = np.asarray(xyz, dtype=np.float64)
    total = xyz.sum()
    x, y = xyz[0] / total, xyz[1] / total
    n = (x - 0.3320) / (0.1858 - y)
    return float(449 * n**3 + 3525 * n**2 + 6823.3 * n + 5520.33)
