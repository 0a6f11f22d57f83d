"""Install-time colour calibration: a ColorChecker in front of the mirror's camera.

OpenCV's contrib ``mcc`` module finds the 24-patch chart; ``ccm`` fits a 3x3 matrix on
linear RGB minimising CIEDE2000 against the chart's reference colours.  The matrix is
stored as JSON and applied to every sampled pixel before the per-frame white balance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.spaces import bgr8_to_linear, linear_to_xyz, xyz_to_lab
from kiosk.errors import ColourError, Location

PATCHES = 24
# mcc's detector samples candidate quads at random: one pass misses a chart it finds
# on the next (seen here on the same image); a handful of passes makes it dependable.
DETECT_ATTEMPTS = 20
MIN_USABLE_PATCHES = 18


@dataclass(frozen=True)
class ColourCorrection:
    """A 3x3 matrix on linear sRGB, with the fit's error on the chart (dE00)."""

    matrix: np.ndarray
    mean_de00: float
    max_de00: float
    uncorrected_mean_de00: float
    patches_used: int = PATCHES

    def apply(self, linear_rgb: np.ndarray) -> np.ndarray:
        return np.asarray(linear_rgb, dtype=np.float64) @ self.matrix.T

    def to_json(self) -> dict:
        return {"kind": "kiosk-ccm", "version": 1, "space": "linear-srgb",
                "matrix": np.round(self.matrix, 6).tolist(),
                "mean_de00": round(self.mean_de00, 3), "max_de00": round(self.max_de00, 3),
                "uncorrected_mean_de00": round(self.uncorrected_mean_de00, 3),
                "patches_used": self.patches_used}

    def save(self, path: str | Path) -> None:
        try:
            Path(path).write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise ColourError(f"cannot write the colour-correction file ({exc.strerror})",
                              location=Location(str(path)),
                              fix="choose a writable path, e.g. in the config folder") from None


def load_correction(path: str | Path) -> ColourCorrection:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ColourError("colour-correction file not found", location=Location(str(path)),
                          fix="run `kiosk calibrate IMAGE --out PATH` at install") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ColourError(f"not a JSON colour-correction file ({exc})",
                          location=Location(str(path), line),
                          fix="re-run `kiosk calibrate` to write it again") from None
    return _parse_correction(data, path)


def _parse_correction(data: object, path: Path) -> ColourCorrection:
    def fail(field: str, message: str) -> ColourError:
        return ColourError(message, location=Location(str(path), field=field),
                           fix="re-run `kiosk calibrate` to write it again")
    if not isinstance(data, dict) or data.get("kind") != "kiosk-ccm":
        raise fail("kind", "not a kiosk colour-correction file (kind must be 'kiosk-ccm')")
    matrix = np.asarray(data.get("matrix"), dtype=object)
    if matrix.shape != (3, 3) or not all(isinstance(v, int | float) for v in matrix.flat):
        raise fail("matrix", "matrix must be 3 rows of 3 numbers")
    matrix = matrix.astype(np.float64)
    if not np.isfinite(matrix).all() or abs(np.linalg.det(matrix)) < 1e-3:
        raise fail("matrix", "matrix is singular or not finite")
    errors = [data.get(k) for k in ("mean_de00", "max_de00", "uncorrected_mean_de00")]
    if not all(isinstance(v, int | float) for v in errors):
        raise fail("mean_de00", "mean_de00, max_de00 and uncorrected_mean_de00 must be numbers")
    used = data.get("patches_used", PATCHES)
    if not isinstance(used, int) or not MIN_USABLE_PATCHES <= used <= PATCHES:
        raise fail("patches_used", f"patches_used must be a whole number {MIN_USABLE_PATCHES}-{PATCHES}")
    return ColourCorrection(matrix, *map(float, errors), used)


def detect_chart(bgr: np.ndarray, attempts: int = DETECT_ATTEMPTS) -> np.ndarray:
    """Linear RGB (24, 3) of the chart's patches in the reference order, or ColourError."""
    for _ in range(attempts):
        detector = cv2.mcc.CCheckerDetector_create()
        if detector.process(bgr):
            charts = detector.getBestColorChecker().getChartsRGB()
            if charts.shape[0] == 3 * PATCHES:  # a partial chart is another failed attempt
                means8 = charts[:, 1].reshape(PATCHES, 3)  # column 1: mean of each patch
                return _srgb8_mean_to_linear(means8)
    raise ColourError(f"no 24-patch ColorChecker found in {attempts} attempts",
                      fix="fill about a third of the frame with the chart, flat, evenly lit, "
                          "no glare; keep it square to the camera")


def _srgb8_mean_to_linear(means8: np.ndarray) -> np.ndarray:
    # Means are fractional: interpolate the 8-bit decode instead of indexing a table.
    return np.stack([np.interp(means8[:, c], np.arange(256), bgr8_to_linear(
        np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1))[:, 0])
        for c in range(3)], axis=1)


def reference_linear_rgb() -> np.ndarray:
    """The Macbeth chart's reference colours as linear sRGB (D65), from OpenCV's table."""
    return np.asarray(_fitted_model(np.full((PATCHES, 3), 0.5))[0].getRefLinearRGB(),
                      dtype=np.float64).reshape(PATCHES, 3)


def _fitted_model(measured: np.ndarray) -> tuple[cv2.ccm.ColorCorrectionModel, np.ndarray]:
    model = cv2.ccm.ColorCorrectionModel(measured.reshape(PATCHES, 1, 3), cv2.ccm.COLORCHECKER_MACBETH)
    model.setLinearization(cv2.ccm.LINEARIZATION_IDENTITY)  # input is linear already
    model.setCcmType(cv2.ccm.CCM_LINEAR)
    model.setDistance(cv2.ccm.DISTANCE_CIE2000)
    return model, np.asarray(model.compute(), dtype=np.float64).T  # OpenCV: rows @ ccm


def fit_correction(measured_linear: np.ndarray) -> ColourCorrection:
    """Fit the 3x3 CCM (CIEDE2000 loss) and report its error on the 24 patches."""
    measured = np.asarray(measured_linear, dtype=np.float64).reshape(PATCHES, 3)
    model, matrix = _fitted_model(measured)
    # ccm leaves out patches it finds clipped or too dark (its mask); so do we.
    used = np.asarray(model.getMask()).ravel().astype(bool)
    if used.sum() < MIN_USABLE_PATCHES:
        raise ColourError(f"only {int(used.sum())} of {PATCHES} chart patches are usable "
                          "(the others are clipped or too dark)",
                          fix="lower the exposure until the white patch is not clipped, "
                              "or light the chart more evenly")
    reference = np.asarray(model.getRefLinearRGB(), dtype=np.float64).reshape(-1, 3)
    reference_lab = xyz_to_lab(linear_to_xyz(reference))
    corrected = xyz_to_lab(linear_to_xyz(np.clip(measured[used] @ matrix.T, 0, None)))
    errors = delta_e_2000(corrected, reference_lab)
    before = delta_e_2000(xyz_to_lab(linear_to_xyz(measured[used])), reference_lab)
    return ColourCorrection(matrix, float(errors.mean()), float(errors.max()), float(before.mean()),
                            int(used.sum()))
