"""Safe mode after repeated crashes, with real processes that really crash.

Each start is a new Python process recording its start in the data dir (what `kiosk run`
does first), then dying as a kiosk can: an unhandled exception, a segfault in native code,
an abort (what WatchdogSignal=SIGABRT does), or an orderly SIGTERM stop.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys

CHILD = [sys.executable, "-m", "tests.support.health_child", "start"]


def start(data_dir, ending: str) -> tuple[dict, int]:
    proc = subprocess.run(CHILD + [str(data_dir), ending], capture_output=True, text=True, timeout=60)
    return json.loads(proc.stdout.splitlines()[0]), proc.returncode


def start_and_stop(data_dir) -> tuple[dict, int]:
    """Started, then stopped by systemd (SIGTERM): an orderly shutdown."""
    proc = subprocess.Popen(CHILD + [str(data_dir), "term"], stdout=subprocess.PIPE, text=True)
    decision = json.loads(proc.stdout.readline())
    assert proc.stdout.readline().strip() == "waiting"
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(10)
    proc.stdout.close()
    return decision, code


def test_three_real_crashes_bring_the_fourth_start_up_in_safe_mode(tmp_path):
    outcomes = [start(tmp_path, ending) for ending in ("exception", "segfault", "abort")]
    assert [d["level"] for d, _ in outcomes] == ["normal"] * 3
    assert [code for _, code in outcomes] == [1, -signal.SIGSEGV, -signal.SIGABRT]
    decision, _ = start_and_stop(tmp_path)
    assert decision["level"] == "safe" and decision["unclean_starts"] == 3


def test_orderly_stops_and_clean_exits_never_count(tmp_path):
    for _ in range(3):
        assert start_and_stop(tmp_path) == ({"level": "normal", "unclean_starts": 0, "reason": ""}, 0)
    assert start(tmp_path, "clean")[0]["unclean_starts"] == 0


def test_a_crash_looping_safe_mode_falls_back_to_minimal(tmp_path):
    levels = [start(tmp_path, "segfault")[0]["level"] for _ in range(7)]
    assert levels == ["normal"] * 3 + ["safe"] * 3 + ["minimal"]
