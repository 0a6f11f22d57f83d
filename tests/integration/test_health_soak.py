"""A short soak (bench/soak.py's real parts, about half a store hour): no thread or file
descriptor leaks across sessions, wipes and broker restarts.  Counts only, no timings.

The soak runs in a child process of its own: threads and descriptors are counted for the
whole process, and a long suite's leftovers (another test's pool closing late) must not be
counted as the soak's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import gc, json, sys, threading
from bench.soak import run_soak
from kiosk.health import process
threads_before, fds_before = threading.active_count(), process.sample().fds
result = run_soak(real_s=30, accel=72, restart_every_min=4, sample_every_min=2, folder=sys.argv[1])
threads_after = threading.active_count()
gc.collect()
print(json.dumps({"result": result, "threads_before": threads_before, "fds_before": fds_before,
                  "threads_after": threads_after, "fds_after": process.sample().fds}))
"""


def test_sessions_and_broker_restarts_leak_no_threads_or_descriptors(tmp_path):
    child = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert child.returncode == 0, child.stdout[-2000:] + child.stderr[-3000:]
    run = json.loads(child.stdout.strip().splitlines()[-1])
    result = run["result"]
    assert result["observations"] > 100, result                         # vision really ran
    assert result["sessions"] >= 3 and result["broker_restarts"] >= 3, result  # it really churned
    assert result["outbox_pending_end"] == 0                           # every request acked
    # while running: the last sample holds no more threads/fds than the busiest early one
    assert result["threads_end"] <= result["threads_max"] and result["threads_min"] == result["threads_max"]
    assert result["fds_end"] <= result["fds_max"] <= result["fds_min"] + 2, result
    # after stopping: back where we started
    assert run["threads_after"] == run["threads_before"], run
    assert run["fds_after"] <= run["fds_before"] + 2, run  # paho's wake-up socketpair lives until
    # its client object is collected: one pair per MqttBus ever made, not per reconnect
