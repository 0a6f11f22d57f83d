"""Colour harmony of an accessory with a garment, in CIELCh (kiosk.colour).

Rules a stylist would use, on measured colours rather than names:

- *neutral*: low chroma (black, white, grey), very dark and muted (navy, chocolate,
  charcoal), or a muted warm hue (camel, beige, sand, khaki).  A neutral goes with
  anything; which neutral says how (camel warms navy, white brightens navy).
- *analogous*: hues within 45 degrees; *tonal* when also clearly lighter or darker.
- *complementary*: hues 120-180 degrees apart (CIELAB hue is not a painter's wheel:
  red sits at ~30 degrees, green at ~160).
- *match*: practically the same colour (CIEDE2000 < 6): fine, not inspiring.
- *contrast*: anything else between two chromatic colours: bold, ranked low.

Hue angles come from CIELAB a*/b*; thresholds were chosen on the demo catalogue's
colours and pinned by tests/unit/test_recommend_harmony.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kiosk.colour import delta_e_2000, lab_to_lch

Lab = tuple[float, float, float]
ACHROMATIC_CHROMA = 12.0
MATCH_DELTA_E = 6.0

SCORES = {"warms": 0.92, "cools": 0.88, "tonal": 0.85, "accent": 0.85, "sharpens": 0.85, "brightens": 0.85,
          "with_print": 0.85, "grounds": 0.8, "complementary": 0.78, "analogous": 0.75,
          "neutrals": 0.7, "match": 0.5, "contrast": 0.3, "print_clash": 0.25}


@dataclass(frozen=True)
class Harmony:
    kind: str       # neutral | analogous | tonal | complementary | match | contrast | print
    reason: str     # reason key (kiosk.recommend.reasons)
    score: float    # 0..1


@lru_cache(maxsize=4096)
def lch(lab: Lab) -> tuple[float, float, float]:
    """Cached: a catalogue has a few dozen distinct colours, asked about thousands of times."""
    lightness, chroma, hue = lab_to_lch(np.asarray(lab, dtype=float))
    return float(lightness), float(chroma), float(hue)


@lru_cache(maxsize=16384)
def _delta_e(a: Lab, b: Lab) -> float:
    return float(delta_e_2000(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))


def is_neutral(lab: Lab) -> bool:
    lightness, chroma, hue = lch(lab)
    if chroma < ACHROMATIC_CHROMA:
        return True
    if lightness < 30 and chroma < 25:          # navy, chocolate, charcoal, dark denim
        return True
    return 55 <= hue <= 100 and chroma < 36 and lightness > 45   # camel, beige, sand, khaki


def is_warm(lab: Lab) -> bool:
    _, chroma, hue = lch(lab)
    return chroma >= 8 and (hue < 100 or hue >= 340)


def is_cool(lab: Lab) -> bool:
    _, chroma, hue = lch(lab)
    return chroma >= 8 and 150 <= hue < 340


def hue_distance(a: Lab, b: Lab) -> float:
    diff = abs(lch(a)[2] - lch(b)[2]) % 360
    return min(diff, 360 - diff)


def harmony(accessory: Lab, garment: Lab | None) -> Harmony:
    """How an accessory colour goes with the garment colour (None: a print or multicolour)."""
    accessory = tuple(accessory)
    if garment is None:
        if is_neutral(accessory):
            return _h("print", "with_print")
        return _h("print", "print_clash", reason="print_accent")
    accessory, garment = tuple(accessory), tuple(garment)
    if _delta_e(accessory, garment) < MATCH_DELTA_E:
        return _h("match", "match")
    accessory_neutral, garment_neutral = is_neutral(accessory), is_neutral(garment)
    if accessory_neutral:
        effect = _neutral_effect(accessory, garment)
        if garment_neutral and effect == "grounds":
            return _h("neutral", "neutrals")
        return _h("neutral", effect)
    if garment_neutral:
        return _h("neutral", "accent")
    return _chromatic_pair(accessory, garment)


def _neutral_effect(accessory: Lab, garment: Lab) -> str:
    acc_l, acc_c, _ = lch(accessory)
    garment_l = lch(garment)[0]
    if is_warm(accessory) and acc_c >= 15 and is_cool(garment):
        return "warms"
    if is_cool(accessory) and acc_c >= 15 and is_warm(garment) and lch(garment)[1] >= 25:
        return "cools"
    if acc_l > 85 and garment_l < 45:
        return "brightens"
    if acc_l < 25 and garment_l > 55:
        return "sharpens"
    return "grounds"


def _chromatic_pair(accessory: Lab, garment: Lab) -> Harmony:
    distance = hue_distance(accessory, garment)
    if distance <= 45:
        tonal = abs(lch(accessory)[0] - lch(garment)[0]) >= 20
        return _h("tonal", "tonal") if tonal else _h("analogous", "analogous")
    if distance >= 120:
        return _h("complementary", "complementary")
    return _h("contrast", "contrast")


def _h(kind: str, score_key: str, *, reason: str | None = None) -> Harmony:
    return Harmony(kind, reason or score_key, SCORES[score_key])
