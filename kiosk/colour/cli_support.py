"""Colour analysis of one still image, for ``kiosk analyse --opt-in``."""

from __future__ import annotations

from pathlib import Path

from kiosk.colour.accumulator import ColourSession
from kiosk.colour.calibrator import FrameCalibrator
from kiosk.colour.ccm import load_correction
from kiosk.colour.whitebalance import Region
from kiosk.errors import ColourError, Location


def colour_for_still(observation, white_ref: str | None, ccm: Path | None) -> dict | None:
    """The ``colour`` JSON object, or None when neither a face nor a body was found.

    One still is one frame: the confidence says so, and the result offers two
    swatches rather than a season unless the evidence is strong.
    """
    calibrator = FrameCalibrator(parse_region(white_ref), correction=ccm and load_correction(ccm))
    session = ColourSession(calibrator)
    if observation.image is None or session.feed(observation.image, observation) is None:
        return None
    result = session.result().to_json()
    if calibrator.last_problem:
        result["reasons"].insert(0, f"reference patch not used: {calibrator.last_problem}")
    return result


def parse_region(text: str | None) -> Region | None:
    if text is None:
        return None
    try:
        return Region.parse(text)
    except ValueError as exc:
        raise ColourError(str(exc), location=Location(field="--white-ref"),
                          fix="give the patch as X,Y,W,H in pixels, e.g. --white-ref 10,10,40,40") from None
