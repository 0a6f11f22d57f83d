"""From calibrated Lab to descriptive values and a season, each with its reasons.

Descriptive values: ITA (individual typology angle, Chardon et al. 1991, categories of
Del Bino et al. 2006) and the nearest Monk skin-tone swatch.  Interpretive values:
undertone from the skin's hue angle, depth from skin and hair lightness, contrast from
the lightness gap between skin and hair/eyes.  The thresholds are heuristics stated in
docs/colour.md; the season is the meeting of the two strongest axes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.palette import Season, monk_lab, seasons
from kiosk.colour.spaces import lab_to_lch

ITA_CATEGORIES = ((55, "very light"), (41, "light"), (28, "intermediate"), (10, "tan"),
                  (-30, "brown"), (-1e9, "dark"))
# Skin hue angle h_ab: lower is pinker (cool), higher is more golden (warm).
COOL_BELOW_HUE, WARM_ABOVE_HUE = 52.0, 62.0


@dataclass(frozen=True)
class Axes:
    """Scores in -1..1: warmth (+ warm), value (+ light), chroma (+ bright)."""

    warmth: float
    value: float
    chroma: float


def ita_degrees(skin_lab: np.ndarray) -> float:
    return float(np.degrees(np.arctan2(skin_lab[0] - 50.0, skin_lab[2])))


def ita_category(ita: float) -> str:
    return next(name for floor, name in ITA_CATEGORIES if ita > floor)


def monk_tone(skin_lab: np.ndarray) -> int:
    """1..10: the nearest Monk swatch by CIEDE2000."""
    return int(np.argmin(delta_e_2000(monk_lab(), skin_lab))) + 1


def undertone(skin_lab: np.ndarray) -> str:
    hue = lab_to_lch(skin_lab)[2]
    return "cool" if hue < COOL_BELOW_HUE else "warm" if hue > WARM_ABOVE_HUE else "neutral"


def depth(skin_lab: np.ndarray) -> str:
    lightness = skin_lab[0]
    return "light" if lightness >= 65 else "deep" if lightness < 45 else "medium"


def contrast_level(skin_lab, hair_lab, eyes_lab) -> tuple[str, float]:
    """Lightness gap between skin and hair: 'low' < 20 <= 'medium' < 40 <= 'high'.

    Eyes count at 60 % and only without hair: a camera sees most irises dark (lashes,
    shade of the brow), so their gap to the skin says more about light than colouring.
    """
    if hair_lab is not None:
        gap = abs(skin_lab[0] - hair_lab[0])
    elif eyes_lab is not None:
        gap = 0.6 * abs(skin_lab[0] - eyes_lab[0])
    else:
        gap = 0.0
    return ("high" if gap >= 40 else "low" if gap < 20 else "medium"), float(gap)


def axes(skin_lab, hair_lab, eyes_lab) -> Axes:
    hue = lab_to_lch(skin_lab)[2]
    warmth = float(np.clip((hue - (COOL_BELOW_HUE + WARM_ABOVE_HUE) / 2) / 10, -1, 1))
    lightness = skin_lab[0] if hair_lab is None else 0.6 * skin_lab[0] + 0.4 * hair_lab[0]
    value = float(np.clip((lightness - 52) / 18, -1, 1))
    _, gap = contrast_level(skin_lab, hair_lab, eyes_lab)
    eye_chroma = 0.0 if eyes_lab is None else lab_to_lch(eyes_lab)[1]
    chroma = float(np.clip(((gap - 30) / 20 + (eye_chroma - 12) / 12) / 2, -1, 1))
    return Axes(warmth, value, chroma)


def rank_seasons(scores: Axes) -> list[tuple[Season, float]]:
    """Seasons from best to worst fit, with a fit score (higher is better)."""
    ranked = [(season, _fit(season, scores)) for season in seasons().values()]
    return sorted(ranked, key=lambda pair: pair[1], reverse=True)


_DIRECTIONS = {"warm": ("warmth", 1), "cool": ("warmth", -1), "light": ("value", 1),
               "deep": ("value", -1), "bright": ("chroma", 1), "soft": ("chroma", -1)}


def _fit(season: Season, scores: Axes) -> float:
    """Dominant characteristic counts fully, the leaning one half (the tonal system's rule)."""
    return _along(season.dominant, scores) + 0.5 * _along(season.leaning, scores)


def _along(characteristic: str, scores: Axes) -> float:
    axis, sign = _DIRECTIONS[characteristic]
    return sign * getattr(scores, axis)
