"""Build a VisionPipeline from the models folder: mediapipe, or onnxruntime face-only.

``backend="mediapipe"``: short-range face detector (mediapipe Tasks, IMAGE mode: it
does not track), the 478-point face mesh (legacy models on OpenCV DNN, see face_mesh.py)
and pose in VIDEO mode (tracking) for live use or IMAGE mode for stills.  If mediapipe cannot load, the pipeline
falls back to the ONNX face detector (presence, distance and facing still work; no
mesh, no pose, no mask) and says so in ``degraded``: loudly, never silently.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.errors import ModelError
from kiosk.models.paths import ModelPaths
from kiosk.vision.pipeline import VisionPipeline
from kiosk.vision.settings import Backends, VisionSettings

log = logging.getLogger(__name__)


def build_pipeline(models_dir: Path, settings: VisionSettings = VisionSettings(), *,
                   backend: str = "mediapipe", still_images: bool = False) -> VisionPipeline:
    paths = ModelPaths(Path(models_dir))
    if backend == "onnx":
        return VisionPipeline(onnx_backends(paths, settings), settings, still_images)
    try:
        backends = mediapipe_backends(paths, settings, video=not still_images)
    except ModelError as exc:
        log.error("mediapipe backend unavailable (%s); using the ONNX face detector: "
                  "no face mesh, pose or person mask", exc)
        pipeline = VisionPipeline(onnx_backends(paths, settings), settings, still_images)
        pipeline.degraded = str(exc)
        return pipeline
    return VisionPipeline(backends, settings, still_images)


def mediapipe_backends(paths: ModelPaths, settings: VisionSettings, video: bool) -> Backends:
    from kiosk.vision.face_mesh import FaceMesh
    from kiosk.vision.mediapipe_backends import MediapipeFaceDetector, MediapipePose

    made = []
    try:
        detector = _keep(made, MediapipeFaceDetector(
            paths.require(paths.face_detector_short_range), _detector_floor(settings)))
        mesh = _keep(made, FaceMesh(paths.require(paths.face_mesh), paths.require(paths.iris)))
        pose = _keep(made, MediapipePose(paths.require(paths.pose_landmarker), video=video))
        room = None if video and settings.idle_scan_hz <= 0 else _keep(made, MediapipeFaceDetector(
            paths.require(paths.face_detector_full_range), _detector_floor(settings)))
    except BaseException:
        # Whatever failed half-way (a ModelError, or an API a new release removed), what
        # was already built is closed here: a mediapipe Task left to its finaliser can
        # deadlock the interpreter when the garbage collector runs it on another thread.
        _close_all(made)
        raise
    return Backends(detector, mesh, pose, room,
                    description=f"mediapipe ({'video' if video else 'image'} mode) + OpenCV mesh",
                    closers=[b.close for b in made])


def onnx_backends(paths: ModelPaths, settings: VisionSettings) -> Backends:
    from kiosk.vision.onnx_face import OnnxFaceDetector

    detector = OnnxFaceDetector(paths.require(paths.face_detector_onnx), _detector_floor(settings))
    return Backends(detector, description="onnxruntime face detector only",
                    closers=[detector.close])


def _detector_floor(settings: VisionSettings) -> float:
    """Detectors keep every face above the lower threshold; each stage then applies its own
    (whole frame: min_face_score; head crops and room scans: min_far_face_score)."""
    return min(settings.min_face_score, settings.min_far_face_score)


def _close_all(made: list) -> None:
    for backend in reversed(made):
        try:
            backend.close()
        except Exception:  # one failing close must not leave the others open
            log.exception("closing %s after a failed build", type(backend).__name__)


def _keep(made: list, backend):
    made.append(backend)
    return backend
