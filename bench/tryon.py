"""Per-frame cost of See it on me: ``python -m bench.tryon``.

A real photo (astronaut, stretched to 640x480, the camera's size) goes through the real
vision pipeline once (pose, person mask, face); then each iteration does what the camera
layer does per frame while a colourway is previewed: the smoothed garment mask
(``LiveTryOn.update``) and the CIELAB recolour, on one core (OpenCV limited to one
thread; wall time, and the thread's CPU time, which a loaded machine does not inflate).
Then the quality on issue 20's labelled set (tests/data/tryon_labels: the worn garment
drawn by hand on nine real photos from our packages; tests/support/tryon_labels.py): the
garment mask's IoU against the labels, the recoloured garment's mean colour against the
target (dE00, three targets) and the change on the face box and outside the garment
(per-pixel dE00).  Prints a JSON object as its last line (``tryon_ms_median``,
``tryon_ms_p95``, ``mask_iou_mean``, ``colour_de00_mean``, ``face_de00_mean``, ...).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import cv2

from bench._util import emit, median, percentile
from kiosk.colour.spaces import hex_to_srgb, srgb_to_lab
from kiosk.tryon.recolour import LiveTryOn, recolour
from tests.support.tryon_labels import measure as measure_labelled_set

PHOTO = Path("models/build/photos/astronaut.png")
ITERATIONS = 300
BUDGET_MS = 6.0


def observe(frame):
    from hardware.camera.frames import Frame
    from kiosk.vision.factory import build_pipeline

    pipeline = build_pipeline(Path("models/build"), still_images=True)
    try:
        return pipeline.process(Frame(image=frame, ts=0.0, seq=0))
    finally:
        pipeline.close()


def main() -> None:
    frame = cv2.resize(cv2.imread(str(PHOTO)), (640, 480))
    observation = observe(frame)
    face = observation.face_box
    face_bottom = face.y + face.h if face else None
    target = tuple(float(v) for v in srgb_to_lab(hex_to_srgb("#2e6fd1")))
    cv2.setNumThreads(1)
    live = LiveTryOn()
    total_ms, mask_ms, cpu_ms = [], [], []
    for _ in range(ITERATIONS):
        cpu_started, started = time.thread_time(), time.perf_counter()
        mask = live.update(frame.shape[:2], observation.pose_keypoints, observation.person_mask,
                           "top", face_bottom, observation.image, face)
        masked = time.perf_counter()
        result = recolour(frame, mask, target)
        done = time.perf_counter()
        cpu_ms.append((time.thread_time() - cpu_started) * 1000)
        mask_ms.append((masked - started) * 1000)
        total_ms.append((done - started) * 1000)
    print(f"640x480, one core: mask {median(mask_ms):.2f} ms, mask + recolour "
          f"{median(total_ms):.2f} ms median, {percentile(total_ms, 95):.2f} ms p95 "
          f"(garment {result.area:.0%} of the frame); CPU {median(cpu_ms):.2f} ms median")
    rows, quality = measure_labelled_set()
    for row in rows:
        print(f"{row.name:14s} mask IoU {row.mask_iou:.3f}  colour dE00 {row.colour_de00:5.2f} "
              f"(recoloured part {row.recoloured_de00:5.2f})  "
              f"face dE00 {row.face_de00:.3f}  outside dE00 {row.outside_de00:.3f}")
    emit({**{key: round(value, 3) for key, value in quality.items()},
          "labelled_photos": len(rows),
          "tryon_ms_median": round(median(total_ms), 2), "tryon_ms_p95": round(percentile(total_ms, 95), 2),
          "tryon_mask_ms_median": round(median(mask_ms), 2),
          "tryon_cpu_ms_median": round(median(cpu_ms), 2), "tryon_cpu_ms_p95": round(percentile(cpu_ms, 95), 2),
          "load_1min": round(os.getloadavg()[0], 1), "garment_area": round(result.area, 3),
          "budget_ms": BUDGET_MS, "frame": "640x480", "threads": 1})


if __name__ == "__main__":
    main()
