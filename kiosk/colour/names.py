"""Plain-language names for measured colours (shown to the shopper, so kept simple)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from kiosk import yaml_files
from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.spaces import hex_to_lab, lab_to_lch


def hair_name(lab: np.ndarray) -> str:
    lightness, chroma, hue = lab_to_lch(lab)
    if chroma < 6 and lightness > 55:
        return "grey"
    if lightness < 22:
        return "black"
    if chroma > 22 and hue < 55 and lightness < 60:
        return "red" if chroma > 30 else "auburn"
    if lightness < 35:
        return "dark brown"
    if lightness < 50:
        return "brown"
    return "light brown" if lightness < 62 else "blonde"


def eye_name(lab: np.ndarray) -> str:
    lightness, chroma, hue = lab_to_lch(lab)
    if chroma < 6:
        return "grey" if lightness > 35 else "dark brown"
    if 180 <= hue < 300:
        return "blue"
    if 100 <= hue < 180:
        return "green"
    if 75 <= hue < 100:
        return "hazel"
    return "dark brown" if lightness < 35 else "brown"


def garment_name(lab: np.ndarray) -> str:
    """Nearest named colour (CSS Color 4 values, fashion-friendly subset) by CIEDE2000."""
    names, labs = _named_colours()
    return names[int(np.argmin(delta_e_2000(labs, lab)))]


@cache
def _named_colours() -> tuple[list[str], np.ndarray]:
    path = Path(__file__).parent / "data" / "garment_names.yaml"
    data = yaml_files.load_file(path)["colours"]
    return list(data), np.array([hex_to_lab(code) for code in data.values()])
