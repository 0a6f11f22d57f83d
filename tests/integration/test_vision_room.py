"""Presence from across the room: the idle full-range scan finds a ~60 px face in 720p.

Grace Hopper's portrait scaled to 0.3 in a 1280x720 frame (her face about 60 px wide,
the body cut by the frame: a shopper three to four metres away).  The short-range
detector and pose miss her; the full-range model (face_detection_full_range_sparse from
the pinned mediapipe wheel, hash-checked by `kiosk models build`) finds her, in
`kiosk analyse` and in the live loop, where it runs only while nobody is seen.
"""

from __future__ import annotations

import json

import cv2
import numpy as np

from kiosk.__main__ import main
from kiosk.vision.factory import build_pipeline
from kiosk.vision.settings import VisionSettings
from tests.support.photos import frame_of, models_dir, photo

SCALE, ORIGIN = 0.3, (800, 300)


def far_shopper(scale: float = SCALE) -> tuple[np.ndarray, tuple[float, float]]:
    """The 1280x720 frame and where her face's centre is."""
    small = cv2.resize(photo("grace_hopper.jpg"), None, fx=scale, fy=scale,
                       interpolation=cv2.INTER_AREA)
    frame = np.full((720, 1280, 3), 90, np.uint8)
    x, y = ORIGIN
    frame[y:y + small.shape[0], x:x + small.shape[1]] = small
    # Her face sits at about (290, 210) of the 512x600 portrait.
    return frame, (x + 290 * scale, y + 210 * scale)


def assert_found(box, centre) -> None:
    x, y, w, h = box
    assert 40 <= w <= 90, f"face {w:.0f} px wide"
    assert x <= centre[0] <= x + w and y <= centre[1] <= y + h


def test_kiosk_analyse_finds_a_60px_face_in_720p(tmp_path, capsys):
    frame, centre = far_shopper()
    path = tmp_path / "far.png"
    cv2.imwrite(str(path), frame)  # a test photo, not a shopper's frame
    code = main(["analyse", "--json", "--opt-in", "--models-dir", str(models_dir()), str(path)])
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert code == 0 and result["person"] is True
    print("far face:", result["faces"][0], "colour:", result["colour"])
    assert_found(result["faces"][0]["box"], centre)
    # Presence only: too few pixels for colour, and the analysis says so.
    assert result["colour"]["skin"] is None and result["colour"]["palette"] is None
    assert any("too few pixels" in reason
               for reason in result["colour"]["reasons"])


def test_the_live_idle_loop_finds_her_at_its_low_rate_and_wakes_the_mirror():
    frame, centre = far_shopper()
    settings = VisionSettings(idle_scan_hz=2.0, present_after_s=0.3)
    pipeline = build_pipeline(models_dir(), settings)
    try:
        observations = [pipeline.process(frame_of(frame, seq=i, ts=i / 10)) for i in range(20)]
    finally:
        pipeline.close()
    scans = pipeline.stats.idle_scans
    print(f"live: {scans} idle scans in 2 s of frames, faces {pipeline.stats.room_faces}")
    assert 1 <= scans <= 5  # ~2 a second, not every frame
    assert observations[-1].present
    found = [o.face_box for o in observations if o.face_box is not None]
    assert found
    assert_found(found[0].as_list(), centre)


def test_no_idle_scan_when_off_and_nothing_on_an_empty_scene():
    settings = VisionSettings(idle_scan_hz=0.0)
    frame, _centre = far_shopper()
    pipeline = build_pipeline(models_dir(), settings)
    try:
        observations = [pipeline.process(frame_of(frame, seq=i, ts=i / 10)) for i in range(5)]
    finally:
        pipeline.close()
    assert pipeline.stats.idle_scans == 0 and not any(o.present for o in observations)
    empty = build_pipeline(models_dir(), VisionSettings(idle_scan_hz=10.0))
    try:
        wall = np.full((720, 1280, 3), 90, np.uint8)
        observations = [empty.process(frame_of(wall, seq=i, ts=i / 10)) for i in range(5)]
    finally:
        empty.close()
    assert empty.stats.idle_scans >= 3 and not any(o.person_in_frame for o in observations)
