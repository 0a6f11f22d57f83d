"""Colour analysis of one still image, for ``kiosk analyse --opt-in``."""

from __future__ import annotations

from pathlib import Path

from kiosk.colour.accumulator import ColourSession
from kiosk.colour.calibrator import (
    DEFAULT_PATCH_LUMINANCE,
    MAX_PATCH_LUMINANCE,
    MIN_PATCH_LUMINANCE,
    FrameCalibrator,
)
from kiosk.colour.ccm import load_correction
from kiosk.colour.whitebalance import Region
from kiosk.errors import ColourError, Location


def colour_for_still(observation, white_ref: str | None, ccm: Path | None,
                     white_ref_luminance: float | None = None) -> dict | None:
    """The ``colour`` JSON object, or None when neither a face nor a body was found.

    One still is one frame: the confidence says so, and the result offers two
    swatches rather than a season unless the evidence is strong.  A face too small for
    colour (across the room) gives an object without measurements that says why.
    """
    calibrator = FrameCalibrator(parse_region(white_ref), _luminance(white_ref_luminance),
                                 correction=ccm and load_correction(ccm))
    session = ColourSession(calibrator)
    if observation.image is None:
        return None
    if session.feed(observation.image, observation) is None:
        return None if session.last_refusal is None or observation.face_box is None \
            else session.result().to_json()
    result = session.result().to_json()
    if calibrator.last_problem:
        result["reasons"].insert(0, f"reference patch not used: {calibrator.last_problem}")
    return result


def _luminance(value: float | None) -> float:
    if value is None:
        return DEFAULT_PATCH_LUMINANCE
    if not MIN_PATCH_LUMINANCE <= value <= MAX_PATCH_LUMINANCE:
        raise ColourError(f"reference luminance {value} outside {MIN_PATCH_LUMINANCE}-{MAX_PATCH_LUMINANCE}",
                          location=Location(field="--white-ref-luminance"),
                          fix="give Y under D65: 0.18 for an 18 % grey card, about 0.9 for a white one")
    return value


def parse_region(text: str | None) -> Region | None:
    if text is None:
        return None
    try:
        return Region.parse(text)
    except ValueError as exc:
        raise ColourError(str(exc), location=Location(field="--white-ref"),
                          fix="give the patch as X,Y,W,H in pixels, e.g. --white-ref 10,10,40,40") from None
