"""Vision: face and body of the shopper, in real time, offline, on one core.

Public surface: ``Observation`` (what other parts consume), ``VisionPipeline``
(synchronous ``process(frame)``), ``VisionWorker`` (newest-frame thread) and
``body_outline`` (the calm overlay polyline).  No Qt here (import-linter).
"""

from kiosk.vision.observation import FaceBox, Observation

__all__ = ["FaceBox", "Observation"]
