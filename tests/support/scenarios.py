"""Run the real demo app (embedded broker, demo hand-off service) through a scenario YAML from
tests/scenarios, with SHOTS in it pointing at a fresh folder for its screenshots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_demo_scenario(tmp_path: Path, name: str, *options: str, timeout_s: float = 180) -> Path:
    """The screenshots folder; fails the test with the app's output if the scenario fails."""
    shots = tmp_path / "shots"
    scenario = tmp_path / name
    template = (ROOT / "tests" / "scenarios" / name).read_text(encoding="utf-8")
    scenario.write_text(template.replace("SHOTS", str(shots)), encoding="utf-8")
    command = [sys.executable, "-m", "kiosk", "demo", "--offscreen", *options, "--broker-port", "0",
               "--data-dir", str(tmp_path / "data"), "--scenario", str(scenario)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return shots
