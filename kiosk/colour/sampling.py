"""One frame -> calibrated CIELAB of skin, hair, eyes and garment, with robust statistics.

Every region's pixels go through the same chain: 8-bit sRGB -> linear RGB -> install
CCM -> this frame's white balance -> XYZ -> Lab (D65).  Shadows, highlights and
clipped pixels are dropped before the median, so a specular cheek or a strand of
hair over the forehead does not move the estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.colour import regions
from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.spaces import RGB_TO_XYZ, bgr8_to_linear, xyz_to_lab

MIN_PIXELS = 25
CLIPPED_8BIT = 250
DARKER_THAN_SKIN = 25.0  # L* below the region's median: not skin, whatever the light
CLIPPED_L = 1000.0  # marks a pixel with a saturated channel (see _lab_at)


@dataclass(frozen=True)
class FrameSample:
    """Median Lab per region for one frame (None where the region was not usable)."""

    skin: np.ndarray | None
    hair: np.ndarray | None
    eyes: np.ndarray | None
    garment: np.ndarray | None
    skin_from_mesh: bool
    skin_clipped: float = 0.0  # share of skin pixels with a saturated channel
    light_split: float = 0.0  # du'v' between the two halves of the face (mixed light)


@dataclass(frozen=True)
class Geometry:
    """The plain arrays sampling needs; build it from a vision Observation or by hand."""

    landmarks: np.ndarray | None  # (478, 2+) face mesh in pixels
    keypoints: np.ndarray | None  # (33, 3) pose x, y, visibility
    mask: np.ndarray | None  # (H, W) person mask 0..1

    @classmethod
    def from_observation(cls, observation) -> Geometry:
        return cls(observation.face_landmarks, observation.pose_keypoints, observation.person_mask)


def sample_frame(frame_bgr: np.ndarray, geometry: Geometry, to_xyz: np.ndarray) -> FrameSample:
    """``to_xyz``: 3x3 from this frame's linear RGB to D65 XYZ (CCM and white balance folded in)."""
    shape = frame_bgr.shape
    mesh = mesh_is_trustworthy(geometry.landmarks, geometry.keypoints)
    if mesh:
        skin_at = regions.skin_coords(geometry.landmarks, shape)
        hair_at = regions.hair_coords(geometry.landmarks, geometry.mask, shape)
        eyes_at = regions.eye_coords(geometry.landmarks, shape)
    elif geometry.keypoints is not None:
        skin_at = regions.skin_coords_from_pose(geometry.keypoints, shape)
        hair_at = regions.hair_coords_from_pose(geometry.keypoints, geometry.mask, shape)
        eyes_at = regions.EMPTY  # an iris needs the mesh: no guess from pose
    else:
        skin_at = hair_at = eyes_at = regions.EMPTY
    garment_at = regions.garment_coords(geometry.keypoints, geometry.mask, shape)
    skin_xyz, skin_clipped = _xyz_at(frame_bgr, skin_at, to_xyz)
    skin = robust_skin(_as_lab(skin_xyz, skin_clipped))
    midline = regions.face_midline(geometry.landmarks if mesh else None, geometry.keypoints)
    return FrameSample(
        skin=skin,
        hair=robust_hair(_lab_at(frame_bgr, hair_at, to_xyz), skin),
        eyes=robust_eyes(_lab_at(frame_bgr, eyes_at, to_xyz)),
        garment=robust_garment(_lab_at(frame_bgr, garment_at, to_xyz)),
        skin_from_mesh=mesh,
        skin_clipped=float(skin_clipped.mean()) if len(skin_clipped) else 0.0,
        light_split=light_split(skin_xyz[~skin_clipped], _side(skin_at, midline)[~skin_clipped]),
    )


def mesh_is_trustworthy(landmarks: np.ndarray | None, keypoints: np.ndarray | None) -> bool:
    """A face mesh whose eyes sit where the pose sees them (within half the eye gap).

    A mesh from a mismatched model can come back scrambled; sampling it would read the
    background as skin.  Without pose there is nothing to check against: trust it.
    """
    if landmarks is None or len(landmarks) < 468:
        return False
    if keypoints is None or (keypoints[list(regions.POSE_EYES), 2] < 0.5).any():
        return True
    mesh_eyes = np.array([landmarks[list(ring), :2].mean(axis=0) for ring in regions.EYE_OPENINGS])
    pose_eyes = keypoints[list(regions.POSE_EYES), :2]
    gap = max(float(np.linalg.norm(pose_eyes[0] - pose_eyes[1])), 4.0)
    # Mesh and pose may disagree on which eye is 'left': compare as a set.
    straight = np.linalg.norm(mesh_eyes - pose_eyes, axis=1).max()
    crossed = np.linalg.norm(mesh_eyes[::-1] - pose_eyes, axis=1).max()
    return min(straight, crossed) < 0.5 * gap


def _lab_at(frame_bgr: np.ndarray, coords: regions.Coords, to_xyz: np.ndarray) -> np.ndarray:
    return _as_lab(*_xyz_at(frame_bgr, coords, to_xyz))


def _xyz_at(frame_bgr: np.ndarray, coords: regions.Coords, to_xyz: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated XYZ of the pixels, and which of them have a saturated channel."""
    pixels = frame_bgr[coords]
    if len(pixels) == 0:
        return np.zeros((0, 3)), np.zeros(0, bool)
    xyz = np.clip(bgr8_to_linear(pixels) @ to_xyz.T, 0, None)
    return xyz, (pixels >= CLIPPED_8BIT).any(axis=1)


def _as_lab(xyz: np.ndarray, clipped: np.ndarray) -> np.ndarray:
    """Lab; clipped pixels get L* = CLIPPED_L so they rank as the brightest.

    Dropping clipped pixels before the percentile cut would shift the band darker
    under a warm light (the red channel clips first on skin); ranking them as
    highlights keeps the band where it would be without clipping.
    """
    lab = xyz_to_lab(xyz)
    lab[clipped, 0] = CLIPPED_L
    return lab


def _side(coords: regions.Coords, midline) -> np.ndarray:
    """True for pixels right of the face's midline (image right)."""
    rows, cols = coords
    if midline is None:
        return np.zeros(len(rows), bool)
    point, across = midline
    return (np.stack([cols, rows], axis=1) - point) @ across > 0


def light_split(xyz: np.ndarray, right: np.ndarray) -> float:
    """Distance in CIE 1976 u'v' between the median chromaticities of the face's halves.

    Shading changes brightness, not chromaticity, so the halves of a face under one light
    agree closely (see accumulator.MIXED_LIGHT_SPLIT); a warm lamp on one side and cool
    daylight on the other pulls them apart, and a single reference cannot correct both.
    """
    halves = [xyz[right], xyz[~right]]
    if min(len(h) for h in halves) < MIN_PIXELS // 2:
        return 0.0
    uv = [_uv_prime(np.median(h, axis=0)) for h in halves]
    return float(np.hypot(*(uv[0] - uv[1])))


def _uv_prime(xyz: np.ndarray) -> np.ndarray:
    denominator = max(float(xyz[0] + 15 * xyz[1] + 3 * xyz[2]), 1e-9)
    return np.array([4 * xyz[0], 9 * xyz[1]]) / denominator


def robust_skin(lab: np.ndarray) -> np.ndarray | None:
    """Drop what is far darker than skin (strands of hair, brows, nostrils: more than
    DARKER_THAN_SKIN below the median), then shadows (darkest 20 %) and highlights
    (brightest 10 %) of the rest, then chroma outliers."""
    if len(lab) >= MIN_PIXELS:
        lab = lab[lab[:, 0] >= np.median(lab[:, 0]) - DARKER_THAN_SKIN]
    kept = _lightness_band(lab, 20, 90, symmetric=True)
    return None if kept is None else _median_without_outliers(kept, 2.5)


def robust_hair(lab: np.ndarray, skin: np.ndarray | None) -> np.ndarray | None:
    """Hair band minus anything that looks like this frame's skin (a high forehead)."""
    if skin is not None and len(lab):
        lab = lab[(delta_e_2000(lab, skin) > 8) | (lab[:, 0] >= CLIPPED_L)]
    kept = _lightness_band(lab, 10, 85)  # shine on hair is the light's colour, not the hair's
    return None if kept is None else _median_without_outliers(kept, 2.5)


def robust_eyes(lab: np.ndarray) -> np.ndarray | None:
    kept = _lightness_band(lab, 10, 80)  # lashes and pupil edge / catch-lights
    return None if kept is None else np.median(kept, axis=0)


def robust_garment(lab: np.ndarray) -> np.ndarray | None:
    """Dominant colour: the median, then the median of what lies near it (prints, folds)."""
    kept = _lightness_band(lab, 10, 90)
    if kept is None:
        return None
    first = np.median(kept, axis=0)
    near = kept[delta_e_2000(kept, first) < 15]
    return np.median(near, axis=0) if len(near) >= MIN_PIXELS else first


def _lightness_band(lab: np.ndarray, low: float, high: float,
                    symmetric: bool = False) -> np.ndarray | None:
    """Pixels between two lightness percentiles (clipped pixels rank as the brightest).

    symmetric: when more pixels are clipped than the top cut drops, drop as many more
    from the bottom, so the band stays centred on the same rank and its median is not
    pulled darker by over-exposure (a warm lamp clips the red channel of bright skin).
    """
    if len(lab) < MIN_PIXELS:
        return None
    if symmetric:
        excess = max(0.0, float((lab[:, 0] >= CLIPPED_L).mean()) * 100 - (100 - high))
        low, high = low + excess, high - excess
        if high - low < 10:
            return None  # over-exposed: too little of the skin is left to measure
    ordered = np.sort(lab[:, 0])  # rank-based cut: cheaper than np.percentile per call
    last = len(ordered) - 1
    lo, hi = ordered[int(low / 100 * last)], ordered[int(round(high / 100 * last))]
    kept = lab[(lab[:, 0] >= lo) & (lab[:, 0] <= hi) & (lab[:, 0] < CLIPPED_L)]
    return kept if len(kept) >= MIN_PIXELS // 2 else None


def _median_without_outliers(lab: np.ndarray, k: float) -> np.ndarray:
    median = np.median(lab, axis=0)
    spread = np.median(np.abs(lab - median), axis=0) * 1.4826 + 0.5
    inliers = lab[(np.abs(lab - median) <= k * spread).all(axis=1)]
    return np.median(inliers, axis=0) if len(inliers) >= MIN_PIXELS // 2 else median


def identity_to_xyz() -> np.ndarray:
    return RGB_TO_XYZ.copy()
