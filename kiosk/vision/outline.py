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


def body_outline(observation: Observation, min_visibility: float = 0.5,
                 mirror: bool = False) -> list[np.ndarray]:
    """Polylines (each (K, 2) float32, frame pixels); ``mirror`` flips x for a mirrored view."""
    keypoints = observation.pose_keypoints
    if keypoints is None:
        return []
    lines = [_visible_run(keypoints, chain, min_visibility) for chain in BODY_CHAINS]
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
    radius_x = max(float(np.ptp(visible[:, 0])) * 0.75, 8.0)
    angles = np.linspace(0, 2 * np.pi, points + 1)
    oval = np.column_stack([centre[0] + radius_x * np.cos(angles),
                            centre[1] + radius_x * 1.3 * np.sin(angles)])
    return oval.astype(np.float32)
