"""The frame every consumer sees: BGR uint8, HxWx3, with a sequence number and capture time.

Cameras hand us odd things (grey, BGRA, 16-bit, empty buffers): normalise what has a
clear meaning, reject the rest with a CameraError so the capture loop can count it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hardware.errors import CameraError

MAX_SIDE = 4096


@dataclass(frozen=True)
class Frame:
    seq: int
    ts: float  # time.monotonic() at capture
    image: np.ndarray  # BGR uint8, HxWx3, C-contiguous

    @property
    def size(self) -> tuple[int, int]:
        return self.image.shape[1], self.image.shape[0]


def normalise_frame(image: object) -> np.ndarray:
    if not isinstance(image, np.ndarray) or image.size == 0:
        raise CameraError("empty or non-array frame")
    if image.ndim == 2:
        image = image[:, :, None]
    if image.ndim != 3 or image.shape[2] not in (1, 3, 4):
        raise CameraError(f"unsupported frame shape {image.shape}")
    height, width = image.shape[:2]
    if min(height, width) < 16 or max(height, width) > MAX_SIDE:
        raise CameraError(f"frame size {width}x{height} outside 16..{MAX_SIDE} pixels")
    image = _to_uint8(image)
    if image.shape[2] == 1:
        image = np.repeat(image, 3, axis=2)
    elif image.shape[2] == 4:
        image = image[:, :, :3]
    return np.ascontiguousarray(image)


def _to_uint8(image: np.ndarray) -> np.ndarray:
    if image.dtype == np.uint8:
        return image
    if image.dtype == np.uint16:
        return (image >> 8).astype(np.uint8)
    if np.issubdtype(image.dtype, np.floating):
        if not np.isfinite(image).all():
            raise CameraError("frame contains NaN or infinite values")
        scale = 255.0 if float(image.max(initial=0.0)) <= 1.0 else 1.0
        return np.clip(image * scale, 0, 255).astype(np.uint8)
    if np.issubdtype(image.dtype, np.integer):
        return np.clip(image, 0, 255).astype(np.uint8)
    raise CameraError(f"unsupported frame dtype {image.dtype}")
