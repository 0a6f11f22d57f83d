"""BlazeFace decoding plumbing (anchors, decode, NMS, letterbox) on known numbers."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.vision.onnx_face import ANCHORS, decode, letterbox, ssd_anchors, weighted_nms


def test_896_anchors_in_mediapipe_order():
    assert ANCHORS.shape == (896, 2)
    # stride 8: 16x16 cells, 2 anchors each, row-major; then stride 16: 8x8 cells, 6 each
    assert ANCHORS[0] == pytest.approx((0.5 / 16, 0.5 / 16))
    assert ANCHORS[1] == pytest.approx(ANCHORS[0])
    assert ANCHORS[2] == pytest.approx((1.5 / 16, 0.5 / 16))
    assert ANCHORS[512] == pytest.approx((0.5 / 8, 0.5 / 8))
    assert ANCHORS[517] == pytest.approx(ANCHORS[512]) and ANCHORS[518][0] > ANCHORS[512][0]
    assert len(ssd_anchors(128, (8, 16, 16, 16))) == 16 * 16 * 2 + 8 * 8 * 6


def test_decode_places_the_box_relative_to_its_anchor():
    regressors = np.zeros((1, 896, 16), np.float32)
    logits = np.full((1, 896, 1), -10.0, np.float32)
    anchor = 600
    regressors[0, anchor, :4] = (2.0, -3.0, 40.0, 30.0)  # dx, dy, w, h in input pixels
    regressors[0, anchor, 4:6] = (5.0, 6.0)  # first keypoint offset
    logits[0, anchor, 0] = 2.0
    rows = decode(regressors, logits, min_score=0.5)
    assert rows.shape == (1, 17)
    cx, cy = ANCHORS[anchor] * 128 + (2.0, -3.0)
    assert rows[0, :4] == pytest.approx((cx - 20, cy - 15, cx + 20, cy + 15))
    assert rows[0, 4:6] == pytest.approx(ANCHORS[anchor] * 128 + (5.0, 6.0))
    assert rows[0, -1] == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_extreme_logits_do_not_overflow():
    regressors = np.zeros((1, 896, 16), np.float32)
    logits = np.full((1, 896, 1), -1e30, np.float32)
    logits[0, 3, 0] = 1e30
    with np.errstate(over="raise"):
        rows = decode(regressors, logits, 0.5)
    assert len(rows) == 1 and rows[0, -1] == pytest.approx(1.0)


def test_weighted_nms_merges_overlaps_by_score_and_keeps_separate_faces():
    def row(x0, score):
        return np.array([x0, 0, x0 + 10, 10] + [x0] * 12 + [score], np.float32)

    merged = weighted_nms(np.stack([row(0, 0.9), row(1, 0.6), row(50, 0.7)]))
    assert len(merged) == 2
    assert merged[0][-1] == pytest.approx(0.9)  # the top score survives
    assert merged[0][0] == pytest.approx((0 * 0.9 + 1 * 0.6) / 1.5)  # coordinates averaged
    assert merged[1][0] == pytest.approx(50)


def test_letterbox_keeps_aspect_and_centres():
    image = np.full((100, 200, 3), 255, np.uint8)
    square, (scale, pad_x, pad_y) = letterbox(image)
    assert square.shape == (128, 128, 3)
    assert scale == pytest.approx(0.64) and pad_x == 0 and pad_y == 32
    assert square[31].max() == 0 and square[32].min() == 255 and square[96].max() == 0
