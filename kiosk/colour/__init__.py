"""Colour truth: calibrated colour spaces, CIEDE2000, sampling, analysis and palettes (Qt-free)."""

from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.spaces import (
    hex_to_lab,
    lab_to_hex,
    lab_to_lch,
    lch_to_lab,
    srgb_to_lab,
)

__all__ = ["delta_e_2000", "hex_to_lab", "lab_to_hex", "lab_to_lch", "lch_to_lab", "srgb_to_lab"]
