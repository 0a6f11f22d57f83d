"""Per-frame cost of colour sampling + analysis: ``python -m bench.colour``.

A real photo (astronaut, 640x480) with a grey card pasted in the reference region goes
through the real vision pipeline once; then each iteration does what the kiosk does per
frame after opt-in: white balance from the patch, sample skin/hair/eyes/garment, and
read the session's analysis.  Then the cast set of issue 17 (tests/support/colour.py: five
real photos, ITA 79 to 1 deg, with a grey card through six shop lights, +-40 % exposure,
10 frames each, as tests/integration/test_colour_shop_lights.py runs it): the skin spread (largest CIEDE2000
between two lights) per photo, and its maximum as ``skin_spread_de00_max`` (goal 1.5).
``--spread-only`` skips the timing.  Prints a JSON object as its last line.
"""

from __future__ import annotations

import argparse
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


def skin_spreads() -> dict[str, float]:
    """Per photo, the skin spread over the cast set (the shop-light test's own code)."""
    from tests.support.colour import COLOUR_PHOTOS, shop_light_results, skin_spread

    spreads = {}
    for name in COLOUR_PHOTOS:
        results = shop_light_results(name)
        spreads[name] = round(skin_spread(r.skin.lab for r in results.values()), 2)
        print(f"{name}: skin spread over {len(results)} shop lights dE00 {spreads[name]:.2f}")
    return spreads


def spread_figures() -> dict:
    spreads = skin_spreads()
    return {"skin_spread_de00_max": max(spreads.values()), "skin_spread_de00": spreads,
            "skin_spread_goal_de00": 1.5}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spread-only", action="store_true", help="only the cast set's skin spread")
    args = parser.parse_args()
    if args.spread_only:
        emit(spread_figures())
        return
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
    load = round(os.getloadavg()[0], 2)
    # The cast set after the timing, so its models and caches do not weigh on it.
    spread = spread_figures()
    print(f"mesh: {observation.face_landmarks is not None}, pose: {observation.pose_keypoints is not None}, "
          f"confidence after {session.frames} frames: {result.confidence:.2f}")
    emit({"analysis_ms_median": round(median(total_ms), 3),
          "analysis_ms_p95": round(percentile(total_ms, 95), 3),
          # CPU time of this thread: what the work costs when other processes share the cores
          "analysis_cpu_ms_median": round(median(cpu_ms), 3),
          "load_average_1min": load,
          "feed_ms_median": round(median(feed_ms), 3),
          "result_ms_median": round(median(result_ms), 3),
          "budget_ms": 3.0, "frame": "640x480", "iterations": ITERATIONS, **spread})


if __name__ == "__main__":
    main()
