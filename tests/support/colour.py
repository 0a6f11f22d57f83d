"""Colour test helpers: real photos through the vision backends, illuminant casts, charts.

Casts are made with colour-science (an implementation independent of kiosk.colour):
the photo is taken as a D65 scene, re-lit by a black body at T kelvin (Planck's law
integrated with the CIE 1931 observer) with the Bradford transform on linear sRGB.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import colour
import cv2
import numpy as np

from kiosk.colour.sampling import Geometry

D65_XY = np.array([0.3127, 0.3290])
GREY_CARD_Y = 0.18


# Real colour photos of people of different skin depths that ship with our packages.
# messi5's face is 36 px wide, below what colour analysis accepts (a shopper across the
# room): it is upscaled 2.5x (bicubic), as a camera that much closer would see it, blur and
# all (its face then measures ~70 px cheek to cheek).  The deeper skins come from figures
# of opencv-doc's tutorials (see FIGURES): the light-skin photos alone never tested dark skin.
COLOUR_PHOTOS = ("astronaut.png", "grace_hopper.jpg", "messi5.jpg", "helen_man.png",
                 "webcam_woman.png")
UPSCALE = {"messi5.jpg": 2.5}


@dataclass(frozen=True)
class Figure:
    """A real photo inside a tutorial's figure: its crop (x, y, w, h) in ``source``, the
    tutorial's drawing to paint out first ("dots": white landmark dots; "rings": the blue
    and magenta detection circles; cv2.inpaint, Telea) and the upscale (bicubic)."""

    source: str
    crop: tuple[int, int, int, int]
    drawing: str
    scale: float


FIGURES = {
    # face_landmark_trainer tutorial (opencv_contrib face), 2.jpg: a 24-face grid of the
    # HELEN set with the trained model's landmarks; top row, fourth face (86x90 px inside
    # the grid lines).
    "helen_man.png": Figure("2.jpg", (276, 1, 86, 90), "dots", 3.0),
    # cascade classifier tutorial, the LBP cascade's result: a webcam frame (below the
    # window's title bar) of a woman in a dim room, her face ~200 px.
    "webcam_woman.png": Figure("Cascade_Classifier_Tutorial_Result_LBP.jpg", (0, 24, 642, 484),
                               "rings", 1.0),
}


def _drawing_mask(bgr: np.ndarray, drawing: str) -> np.ndarray:
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV).astype(np.int32)
    if drawing == "dots":  # small spots brighter than their neighbourhood, little colour
        local = cv2.medianBlur(bgr, 5).mean(axis=2)
        mask = (cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY) - local > 20) & (hsv[..., 1] < 90)
    else:  # saturated blue to magenta: no skin, hair or wall in these photos is
        mask = (hsv[..., 0] >= 100) & (hsv[..., 0] <= 175) & (hsv[..., 1] > 90)
    return cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8))


def figure_photo(figure: Figure) -> np.ndarray:
    from tests.support.photos import photo as vision_photo

    x, y, w, h = figure.crop
    image = vision_photo(figure.source)[y:y + h, x:x + w]
    image = cv2.inpaint(image, _drawing_mask(image, figure.drawing), 3, cv2.INPAINT_TELEA)
    if figure.scale == 1:
        return image
    return cv2.resize(image, None, fx=figure.scale, fy=figure.scale, interpolation=cv2.INTER_CUBIC)


def photo(name: str) -> np.ndarray:
    from tests.support.photos import photo as vision_photo

    if name in FIGURES:
        return figure_photo(FIGURES[name])
    image = vision_photo(name)
    scale = UPSCALE.get(name, 1)
    if scale == 1:
        return image
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


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


# The install sets the camera's exposure with headroom (a white shirt must not clip): the
# stored photos are taken as 1/0.6 of that, and each light then changes it by its own factor.
BASE_EXPOSURE = 0.6


@dataclass(frozen=True)
class ShopLight:
    """A lamp by its white point (CCT and Duv, Ohno 2013) and the exposure change it brings."""

    name: str
    kelvin: float
    duv: float
    exposure: float

    def white_xyz(self) -> np.ndarray:
        uv = colour.temperature.CCT_to_uv_Ohno2013(np.array([self.kelvin, self.duv]))
        return colour.xy_to_XYZ(colour.UCS_uv_to_xy(uv))


# Daylight, tungsten, a cool LED, a green-tinted fluorescent and a magenta-tinted LED
# (both off the Planckian locus), with exposure changes of -40 % to +40 %.
SHOP_LIGHTS = (
    ShopLight("daylight", 6504, 0.0032, 1.0),
    ShopLight("daylight -40%", 6504, 0.0032, 0.6),
    ShopLight("tungsten", 2856, 0.0, 0.7),
    ShopLight("cool LED +40%", 6500, 0.001, 1.4),
    ShopLight("green fluorescent", 4200, 0.02, 0.8),
    ShopLight("magenta LED", 3700, -0.02, 1.2),
)


def _light_matrix(light: ShopLight) -> np.ndarray:
    """Linear sRGB of the D65 scene -> linear sRGB under the lamp (CAT02, not the kiosk's
    Bradford, so the test does not simply invert its own cast)."""
    adapt = colour.adaptation.matrix_chromatic_adaptation_VonKries(
        colour.xy_to_XYZ(D65_XY), light.white_xyz(), transform="CAT02")
    to_rgb = colour.RGB_COLOURSPACES["sRGB"]
    return to_rgb.matrix_XYZ_to_RGB @ adapt @ to_rgb.matrix_RGB_to_XYZ


def shop_cast(bgr: np.ndarray, light: ShopLight, optics: np.ndarray | None = None,
              noise: float = 0.0) -> np.ndarray:
    """The scene under ``light`` at the install's base exposure times the lamp's, 8-bit.

    ``optics``: a 3x3 on linear RGB between the lit scene and the sensor's quantisation
    (mirror glass, camera crosstalk), so the camera quantises once, as a real one does.
    ``noise``: the sensor's noise (sigma in 8-bit levels, fixed seed) before quantisation;
    without it a flat card lands on one code per channel, a white-point error of up to
    ~2 % in a dark channel that no averaging over the card removes."""
    linear = colour.cctf_decoding(bgr[..., ::-1] / 255.0)
    matrix = _light_matrix(light) if optics is None else optics @ _light_matrix(light)
    lit = np.clip(linear @ matrix.T * BASE_EXPOSURE * light.exposure, 0, 1)
    encoded = colour.cctf_encoding(lit)[..., ::-1] * 255
    if noise:
        encoded = encoded + np.random.default_rng(0).normal(0, noise, encoded.shape)
    return np.clip(np.round(encoded), 0, 255).astype(np.uint8)


def mixed_cast(bgr: np.ndarray, left: ShopLight, right: ShopLight, x0: float, x1: float
               ) -> np.ndarray:
    """``left`` lights the image up to column x0, ``right`` from x1, blended between
    (a warm spot on one side of the face, a cool window on the other)."""
    weight = np.clip((np.arange(bgr.shape[1]) - x0) / max(x1 - x0, 1.0), 0, 1)[None, :, None]
    linear = colour.cctf_decoding(bgr[..., ::-1] / 255.0) * BASE_EXPOSURE
    lit = (1 - weight) * (linear @ _light_matrix(left).T) * left.exposure \
        + weight * (linear @ _light_matrix(right).T) * right.exposure
    return np.round(colour.cctf_encoding(np.clip(lit, 0, 1))[..., ::-1] * 255).astype(np.uint8)


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


# --- The cast set, analysed as the kiosk does (shared by the tests and bench.colour) -------

CARD = (4, 4, 36, 36)  # where the tests paste the grey card
CARD_FRAMES = 10  # enough frames for a full-confidence verdict when nothing else is wrong


def analyse_with_card(frame: np.ndarray, geometry, frames: int = CARD_FRAMES, correction=None):
    """A ColourSession with the card at ``CARD`` (Y 0.18), fed ``frames`` times."""
    from kiosk.colour.accumulator import ColourSession
    from kiosk.colour.calibrator import FrameCalibrator
    from kiosk.colour.whitebalance import Region

    session = ColourSession(FrameCalibrator(Region(*CARD), patch_luminance=GREY_CARD_Y,
                                            correction=correction))
    for _ in range(frames):
        session.feed(frame, geometry)
    return session.result()


def skin_spread(labs) -> float:
    """Largest CIEDE2000 between any two skin estimates."""
    import itertools

    from kiosk.colour.ciede2000 import delta_e_2000

    return max(float(delta_e_2000(np.array(a), np.array(b)))
               for a, b in itertools.combinations(list(labs), 2))


def shop_light_results(name: str, frames: int = CARD_FRAMES) -> dict:
    """{light name: ColourAnalysis} for one photo with the card through every SHOP_LIGHTS cast."""
    scene = paste_patch(photo(name), CARD)
    geometry = photo_geometry(name)
    return {light.name: analyse_with_card(shop_cast(scene, light), geometry, frames)
            for light in SHOP_LIGHTS}


# --- Mirror glass ---------------------------------------------------------------------------

def glass_transmittance() -> colour.SpectralDistribution:
    """A grey-green tinted glass, 380-780 nm: ~0.79 at 530 nm, ~0.69 in the violet, ~0.75 in
    the deep red (shaped like a float glass with an iron-green tint and a coating's tilt;
    illustrative, not a measured sample)."""
    wavelengths = np.arange(380, 781, 5, dtype=np.float64)
    values = 0.72 + 0.08 * np.exp(-((wavelengths - 530) / 70) ** 2) + 0.0002 * (wavelengths - 560)
    return colour.SpectralDistribution(dict(zip(wavelengths, values, strict=True)),
                                       name="grey-green glass")


@cache
def glass_matrix() -> np.ndarray:
    """The glass as a 3x3 on linear sRGB: least squares over the 24 ColorChecker spectral
    reflectances (ISO 17321-1) under D65, each seen directly and through the glass
    (CIE 1931 2° observer, colour-science), so the tint and its spectral tilt both show."""
    shape = colour.SpectralShape(380, 780, 5)
    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"].copy().align(shape)
    d65 = colour.SDS_ILLUMINANTS["D65"].copy().align(shape)
    glass = glass_transmittance().align(shape)
    white_y = colour.sd_to_XYZ(colour.sd_ones(shape), cmfs, d65)[1]
    direct, through = [], []
    for reflectance in colour.SDS_COLOURCHECKERS["ISO 17321-1"].values():
        reflectance = reflectance.copy().align(shape)
        for out, sd in ((direct, reflectance), (through, reflectance * glass)):
            out.append(colour.XYZ_to_RGB(colour.sd_to_XYZ(sd, cmfs, d65) / white_y, "sRGB"))
    solution, *_ = np.linalg.lstsq(np.asarray(direct), np.asarray(through), rcond=None)
    return solution.T


def through_glass(bgr: np.ndarray) -> np.ndarray:
    """What a camera behind the glass records of the scene in front of it (8-bit)."""
    return through_camera(bgr, glass_matrix())
