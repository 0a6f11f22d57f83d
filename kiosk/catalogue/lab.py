"""sRGB hex → CIELAB (D65), the one conversion the catalogue needs.

Kept local and tiny so the catalogue does not wait on kiosk.colour; the maths
is the standard IEC 61966-2-1 sRGB → XYZ → CIE 1976 L*a*b* chain.
"""

from __future__ import annotations

_D65 = (0.95047, 1.0, 1.08883)
_M = ((0.4124564, 0.3575761, 0.1804375),
      (0.2126729, 0.7151522, 0.0721750),
      (0.0193339, 0.1191920, 0.9503041))


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _f(t: float) -> float:
    return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29


def hex_to_lab(hex_colour: str) -> tuple[float, float, float]:
    """'#rrggbb' → (L, a, b) rounded to 0.01."""
    text = hex_colour.lstrip("#")
    rgb = [_linear(int(text[i:i + 2], 16) / 255) for i in (0, 2, 4)]
    x, y, z = (sum(m * c for m, c in zip(row, rgb, strict=True)) / w
               for row, w in zip(_M, _D65, strict=True))
    fx, fy, fz = _f(x), _f(y), _f(z)
    # "+ 0.0" turns -0.0 into 0.0 so neutral greys print cleanly.
    return (round(116 * fy - 16, 2) + 0.0, round(500 * (fx - fy), 2) + 0.0,
            round(200 * (fy - fz), 2) + 0.0)
