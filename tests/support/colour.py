"""Colour test helpers: real photos through the vision backends, illuminant casts, charts.

Casts are made with colour-science (an implementation independent of kiosk.colour):
the photo is taken as a D65 scene, re-lit by a black body at T kelvin (Planck's law
integrated with the CIE 1931 observer) with the Bradford transform on linear sRGB.
"""

from __future__ import annotations

from functools import cache

import colour
import cv2
import numpy as np

from kiosk.colour.sampling import Geometry

D65_XY = np.array([0.3127, 0.3290])
GREY_CARD_Y = 0.18


def photo(name: str) -> np.ndarray:
    from tests.support.photos import photo as vision_photo

    return vision_photo(name)


@cache
def photo_observation(name: str):
    """The real vision pipeline (face mesh, pose, person mask) on one test photo."""
    from kiosk.vision.factory import build_pipeline
    from tests.support.photos import frame_of, models_dir

    pipeline = build_pipeline(models_dir(), still_images=True)
    try:
        return pipeline.process(frame_of(photo(name), ts=0.0))
    finally:
        pipeline.close()


def photo_geometry(name: str, mesh: bool = True) -> Geometry:
    """Geometry from the real models; ``mesh=False`` keeps only pose (the fallback path)."""
    observation = photo_observation(name)
    assert observation.pose_keypoints is not None, f"no pose on {name}"
    if mesh:
        assert observation.face_landmarks is not None, f"no face mesh on {name}"
    return Geometry(observation.face_landmarks if mesh else None,
                    observation.pose_keypoints, observation.person_mask)


def planck_white_xyz(kelvin: float) -> np.ndarray:
    spd = colour.sd_blackbody(kelvin, colour.SpectralShape(360, 780, 1))
    xy = colour.XYZ_to_xy(colour.sd_to_XYZ(spd))
    return colour.xy_to_XYZ(xy)


def paste_patch(bgr: np.ndarray, region: tuple[int, int, int, int], y: float = GREY_CARD_Y
                ) -> np.ndarray:
    """A neutral card of luminance ``y`` (under D65) in the reference region."""
    out = bgr.copy()
    x0, y0, w, h = region
    level = colour.cctf_encoding(np.array([y, y, y]))[0]
    out[y0:y0 + h, x0:x0 + w] = np.round(level * 255)
    return out


def cast(bgr: np.ndarray, kelvin: float, exposure: float = 1.0) -> np.ndarray:
    """The scene re-lit by a black body at ``kelvin``, as an 8-bit camera without AWB sees it."""
    linear = colour.cctf_decoding(bgr[..., ::-1] / 255.0)
    adapt = colour.adaptation.matrix_chromatic_adaptation_VonKries(
        colour.xy_to_XYZ(D65_XY), planck_white_xyz(kelvin), transform="Bradford")
    to_rgb = colour.RGB_COLOURSPACES["sRGB"]
    matrix = to_rgb.matrix_XYZ_to_RGB @ adapt @ to_rgb.matrix_RGB_to_XYZ
    lit = np.clip(linear @ matrix.T * exposure, 0, 1)
    return np.round(colour.cctf_encoding(lit)[..., ::-1] * 255).astype(np.uint8)


def colorchecker_srgb() -> np.ndarray:
    """The 24 ColorChecker patches (X-Rite 2014 data, D50) as D65 sRGB 0..1."""
    chart = colour.CCS_COLOURCHECKERS["ColorChecker24 - After November 2014"]
    xyz = colour.xyY_to_XYZ(np.array(list(chart.data.values())))
    xyz65 = colour.adaptation.chromatic_adaptation_VonKries(
        xyz, colour.xy_to_XYZ(chart.illuminant), colour.xy_to_XYZ(D65_XY), transform="Bradford")
    return np.clip(colour.XYZ_to_sRGB(xyz65), 0, 1)


def render_chart(size: int = 110, gap: int = 20, border: int = 15, background: int = 160,
                 seed: int = 0) -> np.ndarray:
    """A flat ColorChecker on a grey wall, slightly blurred and noisy (plumbing, not a photo)."""
    height, width = 720, 960
    image = np.full((height, width, 3), background, np.uint8)
    chart_w, chart_h = 6 * size + 7 * gap, 4 * size + 5 * gap
    x0, y0 = (width - chart_w) // 2, (height - chart_h) // 2
    cv2.rectangle(image, (x0 - border, y0 - border), (x0 + chart_w + border, y0 + chart_h + border),
                  (30, 30, 30), -1)
    for index, rgb in enumerate(colorchecker_srgb()):
        row, col = divmod(index, 6)
        px, py = x0 + gap + col * (size + gap), y0 + gap + row * (size + gap)
        cv2.rectangle(image, (px, py), (px + size, py + size),
                      tuple(int(v) for v in np.round(rgb[::-1] * 255)), -1)
    image = cv2.GaussianBlur(image, (3, 3), 0)
    noise = np.random.default_rng(seed).normal(0, 1.5, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def through_camera(bgr: np.ndarray, crosstalk: np.ndarray) -> np.ndarray:
    """What a camera with colour crosstalk (a 3x3 on linear RGB) records of the scene."""
    linear = colour.cctf_decoding(bgr[..., ::-1] / 255.0) @ crosstalk.T
    return np.round(colour.cctf_encoding(np.clip(linear, 0, 1))[..., ::-1] * 255).astype(np.uint8)


def tilted_and_vignetted(bgr: np.ndarray) -> np.ndarray:
    """The chart held at an angle (perspective) with the lens's fall-off towards the corners."""
    height, width = bgr.shape[:2]
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    held = np.float32([[60, 40], [width - 20, 90], [width - 80, height - 30], [30, height - 70]])
    warped = cv2.warpPerspective(bgr, cv2.getPerspectiveTransform(corners, held), (width, height),
                                 borderValue=(160, 160, 160))
    yy, xx = np.mgrid[0:height, 0:width]
    falloff = 1 - 0.125 * (((xx - width / 2) / (width / 2)) ** 2 + ((yy - height / 2) / (height / 2)) ** 2)
    return np.clip(warped * falloff[..., None], 0, 255).astype(np.uint8)
