"""Where to sample: pixel coordinates of skin, hair, eyes and the worn garment.

Inputs are plain arrays so the maths does not depend on the vision classes:
face landmarks (478, 2+) in pixels (MediaPipe face mesh with iris), pose keypoints
(33, 3) x, y, visibility, and a person mask (H, W) 0..1.  Each function returns
(rows, cols) index arrays, at most ``MAX_POINTS`` of them, spread evenly: a few
hundred pixels per region measure a median colour as well as thousands and keep
the per-frame cost near a millisecond.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_POINTS = 300
Coords = tuple[np.ndarray, np.ndarray]

# MediaPipe face-mesh landmark indices (canonical 468-point topology + 10 iris points).
FOREHEAD, FOREHEAD_TOP, CHIN = 151, 10, 152
CHEEKS = (50, 280)  # on the cheekbones, below the outer eye corners
EYE_CORNERS = (33, 263)
FACE_SIDES = (234, 454)
IRISES = ((468, (469, 470, 471, 472)), (473, (474, 475, 476, 477)))
EYE_OPENINGS = (
    (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246),
    (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466),
)
SHOULDERS, HIPS = (11, 12), (23, 24)
POSE_EYES, POSE_MOUTH = (2, 5), (9, 10)
EMPTY: Coords = (np.zeros(0, np.intp), np.zeros(0, np.intp))


def skin_coords(landmarks: np.ndarray, shape: tuple[int, ...]) -> Coords:
    """Forehead and both cheeks: flat, well-lit skin, away from brows, eyes and lips."""
    eye_gap = _eye_gap(landmarks)
    up = _up_vector(landmarks)
    forehead = landmarks[FOREHEAD, :2] - up * 0.04 * eye_gap  # clear of fringe and hat brim
    ellipses = [(forehead, (0.32 * eye_gap, 0.11 * eye_gap))]
    ellipses += [(landmarks[i, :2] - up * 0.06 * eye_gap, (0.15 * eye_gap, 0.12 * eye_gap))
                 for i in CHEEKS]
    return _union(shape, [_ellipse_polygon(c, r, up) for c, r in ellipses])


def face_midline(landmarks: np.ndarray | None, keypoints: np.ndarray | None
                 ) -> tuple[np.ndarray, np.ndarray] | None:
    """A point on the face's vertical midline and the unit vector across the face.

    Mixed light (a warm spot from one side, a cool window on the other) shows as the two
    halves of the face differing in chromaticity; this says which half a pixel is on.
    """
    if landmarks is not None and len(landmarks) >= 468:
        up = _up_vector(landmarks)
        return landmarks[FOREHEAD, :2], np.array([-up[1], up[0]])
    frame = None if keypoints is None else _pose_face_frame(keypoints, 0.5)
    if frame is None:
        return None
    eyes, _mouth, up, _gap = frame
    return eyes.mean(axis=0), np.array([-up[1], up[0]])


def face_width_px(landmarks: np.ndarray | None, keypoints: np.ndarray | None) -> float | None:
    """Face width in pixels (mesh cheek to cheek; from pose, 2.2 eye-centre gaps)."""
    if landmarks is not None and len(landmarks) >= 468:
        return float(np.linalg.norm(landmarks[FACE_SIDES[0], :2] - landmarks[FACE_SIDES[1], :2]))
    frame = None if keypoints is None else _pose_face_frame(keypoints, 0.5)
    return None if frame is None else 2.2 * frame[3]


def skin_coords_from_pose(keypoints: np.ndarray, shape: tuple[int, ...],
                          min_visibility: float = 0.5) -> Coords:
    """Fallback without a face mesh: forehead and cheeks placed from the pose's eyes and mouth."""
    frame = _pose_face_frame(keypoints, min_visibility)
    if frame is None:
        return EMPTY
    eyes, mouth, up, gap = frame
    ellipses = [((eyes[0] + eyes[1]) / 2 + up * 0.5 * gap, (0.5 * gap, 0.14 * gap))]
    for eye, corner in zip(eyes, mouth, strict=True):
        outward = eye - (eyes[0] + eyes[1]) / 2
        ellipses.append((eye + 0.65 * (corner - eye) + 0.45 * outward, (0.2 * gap, 0.16 * gap)))
    return _union(shape, [_ellipse_polygon(c, r, up) for c, r in ellipses])


def hair_coords_from_pose(keypoints: np.ndarray, mask: np.ndarray | None,
                          shape: tuple[int, ...], min_visibility: float = 0.5) -> Coords:
    frame = _pose_face_frame(keypoints, min_visibility)
    if frame is None or mask is None:
        return EMPTY
    eyes, _mouth, up, gap = frame
    band = _ellipse_polygon((eyes[0] + eyes[1]) / 2 + up * 1.7 * gap, (1.1 * gap, 0.3 * gap), up)
    return _inside_mask(_union(shape, [band]), mask)


def _pose_face_frame(keypoints, min_visibility):
    points = list(POSE_EYES) + list(POSE_MOUTH)
    if keypoints is None or (keypoints[points, 2] < min_visibility).any():
        return None
    eyes, mouth = keypoints[list(POSE_EYES), :2], keypoints[list(POSE_MOUTH), :2]
    gap = float(np.linalg.norm(eyes[0] - eyes[1]))
    vector = eyes.mean(axis=0) - mouth.mean(axis=0)
    if gap < 4 or np.linalg.norm(vector) < 2:
        return None
    return eyes, mouth, vector / np.linalg.norm(vector), gap


def hair_coords(landmarks: np.ndarray, mask: np.ndarray | None, shape: tuple[int, ...]) -> Coords:
    """A band above the hairline, inside the person mask (none without a mask)."""
    if mask is None:
        return EMPTY
    eye_gap = _eye_gap(landmarks)
    up = _up_vector(landmarks)
    top = landmarks[FOREHEAD_TOP, :2]
    centre = top + up * 0.45 * eye_gap
    band = _ellipse_polygon(centre, (0.9 * eye_gap, 0.3 * eye_gap), up)
    return _inside_mask(_union(shape, [band]), mask)


def eye_coords(landmarks: np.ndarray, shape: tuple[int, ...]) -> Coords:
    """Iris rings (no pupil, no limbus edge) clipped to the open eye."""
    if len(landmarks) < 478:
        return EMPTY
    polygons = []
    for (centre, rim), opening in zip(IRISES, EYE_OPENINGS, strict=True):
        radius = float(np.linalg.norm(landmarks[list(rim), :2] - landmarks[centre, :2], axis=1).mean())
        polygons.append((landmarks[centre, :2], radius, landmarks[list(opening), :2]))
    rows, cols = [], []
    for centre, radius, opening in polygons:
        r, c = _iris_ring(centre, radius, opening, shape)
        rows.append(r)
        cols.append(c)
    return _thin(np.concatenate(rows), np.concatenate(cols))


def garment_coords(keypoints: np.ndarray | None, mask: np.ndarray | None,
                   shape: tuple[int, ...], min_visibility: float = 0.5) -> Coords:
    """Chest between the shoulders and the hips (or a torso's length below the shoulders)."""
    if keypoints is None or mask is None or (keypoints[list(SHOULDERS), 2] < min_visibility).any():
        return EMPTY
    left, right = keypoints[SHOULDERS[0], :2], keypoints[SHOULDERS[1], :2]
    width = float(np.linalg.norm(left - right))
    if width < 8:
        return EMPTY
    hips_seen = (keypoints[list(HIPS), 2] >= min_visibility).all()
    drop = (keypoints[list(HIPS), :2].mean(axis=0) - (left + right) / 2) if hips_seen \
        else np.array([0.0, 1.1 * width])
    quad = _torso_quad(left, right, drop)
    return _inside_mask(_union(shape, [quad]), mask)


def _torso_quad(left: np.ndarray, right: np.ndarray, drop: np.ndarray) -> np.ndarray:
    # Inset from the shoulder joints (arms, background) and below the collar line.
    inset = 0.12 * (right - left)
    top_left, top_right = left + inset + 0.15 * drop, right - inset + 0.15 * drop
    return np.array([top_left, top_right, top_right + 0.7 * drop, top_left + 0.7 * drop])


def _iris_ring(centre, radius, opening, shape) -> Coords:
    x0, y0 = np.floor(centre - radius).astype(int)
    size = int(np.ceil(2 * radius)) + 2
    local = np.zeros((size, size), np.uint8)
    cv2.fillPoly(local, [np.round(opening - (x0, y0)).astype(np.int32)], 1)
    yy, xx = np.mgrid[0:size, 0:size]
    dist = np.hypot(xx + x0 - centre[0], yy + y0 - centre[1])
    ring = (dist >= 0.35 * radius) & (dist <= 0.85 * radius) & (local > 0)
    rows, cols = np.nonzero(ring)
    return _clip(rows + y0, cols + x0, shape)


def _union(shape: tuple[int, ...], polygons: list[np.ndarray]) -> Coords:
    points = np.concatenate(polygons)
    x0, y0 = np.maximum(np.floor(points.min(axis=0)).astype(int), 0)
    x1 = min(int(np.ceil(points[:, 0].max())) + 1, shape[1])
    y1 = min(int(np.ceil(points[:, 1].max())) + 1, shape[0])
    if x1 <= x0 or y1 <= y0:
        return EMPTY
    local = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(local, [np.round(p - (x0, y0)).astype(np.int32) for p in polygons], 1)
    # An even grid over the region (not every k-th pixel in raster order, which
    # samples a few diagonal lines of a large torso and misses the rest).
    step = max(1, int(np.ceil(np.sqrt(local.sum() / MAX_POINTS))))
    rows, cols = np.nonzero(local[::step, ::step])
    return _thin(rows * step + y0, cols * step + x0)


def _inside_mask(coords: Coords, mask: np.ndarray) -> Coords:
    rows, cols = coords
    mask2d = mask.reshape(mask.shape[0], mask.shape[1])
    keep = mask2d[rows, cols] > 0.5
    return rows[keep], cols[keep]


def _thin(rows: np.ndarray, cols: np.ndarray) -> Coords:
    step = max(1, int(np.ceil(len(rows) / MAX_POINTS)))
    return rows[::step], cols[::step]


def _clip(rows, cols, shape) -> Coords:
    keep = (rows >= 0) & (rows < shape[0]) & (cols >= 0) & (cols < shape[1])
    return rows[keep], cols[keep]


def _ellipse_polygon(centre: np.ndarray, radii: tuple[float, float], up: np.ndarray,
                     points: int = 24) -> np.ndarray:
    across = np.array([-up[1], up[0]])
    angles = np.linspace(0, 2 * np.pi, points, endpoint=False)
    return (centre + np.outer(np.cos(angles) * radii[0], across)
            + np.outer(np.sin(angles) * radii[1], up))


def _eye_gap(landmarks: np.ndarray) -> float:
    return max(float(np.linalg.norm(landmarks[EYE_CORNERS[0], :2] - landmarks[EYE_CORNERS[1], :2])), 4.0)


def _up_vector(landmarks: np.ndarray) -> np.ndarray:
    """Unit vector from chin to forehead top: 'up' for a tilted head."""
    vector = landmarks[FOREHEAD_TOP, :2] - landmarks[CHIN, :2]
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 1e-6 else np.array([0.0, -1.0])
