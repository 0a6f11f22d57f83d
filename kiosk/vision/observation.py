"""What vision says about one camera frame: the only thing other parts consume.

Coordinates are always in PIXELS of the frame the observation was computed on
(``frame_size``), origin top-left, x to the right, y down.  Arrays are float32
and read-only so a consumer on another thread cannot corrupt them.

Privacy (docs/privacy.md): an Observation lives in memory only.  Nothing here is
ever written to disk or sent anywhere; ``to_summary`` gives the few scalars that
may be logged (no landmarks, no mask, no image).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Pose keypoint indices (MediaPipe / BlazePose 33-point topology).
NOSE = 0
LEFT_EYE, RIGHT_EYE = 2, 5
LEFT_EAR, RIGHT_EAR = 7, 8
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_HIP, RIGHT_HIP = 23, 24
LEFT_KNEE, RIGHT_KNEE = 25, 26
LEFT_ANKLE, RIGHT_ANKLE = 27, 28
POSE_POINTS = 33
FACE_POINTS = 478  # 468 mesh points + 10 iris points

# Columns of ``Observation.pose_keypoints``.
PX, PY, PVIS = 0, 1, 2


@dataclass(frozen=True)
class FaceBox:
    """Axis-aligned face box in pixels, with the detector's confidence (0..1)."""

    x: float
    y: float
    w: float
    h: float
    score: float

    def as_list(self) -> list[float]:
        return [round(self.x, 1), round(self.y, 1), round(self.w, 1), round(self.h, 1)]

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2


@dataclass(frozen=True, eq=False)
class Observation:
    """Vision result for one frame.

    present        debounced presence (hysteresis): drive the session from this.
    person_in_frame  the raw, per-frame verdict (face or body seen now), for diagnostics.
    distance_m     estimated shopper distance from the camera, None when unknown.
    facing         the shopper looks roughly at the mirror (|yaw| small).
    face_box       main (largest) face, None when no face this frame.
    face_landmarks (478, 3) float32: x, y in pixels, z in pixels on the same scale as x
                   (relative depth, negative = towards the camera). None when no face.
    pose_keypoints (33, 3) float32: x, y in pixels, visibility 0..1. None when no body.
    person_mask    (H, W) float32 0..1 at frame size, None when no body. Only trust it
                   where pose fired (the selfie-style mask alone hallucinates).
    pose_fresh     True on the first observation that carries a new pose result; False
                   when the keypoints and mask are carried over (pose runs at a lower rate,
                   by default on its own thread); keypoints from an earlier frame are moved
                   with the face, the mask is not.
    pose_ts        capture time (time.monotonic) of the frame the keypoints and mask were
                   computed on (== ts when pose ran inline on this frame).
    faces          every face box found (the shopper's first), e.g. to notice a companion.
    image          the normalised BGR uint8 frame these coordinates refer to, so colour
                   sampling reads exactly the pixels the landmarks were found on. Memory
                   only, never stored.
    stage_ms       per-stage processing time (diagnostics / benchmark).
    """

    seq: int
    ts: float
    frame_size: tuple[int, int]  # (width, height)
    present: bool = False
    person_in_frame: bool = False
    distance_m: float | None = None
    facing: bool = False
    face_box: FaceBox | None = None
    face_landmarks: np.ndarray | None = field(default=None, repr=False)
    pose_keypoints: np.ndarray | None = field(default=None, repr=False)
    person_mask: np.ndarray | None = field(default=None, repr=False)
    pose_fresh: bool = False
    pose_ts: float | None = None
    faces: tuple[FaceBox, ...] = ()
    image: np.ndarray | None = field(default=None, repr=False)
    stage_ms: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def has_face(self) -> bool:
        return self.face_box is not None

    @property
    def has_pose(self) -> bool:
        return self.pose_keypoints is not None

    def keypoint(self, index: int, min_visibility: float = 0.5) -> tuple[float, float] | None:
        """Pixel (x, y) of one pose keypoint if it is visible enough, else None."""
        if self.pose_keypoints is None:
            return None
        x, y, vis = self.pose_keypoints[index]
        return (float(x), float(y)) if vis >= min_visibility else None

    def to_summary(self) -> dict:
        """Loggable scalars only (no landmarks, mask or image: docs/privacy.md)."""
        return {
            "seq": self.seq,
            "present": self.present,
            "person_in_frame": self.person_in_frame,
            "distance_m": None if self.distance_m is None else round(self.distance_m, 2),
            "facing": self.facing,
            "face_score": None if self.face_box is None else round(self.face_box.score, 3),
            "pose": self.has_pose,
        }


def empty_observation(seq: int, ts: float, frame_size: tuple[int, int],
                      present: bool = False) -> Observation:
    """An observation for a frame where nothing was seen (or that was rejected)."""
    return Observation(seq=seq, ts=ts, frame_size=frame_size, present=present)


def read_only(array: np.ndarray | None) -> np.ndarray | None:
    """A read-only view for an Observation (consumers run on other threads).  A view, so
    the caller's own array (e.g. the camera frame) keeps its flags."""
    if array is None:
        return None
    view = array.view()
    view.setflags(write=False)
    return view
