"""Opt-in colour analysis in the real app: consent -> analysis of real frames -> an answer
with its confidence; and leaving forgets it (the consent gate drops every sample)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_opt_in_analysis_reaches_an_answer_on_the_demo_camera(tmp_path):
    template = (ROOT / "tests" / "scenarios" / "colour_analysis.yaml").read_text(encoding="utf-8")
    scenario = tmp_path / "colour.yaml"
    scenario.write_text(template.replace("SHOTS", str(tmp_path / "shots")), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "demo", "--offscreen", "--broker-port", "0", "--data-dir", str(tmp_path / "data"),
                             "--scenario", str(scenario)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (tmp_path / "shots" / "02-analysis-result.png").is_file()
