"""BlazeFace short-range face detector on onnxruntime (the model converted at build time).

Used when mediapipe cannot load, and cross-checked against mediapipe's FaceDetector in
tests (box IoU >= 0.9).  Pre- and post-processing follow mediapipe's graph
(face_detection_short_range.pbtxt): letterbox to 128x128, RGB in [-1, 1]; 896 SSD
anchors (strides 8, 16, 16, 16; two anchors per layer, fixed size); box and 6 keypoints
decoded relative to the anchors (scale 128, x/y order); sigmoid score clipped at ±100;
weighted non-maximum suppression at IoU 0.3; letterbox removed.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import Location, ModelError
from kiosk.vision.detector import Detections, FaceFound
from kiosk.vision.observation import FaceBox, read_only

INPUT_SIZE = 128
STRIDES = (8, 16, 16, 16)
SCORE_CLIP = 100.0
NMS_IOU = 0.3


def ssd_anchors(input_size: int = INPUT_SIZE, strides: tuple[int, ...] = STRIDES) -> np.ndarray:
    """(N, 2) anchor centres in 0..1, in mediapipe's order (layers of one stride merged)."""
    centres = []
    layer = 0
    while layer < len(strides):
        stride = strides[layer]
        same = sum(1 for s in strides[layer:] if s == stride)  # consecutive layers, one grid
        cells = int(np.ceil(input_size / stride))
        per_cell = 2 * same  # aspect ratio 1.0 + the interpolated scale, per layer
        for y in range(cells):
            for x in range(cells):
                centres += [((x + 0.5) / cells, (y + 0.5) / cells)] * per_cell
        layer += same
    return np.asarray(centres, dtype=np.float32)


ANCHORS = ssd_anchors()  # 896 for the short-range model


def letterbox(rgb: np.ndarray, size: int = INPUT_SIZE) -> tuple[np.ndarray, tuple[float, float, float]]:
    """Resize keeping aspect ratio onto a black square; returns (image, (scale, pad_x, pad_y))."""
    height, width = rgb.shape[:2]
    scale = min(size / width, size / height)
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    pad_x, pad_y = (size - new_w) // 2, (size - new_h) // 2
    canvas = np.zeros((size, size, 3), dtype=np.uint8)
    resized = cv2.resize(rgb, (new_w, new_h), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    canvas[pad_y:pad_y + new_h, pad_x:pad_x + new_w] = resized
    return canvas, (scale, float(pad_x), float(pad_y))


def decode(regressors: np.ndarray, scores_raw: np.ndarray, min_score: float) -> np.ndarray:
    """(M, 17) rows: x0, y0, x1, y1, 6 keypoints (x, y), score; in 128-pixel input units."""
    logits = np.clip(scores_raw.reshape(-1).astype(np.float64), -SCORE_CLIP, SCORE_CLIP)
    scores = 1.0 / (1.0 + np.exp(-logits))
    keep = scores >= min_score
    raw, anchors = regressors.reshape(-1, 16)[keep], ANCHORS[keep] * INPUT_SIZE
    cx, cy = raw[:, 0] + anchors[:, 0], raw[:, 1] + anchors[:, 1]
    half_w, half_h = raw[:, 2] / 2, raw[:, 3] / 2
    boxes = np.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=1)
    points = raw[:, 4:16].reshape(-1, 6, 2) + anchors[:, None, :]
    return np.concatenate([boxes, points.reshape(-1, 12), scores[keep, None]], axis=1)


def weighted_nms(rows: np.ndarray, iou_threshold: float = NMS_IOU) -> list[np.ndarray]:
    """mediapipe's WEIGHTED suppression: overlapping detections are averaged by score."""
    remaining = rows[np.argsort(-rows[:, -1])]
    merged = []
    while len(remaining):
        overlap = _iou(remaining[0, :4], remaining[:, :4]) > iou_threshold
        group = remaining[overlap]
        weights = group[:, -1:]
        average = (group[:, :-1] * weights).sum(axis=0) / weights.sum()
        merged.append(np.append(average, remaining[0, -1]))
        remaining = remaining[~overlap]
    return merged


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    x0, y0 = np.maximum(box[0], boxes[:, 0]), np.maximum(box[1], boxes[:, 1])
    x1, y1 = np.minimum(box[2], boxes[:, 2]), np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return inter / np.maximum(area + areas - inter, 1e-9)


class OnnxFaceDetector:
    """Face boxes, scores and 6 keypoints from the converted BlazeFace, on one thread."""

    name = "onnx-face-detector"

    def __init__(self, model: Path, min_score: float = 0.5):
        self.min_score = min_score
        self._session = _open_session(model)
        self._input = self._session.get_inputs()[0].name

    def detect(self, rgb: np.ndarray, timestamp_ms: int = 0) -> Detections:
        square, (scale, pad_x, pad_y) = letterbox(rgb)
        tensor = (square.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
        regressors, classificators = self._session.run(
            ["regressors", "classificators"], {self._input: np.ascontiguousarray(tensor)})
        rows = weighted_nms(decode(regressors, classificators, self.min_score))
        return Detections(faces=[_to_face(row, scale, pad_x, pad_y) for row in rows])

    def close(self) -> None:
        self._session = None


def _to_face(row: np.ndarray, scale: float, pad_x: float, pad_y: float) -> FaceFound:
    """Undo the letterbox: 128-pixel input units → source image pixels."""
    coords = row[:-1].reshape(-1, 2)
    coords = (coords - (pad_x, pad_y)) / scale
    (x0, y0), (x1, y1) = coords[0], coords[1]
    box = FaceBox(float(x0), float(y0), float(x1 - x0), float(y1 - y0), float(row[-1]))
    return FaceFound(box=box, keypoints=read_only(coords[2:].astype(np.float32)))


def _open_session(model: Path):
    import onnxruntime as ort

    if not model.is_file():
        raise ModelError("ONNX face detector missing", location=Location(str(model)),
                         fix="run `kiosk models build`")
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # on 2 cores, 2 threads were 1.5-5x slower
    options.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises untyped errors for unreadable models
        raise ModelError(f"onnxruntime cannot load the model: {exc.__class__.__name__}",
                         location=Location(str(model)), fix="run `kiosk models build`") from None
