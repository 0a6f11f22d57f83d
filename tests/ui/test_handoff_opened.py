"""Issue #14: after a successful hand-off the mirror said "The code has expired".  The real
demo app (real hand-off service and broker), driven by tests/scenarios/handoff_opened.yaml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = (ROOT / "tests" / "scenarios" / "handoff_opened.yaml").read_text(encoding="utf-8")


def test_opened_on_the_phone_thanks_then_returns_to_the_basket(tmp_path):
    shots = tmp_path / "shots"
    scenario = tmp_path / "handoff_opened.yaml"
    scenario.write_text(TEMPLATE.replace("SHOTS", str(shots)), encoding="utf-8")
    command = [sys.executable, "-m", "kiosk", "demo", "--offscreen", "--camera-off", "--broker-port", "0",
               "--data-dir", str(tmp_path / "data"), "--scenario", str(scenario)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (shots / "handoff-back-to-basket.png").is_file()
