"""The calm body outline for the demo overlay, as pixel polylines (Qt-free).

Only chains whose keypoints are all visible are returned, so the overlay never draws a
limb the model is guessing.  The UI strokes each polyline with a soft pen; nothing
else (no boxes, no points, no numbers): it shows "the mirror sees you", not a debug HUD.
"""

from __future__ import annotations

import numpy as np

from kiosk.vision.observation import PVIS, Observation

# BlazePose 33-point chains: shoulders-arms, torso loop, legs; plus the head as an oval.
BODY_CHAINS = (
    (15, 13, 11, 12, 14, 16),
    (11, 23, 24, 12),
    (23, 25, 27),
    (24, 26, 28),
)
HEAD_POINTS = (0, 2, 5, 7, 8)
# The face-mesh silhouette (MediaPipe FACEMESH_FACE_OVAL), forehead round to chin and back.
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
             400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21,
             54, 103, 67, 109, 10)


def body_outline(observation: Observation, min_visibility: float = 0.5,
                 mirror: bool = False) -> list[np.ndarray]:
    """Polylines (each (K, 2) float32, frame pixels); ``mirror`` flips x for a mirrored view."""
    keypoints = observation.pose_keypoints
    lines = []
    if keypoints is not None:
        lines = [_visible_run(keypoints, chain, min_visibility) for chain in BODY_CHAINS]
    if observation.face_landmarks is not None:  # the real face silhouette when we have it
        lines.append(observation.face_landmarks[list(FACE_OVAL), :2].astype(np.float32))
    elif keypoints is not None:
        lines.append(_head_oval(keypoints, min_visibility))
    lines = [line for line in lines if line is not None and len(line) >= 2]
    if mirror:
        width = observation.frame_size[0]
        lines = [np.column_stack([width - line[:, 0], line[:, 1]]) for line in lines]
    return lines


def _visible_run(keypoints: np.ndarray, chain: tuple[int, ...], min_visibility: float):
    """The longest run of consecutive visible points in the chain."""
    best: list[int] = []
    run: list[int] = []
    for index in chain:
        run = run + [index] if keypoints[index, PVIS] >= min_visibility else []
        best = run if len(run) > len(best) else best
    return keypoints[best, :2].astype(np.float32) if len(best) >= 2 else None


def _head_oval(keypoints: np.ndarray, min_visibility: float, points: int = 24):
    head = keypoints[list(HEAD_POINTS)]
    visible = head[head[:, PVIS] >= min_visibility]
    if len(visible) < 3:
        return None
    centre = visible[:, :2].mean(axis=0)
    radius_x = max(float(np.ptp(visible[:, 0])) * 0.55, 6.0)  # ear to ear ~ head width
    angles = np.linspace(0, 2 * np.pi, points + 1)
    oval = np.column_stack([centre[0] + radius_x * np.cos(angles),
                            centre[1] - 0.15 * radius_x + radius_x * 1.3 * np.sin(angles)])
    return oval.astype(np.float32)
