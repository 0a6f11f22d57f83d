"""Per-frame cost of See it on me: ``python -m bench.tryon``.

A real photo (astronaut, stretched to 640x480, the camera's size) goes through the real
vision pipeline once (pose, person mask, face); then each iteration does what the camera
layer does per frame while a colourway is previewed: the smoothed garment mask
(``LiveTryOn.update``) and the CIELAB recolour, on one core (OpenCV limited to one
thread; wall time, and the thread's CPU time, which a loaded machine does not inflate).
Prints a JSON object as its last line (``tryon_ms_median``, ``tryon_ms_p95``).
The labelled-set figures of issue 20 (mask IoU, dE00) are not measured here yet.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import cv2

from bench._util import emit, median, percentile
from kiosk.colour.spaces import hex_to_srgb, srgb_to_lab
from kiosk.tryon.recolour import LiveTryOn, recolour

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
                           "top", face_bottom)
        masked = time.perf_counter()
        result = recolour(frame, mask, target)
        done = time.perf_counter()
        cpu_ms.append((time.thread_time() - cpu_started) * 1000)
        mask_ms.append((masked - started) * 1000)
        total_ms.append((done - started) * 1000)
    print(f"640x480, one core: mask {median(mask_ms):.2f} ms, mask + recolour "
          f"{median(total_ms):.2f} ms median, {percentile(total_ms, 95):.2f} ms p95 "
          f"(garment {result.area:.0%} of the frame); CPU {median(cpu_ms):.2f} ms median")
    emit({"tryon_ms_median": round(median(total_ms), 2), "tryon_ms_p95": round(percentile(total_ms, 95), 2),
          "tryon_mask_ms_median": round(median(mask_ms), 2),
          "tryon_cpu_ms_median": round(median(cpu_ms), 2), "tryon_cpu_ms_p95": round(percentile(cpu_ms, 95), 2),
          "load_1min": round(os.getloadavg()[0], 1), "garment_area": round(result.area, 3),
          "budget_ms": BUDGET_MS, "frame": "640x480", "threads": 1})


if __name__ == "__main__":
    main()
