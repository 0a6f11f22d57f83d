"""Frames of any size, dtype or channel count: normalised (same answer) or rejected (counted)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.errors import CameraError
from kiosk.vision.factory import build_pipeline
from tests.support.photos import frame_of, models_dir, photo


@pytest.fixture(scope="module")
def still():
    pipeline = build_pipeline(models_dir(), still_images=True)
    yield pipeline
    pipeline.close()


def variants(bgr: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "bgra": cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA),
        "uint16": bgr.astype(np.uint16) * 257,
        "float01": bgr.astype(np.float32) / 255.0,
        "grey2d": cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY),
        "non_contiguous": bgr[:, ::-1][:, ::-1],
    }


@pytest.mark.parametrize("kind", ["bgra", "uint16", "float01", "grey2d", "non_contiguous"])
def test_odd_frames_of_a_real_photo_give_the_same_face(still, kind):
    bgr = photo("astronaut.png")
    reference = still.process(frame_of(bgr)).face_box
    obs = still.process(frame_of(variants(bgr)[kind]))
    assert obs.face_box is not None
    assert abs(obs.face_box.x - reference.x) < 6 and abs(obs.face_box.w - reference.w) < 8
    assert obs.image.dtype == np.uint8 and obs.image.shape == (512, 512, 3)


def test_large_frames_are_processed_smaller_but_reported_in_their_own_pixels(still):
    bgr = photo("astronaut.png")
    big = cv2.resize(bgr, (2048, 2048), interpolation=cv2.INTER_CUBIC)
    small, large = still.process(frame_of(bgr)), still.process(frame_of(big))
    assert large.frame_size == (2048, 2048)
    assert large.face_box.x == pytest.approx(small.face_box.x * 4, abs=12)
    assert large.person_mask.shape == (2048, 2048)
    assert large.face_landmarks[:, 0].max() > 1000


@pytest.mark.parametrize("bad", [
    np.zeros((0, 0, 3), np.uint8), np.zeros((8, 8, 3), np.uint8),
    np.zeros((480, 640, 2), np.uint8), np.full((64, 64, 3), np.nan, np.float32),
    np.zeros((480, 640, 3), np.complex64), "not an image",
])
def test_bad_frames_are_rejected_and_counted(still, bad):
    before = still.stats.rejected
    with pytest.raises(CameraError):
        still.process(frame_of(bad))
    assert still.stats.rejected == before + 1


def test_the_callers_frame_stays_writable(still):
    bgr = photo("astronaut.png")
    obs = still.process(frame_of(bgr))
    bgr[0, 0] = 7  # the camera's buffer is the caller's business
    assert not obs.image.flags.writeable
