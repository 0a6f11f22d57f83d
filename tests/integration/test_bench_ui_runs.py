"""bench.ui keeps running against the app it measures (a refactor once left it calling a
method that no longer existed). Checks its JSON, never its timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(240)


def test_bench_ui_prints_its_figures_with_see_it_on_me_running():
    done = subprocess.run([sys.executable, "-m", "bench.ui", "--seconds", "1", "--tryon"], cwd=ROOT,
                          capture_output=True, text=True, timeout=200)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["tryon"] is True and figures["tryon_frames_recoloured"] > 0
    assert figures["frames_sampled"] > 0 and figures["vision_frames_during_run"] > 0
    assert {"frame_ms_p99", "tap_to_screen_ms_p95", "frame_p99_ratio_vs_no_vision"} <= set(figures)
