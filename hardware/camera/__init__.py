"""Camera hardware: sources behind one small interface, a capture loop, a fake."""

from hardware.camera.capture import CaptureLoop, CaptureStats
from hardware.camera.frames import Frame, normalise_frame
from hardware.camera.sources import (
    FrameSource,
    ImageFolderSource,
    OpenCVSource,
    PlaylistSource,
    source_from_spec,
)

__all__ = [
    "CaptureLoop", "CaptureStats", "Frame", "FrameSource", "ImageFolderSource",
    "OpenCVSource", "PlaylistSource", "normalise_frame", "source_from_spec",
]
