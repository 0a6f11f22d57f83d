"""Colour truth: calibrated colour spaces, CIEDE2000, sampling, analysis and palettes (Qt-free).

The maths (``delta_e_2000``, Lab/LCh/hex helpers) is imported eagerly: it is numpy only.
The session side (``ColourSession``, ``calibrator_from_config``, palettes, swatches) is
loaded on first use, so the recommend engine does not pull OpenCV in through here.
"""

from importlib import import_module

from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.spaces import (
    hex_to_lab,
    lab_to_hex,
    lab_to_lch,
    lch_to_lab,
    srgb_to_lab,
)

_LAZY = {
    "ColourSession": "kiosk.colour.accumulator",
    "manual_result": "kiosk.colour.accumulator",
    "ColourAnalysis": "kiosk.colour.result",
    "FrameCalibrator": "kiosk.colour.calibrator",
    "calibrator_from_config": "kiosk.colour.calibrator",
    "seasons": "kiosk.colour.palette",
    "manual_swatches": "kiosk.colour.palette",
}

__all__ = ["delta_e_2000", "hex_to_lab", "lab_to_hex", "lab_to_lch", "lch_to_lab",
           "srgb_to_lab", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kiosk.colour' has no attribute {name!r}")
