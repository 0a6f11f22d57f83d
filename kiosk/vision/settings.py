"""What a VisionPipeline is made of and told: settings, backends, counters."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.vision.detector import Detector
from kiosk.vision.stages import MeshRefiner


@dataclass(frozen=True)
class VisionSettings:
    pose_every_n_frames: int = 3
    min_face_score: float = 0.6      # config.py says why the two differ
    min_far_face_score: float = 0.5
    min_pose_visibility: float = 0.5
    camera_hfov_deg: float = 60.0
    present_after_s: float = 0.6
    absent_after_s: float = 1.5
    far_faces: bool = True
    max_side: int = 1280
    body_without_face_s: float = 4.0  # see VisionPipeline._body_is_trusted
    max_fps: float = 0.0  # live worker's rate cap; 0 = as fast as frames come
    pose_in_background: bool = True  # live only; stills always run everything inline
    idle_scan_hz: float = 2.0  # full-range face scan while nobody is seen; 0 = off

    @classmethod
    def from_config(cls, section) -> VisionSettings:
        """From the store config's ``vision`` section (kiosk.config.VisionSection)."""
        names = cls.__dataclass_fields__.keys() & type(section).model_fields.keys()
        return cls(**{name: getattr(section, name) for name in names})


@dataclass
class VisionStats:
    frames: int = 0
    rejected: int = 0
    pose_runs: int = 0
    far_faces: int = 0
    idle_scans: int = 0
    room_faces: int = 0  # faces the idle scan found (presence only, never colour)


@dataclass
class Backends:
    """The models a pipeline runs (the face detector must not track: it also sees crops)."""

    face_detector: Detector
    face_mesh: MeshRefiner | None = None
    pose: Detector | None = None
    room_detector: Detector | None = None  # full-range faces, for the idle scan
    description: str = ""
    closers: list = field(default_factory=list)
