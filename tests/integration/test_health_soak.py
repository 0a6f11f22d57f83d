"""A short soak (bench/soak.py's real parts, about half a store hour): no thread or file
descriptor leaks across sessions, wipes and broker restarts.  Counts only, no timings."""

from __future__ import annotations

import gc
import threading

import pytest

from bench.soak import run_soak
from kiosk.health import process

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def test_sessions_and_broker_restarts_leak_no_threads_or_descriptors(tmp_path):
    threads_before, fds_before = threading.active_count(), process.sample().fds
    result = run_soak(real_s=30, accel=72, restart_every_min=4, sample_every_min=2, folder=tmp_path)
    assert result["observations"] > 100, result                         # vision really ran
    assert result["sessions"] >= 3 and result["broker_restarts"] >= 3, result  # it really churned
    assert result["outbox_pending_end"] == 0                           # every request acked
    # while running: the last sample holds no more threads/fds than the busiest early one
    assert result["threads_end"] <= result["threads_max"] and result["threads_min"] == result["threads_max"]
    assert result["fds_end"] <= result["fds_max"] <= result["fds_min"] + 2
    # after stopping: back where we started (the suite's conftest also fails on a live thread)
    assert threading.active_count() == threads_before
    gc.collect()
    assert process.sample().fds <= fds_before + 2  # paho's wake-up socketpair lives until its
    # client object is collected: one pair per MqttBus ever made, not per reconnect
