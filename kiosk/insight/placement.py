"""Camera placement check for the manager screen: live hints, nothing kept.

``check_placement(observation)`` reads one ``Observation`` (the manager stands
where a shopper would) and says what to adjust.  It returns plain numbers and
sentences; it keeps no reference to the frame or landmarks, and the UI shows
it only while the manager screen is open (docs/privacy.md).  ``PlacementProbe`` answers the
back office's ``placement`` command the same way, from the next observation.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kiosk.vision.observation import Observation

# Where a face should sit in the image for face mesh + torso sampling to work well.
CENTRE_X = (0.3, 0.7)
CENTRE_Y = (0.15, 0.5)  # upper half: leaves room for the torso below
FACE_HEIGHT = (0.10, 0.40)  # of the frame height: ~0.7-2 m with a 60-70° lens
LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP = 11, 12, 23, 24


@dataclass(frozen=True)
class PlacementCheck:
    ok: bool
    hints: tuple[str, ...]
    face_x: float | None = None  # face centre, 0..1 of the frame width
    face_y: float | None = None
    face_height: float | None = None  # face box height / frame height


def check_placement(obs: Observation) -> PlacementCheck:
    if obs.face_box is None:
        return PlacementCheck(False, ("No face seen: stand where a shopper stands, facing the "
                                      "mirror, in normal store lighting.",))
    width, height = obs.frame_size
    cx, cy = obs.face_box.centre
    x, y, size = cx / width, cy / height, obs.face_box.h / height
    hints = _position_hints(x, y) + _size_hints(size) + _torso_hints(obs)
    return PlacementCheck(not hints, tuple(hints) or ("Camera placement looks good.",),
                          round(x, 3), round(y, 3), round(size, 3))


def _position_hints(x: float, y: float) -> list[str]:
    hints = []
    if not CENTRE_X[0] <= x <= CENTRE_X[1]:
        side = "left" if x < CENTRE_X[0] else "right"
        hints.append(f"The face is near the {side} edge of the image: centre the camera on "
                     f"the standing spot.")
    if y < CENTRE_Y[0]:
        hints.append("The face is at the very top of the image: raise the camera or tilt it up.")
    elif y > CENTRE_Y[1]:
        hints.append("The face is low in the image: lower the camera or tilt it down, so the "
                     "torso stays in view.")
    return hints


def _size_hints(size: float) -> list[str]:
    if size < FACE_HEIGHT[0]:
        return ["The face is small: the standing spot is too far, or the lens too wide."]
    if size > FACE_HEIGHT[1]:
        return ["The face fills the image: step back, or move the camera further away."]
    return []


def _torso_hints(obs: Observation) -> list[str]:
    if obs.pose_keypoints is None:
        return []
    joints = (LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP)
    if any(obs.keypoint(j) is None for j in joints):
        return ["Shoulders and hips are not all in view: garment colour needs the torso; "
                "widen the view or move the camera back."]
    return []


class PlacementProbe:
    """The placement check on request (the back office's remote command): the next
    observation the vision thread produces is checked there and dropped; only the check
    (three numbers and sentences) reaches the asker.  Nothing is held while nobody asks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[tuple[threading.Event, list[PlacementCheck]]] = []

    def observe(self, observation: Observation) -> None:
        """Vision thread, every result: a list swap when nobody waits."""
        with self._lock:
            waiting, self._waiting = self._waiting, []
        if not waiting:
            return
        check = check_placement(observation)
        for done, box in waiting:
            box.append(check)
            done.set()

    def next_check(self, timeout: float) -> PlacementCheck | None:
        """The check of the next observation, or None when none came within ``timeout``."""
        done, box = threading.Event(), list[PlacementCheck]()
        with self._lock:
            self._waiting.append((done, box))
        if done.wait(timeout):
            return box[0]
        with self._lock:
            self._waiting = [w for w in self._waiting if w[0] is not done]
        return box[0] if box else None
