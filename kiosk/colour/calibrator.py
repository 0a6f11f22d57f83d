"""Per-frame colour calibration: install CCM, then white balance from the reference patch."""

from __future__ import annotations

import numpy as np

from kiosk.colour import whitebalance as wb
from kiosk.colour.ccm import ColourCorrection
from kiosk.colour.spaces import RGB_TO_XYZ

DEFAULT_PATCH_LUMINANCE = 0.18  # a standard 18 % grey card
MIN_PATCH_LUMINANCE, MAX_PATCH_LUMINANCE = 0.02, 1.0


class FrameCalibrator:
    """Gives, for each frame, the 3x3 matrix from its linear RGB to D65 XYZ and its source.

    reference: the neutral patch's region in pixels (None: no patch in this install).
    patch_luminance: the patch's Y under D65 (0.18 for a grey card, about 0.9 for white).
    correction: the install-time ColorChecker matrix, if ``kiosk calibrate`` was run.
    Order of trust: patch > install calibration (fixed lights) > grey world (flagged).
    """

    def __init__(self, reference: wb.Region | None = None,
                 patch_luminance: float = DEFAULT_PATCH_LUMINANCE,
                 correction: ColourCorrection | None = None):
        if not MIN_PATCH_LUMINANCE <= patch_luminance <= MAX_PATCH_LUMINANCE:
            raise ValueError("patch_luminance must be between 0.02 and 1.0 (Y of the patch)")
        self.reference = reference
        self.patch_luminance = patch_luminance
        self.correction = correction
        self.last_problem: str | None = None

    def to_xyz(self, frame_bgr: np.ndarray) -> tuple[np.ndarray, wb.Source]:
        ccm = np.eye(3) if self.correction is None else self.correction.matrix
        balance = self.balance(frame_bgr, ccm)
        return RGB_TO_XYZ @ balance.matrix @ ccm, balance.source

    def balance(self, frame_bgr: np.ndarray, ccm: np.ndarray) -> wb.WhiteBalance:
        self.last_problem = None
        if self.reference is not None:
            reading = wb.read_patch(frame_bgr, self.reference)
            if reading.white_rgb is not None:
                return wb.from_patch(ccm @ reading.white_rgb, self.patch_luminance)
            self.last_problem = reading.problem
        if self.correction is not None:
            return wb.install_only()
        return wb.grey_world(frame_bgr)


def calibrator_from_config(section, resolve) -> FrameCalibrator:
    """From ``config.colour`` (ColourSection); ``resolve`` is StoreConfig.resolve for paths."""
    from kiosk.colour.ccm import load_correction

    reference = None if section.white_ref is None else wb.Region(*section.white_ref)
    correction = None if section.ccm_file is None else load_correction(resolve(section.ccm_file))
    return FrameCalibrator(reference, section.white_ref_luminance, correction)
