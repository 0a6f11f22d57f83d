"""Frame sources: a device, a stream URL, a looped video file, a folder or playlist of images.

A source is opened, read and closed only by the capture loop's thread.  ``read`` returns
``None`` when no frame is available right now (the watchdog decides when that is a stall).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from hardware.errors import CameraError, Location

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mkv", ".mov", ".webm"}


class FrameSource(Protocol):
    name: str

    def open(self) -> None: ...
    def read(self) -> np.ndarray | None: ...
    def close(self) -> None: ...


class OpenCVSource:
    """A V4L2 device (index or /dev/videoN), a network URL, or a video file (looped)."""

    def __init__(self, spec: int | str, width: int = 640, height: int = 480, loop: bool = False):
        self.spec, self.width, self.height, self.loop = spec, width, height, loop
        self.name = str(spec)
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        cap = cv2.VideoCapture(self.spec, cv2.CAP_ANY)
        if not cap.isOpened():
            cap.release()
            raise CameraError("camera cannot be opened", location=Location(field=self.name),
                              fix="check the cable/device path or URL in camera.source")
        if isinstance(self.spec, int) or str(self.spec).startswith("/dev/"):
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # newest frame, not a queue of old ones
        self._cap = cap

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            raise CameraError("source read before open", location=Location(field=self.name))
        ok, image = self._cap.read()
        if not ok and self.loop:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, image = self._cap.read()
        return image if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class PlaylistSource:
    """Still images shown for a given time each, looped: the demo camera and soak tests.

    Frames are paced at ``fps`` so consumers see a live camera, not a firehose.
    """

    def __init__(self, items: list[tuple[Path, float]], fps: float = 30.0,
                 size: tuple[int, int] = (640, 480), name: str = "playlist"):
        if not items:
            raise CameraError("playlist is empty", fix="give at least one image")
        self.items, self.fps, self.size, self.name = items, fps, size, name
        self._frames: list[tuple[np.ndarray, float]] = []
        self._started = 0.0
        self._next_due = 0.0

    def open(self) -> None:
        self._frames = [(_fit(_load_image(path), self.size), seconds) for path, seconds in self.items]
        self._started = self._next_due = time.monotonic()

    def read(self) -> np.ndarray | None:
        now = time.monotonic()
        if now < self._next_due:
            time.sleep(self._next_due - now)
        self._next_due = max(self._next_due + 1.0 / self.fps, time.monotonic() - 1.0)
        return self._current(time.monotonic() - self._started).copy()

    def _current(self, elapsed: float) -> np.ndarray:
        total = sum(seconds for _, seconds in self._frames)
        position = elapsed % total
        for image, seconds in self._frames:
            if position < seconds:
                return image
            position -= seconds
        return self._frames[-1][0]

    def close(self) -> None:
        self._frames = []


class ImageFolderSource(PlaylistSource):
    """Every image in a folder, in name order, a few seconds each."""

    def __init__(self, folder: Path, seconds_each: float = 5.0, **kwargs):
        paths = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not paths:
            raise CameraError("no images in folder", location=Location(str(folder)),
                              fix=f"put {', '.join(sorted(IMAGE_SUFFIXES))} files there")
        super().__init__([(p, seconds_each) for p in paths], name=str(folder), **kwargs)


def source_from_spec(spec: int | str, width: int, height: int, fps: float) -> FrameSource:
    """Pick the source for ``camera.source``: index, /dev path, URL, video file or folder."""
    if isinstance(spec, int) or (isinstance(spec, str) and spec.isdigit()):
        return OpenCVSource(int(spec), width, height)
    text = str(spec)
    if "://" in text or text.startswith("/dev/"):
        return OpenCVSource(text, width, height)
    path = Path(text)
    if path.is_dir():
        return ImageFolderSource(path, fps=fps, size=(width, height))
    if path.suffix.lower() in VIDEO_SUFFIXES:
        return OpenCVSource(text, width, height, loop=True)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return PlaylistSource([(path, 3600.0)], fps=fps, size=(width, height), name=text)
    raise CameraError(f"cannot tell what camera source '{text}' is", location=Location(field="camera.source"),
                      fix="use a device index, /dev/videoN, a URL, a video file or a folder of images")


def _load_image(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise CameraError("image cannot be read", location=Location(str(path)),
                          fix="check the file exists and is a PNG or JPEG")
    return image


def _fit(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Scale to cover ``size`` and centre-crop, like a camera's field of view."""
    width, height = size
    scale = max(width / image.shape[1], height / image.shape[0])
    resized = cv2.resize(image, (round(image.shape[1] * scale), round(image.shape[0] * scale)),
                         interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    top = (resized.shape[0] - height) // 2
    left = (resized.shape[1] - width) // 2
    return np.ascontiguousarray(resized[top:top + height, left:left + width])
