"""The shopper journey end to end, as a shopper would go through it: the real demo app
(real broker, real hand-off service, real models on the demo camera) driven by the
scenario in tests/scenarios/journey.yaml, in every language, camera on and off."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from kiosk.handoff.qr import decode_qr

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = (ROOT / "tests" / "scenarios" / "journey.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("language, camera", [("en", "on"), ("fr", "off"), ("zh_CN", "on")])
def test_whole_journey(tmp_path, language, camera):
    shots = tmp_path / "shots"
    scenario = tmp_path / "journey.yaml"
    scenario.write_text(TEMPLATE.replace("SHOTS", str(shots)).replace("LANGUAGE", language), encoding="utf-8")
    command = [sys.executable, "-m", "kiosk", "demo", "--offscreen", "--broker-port", "0", "--data-dir", str(tmp_path / "data"), "--scenario", str(scenario)]
    if camera == "off":
        command.append("--camera-off")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pngs = sorted(shots.glob("*.png"))
    assert len(pngs) == 13
    text = decode_qr(cv2.imread(str(shots / "12-handoff.png")))
    assert (text or "").startswith("http://") and "/h/" in text, f"the QR on the mirror must decode, got {text!r}"
    kinds = {kind for (kind,) in sqlite3.connect(tmp_path / "data" / "insight.sqlite3").execute(
        "SELECT kind FROM events")}
    assert {"session_engaged", "item_scanned", "size_requested", "size_claimed", "size_delivered",
            "basket_handed_off"} <= kinds, f"the visit's anonymous funnel events, got {kinds}"
