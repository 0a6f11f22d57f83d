"""Per-frame cost of colour sampling + analysis: ``python -m bench.colour``.

A real photo (astronaut, 640x480) with a grey card pasted in the reference region goes
through the real vision pipeline once; then each iteration does what the kiosk does per
frame after opt-in: white balance from the patch, sample skin/hair/eyes/garment, and
read the session's analysis.  Prints a JSON object as its last line.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import cv2
import numpy as np

from bench._util import emit, median, percentile
from kiosk.colour.accumulator import ColourSession
from kiosk.colour.calibrator import FrameCalibrator
from kiosk.colour.whitebalance import Region

PHOTO = Path("models/build/photos/astronaut.png")
PATCH = Region(4, 4, 36, 36)
ITERATIONS = 400


def observe(frame: np.ndarray):
    from hardware.camera.frames import Frame
    from kiosk.vision.factory import build_pipeline

    pipeline = build_pipeline(Path("models/build"), still_images=True)
    try:
        return pipeline.process(Frame(image=frame, ts=0.0, seq=0))
    finally:
        pipeline.close()


def main() -> None:
    frame = cv2.resize(cv2.imread(str(PHOTO)), (640, 480))
    frame[PATCH.y:PATCH.y + PATCH.h, PATCH.x:PATCH.x + PATCH.w] = 118  # 18 % grey card
    observation = observe(frame)
    session = ColourSession(FrameCalibrator(PATCH))
    feed_ms, result_ms, total_ms, cpu_ms = [], [], [], []
    for _ in range(ITERATIONS):
        cpu_started, started = time.thread_time(), time.perf_counter()
        session.feed(frame, observation)
        fed = time.perf_counter()
        result = session.result()
        done = time.perf_counter()
        cpu_ms.append((time.thread_time() - cpu_started) * 1000)
        feed_ms.append((fed - started) * 1000)
        result_ms.append((done - fed) * 1000)
        total_ms.append((done - started) * 1000)
    print(f"mesh: {observation.face_landmarks is not None}, pose: {observation.pose_keypoints is not None}, "
          f"confidence after {session.frames} frames: {result.confidence:.2f}")
    emit({"analysis_ms_median": round(median(total_ms), 3),
          "analysis_ms_p95": round(percentile(total_ms, 95), 3),
          # CPU time of this thread: what the work costs when other processes share the cores
          "analysis_cpu_ms_median": round(median(cpu_ms), 3),
          "load_average_1min": round(os.getloadavg()[0], 2),
          "feed_ms_median": round(median(feed_ms), 3),
          "result_ms_median": round(median(result_ms), 3),
          "budget_ms": 3.0, "frame": "640x480", "iterations": ITERATIONS})


if __name__ == "__main__":
    main()
