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


# Each hint's code (the back office shows it in its page's language) and its English text.
HINTS = {
    "no_face": "No face seen: stand where a shopper stands, facing the mirror, in normal store lighting.",
    "good": "Camera placement looks good.",
    "edge_left": "The face is near the left edge of the image: centre the camera on the standing spot.",
    "edge_right": "The face is near the right edge of the image: centre the camera on the standing spot.",
    "too_high": "The face is at the very top of the image: raise the camera or tilt it up.",
    "too_low": "The face is low in the image: lower the camera or tilt it down, so the torso stays in view.",
    "face_small": "The face is small: the standing spot is too far, or the lens too wide.",
    "face_large": "The face fills the image: step back, or move the camera further away.",
    "torso_cut": "Shoulders and hips are not all in view: garment colour needs the torso; "
                 "widen the view or move the camera back.",
}


@dataclass(frozen=True)
class PlacementCheck:
    ok: bool
    codes: tuple[str, ...]  # keys of HINTS
    face_x: float | None = None  # face centre, 0..1 of the frame width
    face_y: float | None = None
    face_height: float | None = None  # face box height / frame height

    @property
    def hints(self) -> tuple[str, ...]:
        return tuple(HINTS[code] for code in self.codes)


def check_placement(obs: Observation) -> PlacementCheck:
    if obs.face_box is None:
        return PlacementCheck(False, ("no_face",))
    width, height = obs.frame_size
    cx, cy = obs.face_box.centre
    x, y, size = cx / width, cy / height, obs.face_box.h / height
    codes = _position_hints(x, y) + _size_hints(size) + _torso_hints(obs)
    return PlacementCheck(not codes, tuple(codes) or ("good",), round(x, 3), round(y, 3), round(size, 3))


def _position_hints(x: float, y: float) -> list[str]:
    codes = []
    if not CENTRE_X[0] <= x <= CENTRE_X[1]:
        codes.append("edge_left" if x < CENTRE_X[0] else "edge_right")
    if y < CENTRE_Y[0]:
        codes.append("too_high")
    elif y > CENTRE_Y[1]:
        codes.append("too_low")
    return codes


def _size_hints(size: float) -> list[str]:
    if size < FACE_HEIGHT[0]:
        return ["face_small"]
    if size > FACE_HEIGHT[1]:
        return ["face_large"]
    return []


def _torso_hints(obs: Observation) -> list[str]:
    if obs.pose_keypoints is None:
        return []
    joints = (LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP)
    if any(obs.keypoint(j) is None for j in joints):
        return ["torso_cut"]
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
