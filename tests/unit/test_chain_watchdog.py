"""The store broker's watchdog decides on probes alone (fakes here; a real frozen mosquitto in
tests/integration/test_chain_broker_watchdog.py)."""

from __future__ import annotations

import sys

import pytest

from kiosk.chain.watchdog import BrokerWatchdog, restart_command


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def watchdog(answers: list[bool], restarts: list[str], **kwargs) -> BrokerWatchdog:
    replies = iter(answers)
    return BrokerWatchdog(lambda: next(replies), lambda: restarts.append("restart"), **kwargs)


def test_restarts_only_after_failures_in_a_row():
    restarts: list[str] = []
    dog = watchdog([False, True, False, False, False], restarts, failures_to_restart=3)
    assert [dog.check() for _ in range(5)] == ["failing", "ok", "failing", "failing", "restarted"]
    assert restarts == ["restart"] and dog.stats["restarts"] == 1


def test_after_a_restart_it_lets_the_broker_settle():
    clock, restarts = Clock(), []
    dog = watchdog([False, False, True], restarts, failures_to_restart=1, settle_s=60, clock=clock)
    assert dog.check() == "restarted"
    clock.now = 59
    assert dog.check() == "settling"
    clock.now = 61
    assert dog.check() == "restarted" and len(restarts) == 2
    clock.now = 200
    assert dog.check() == "ok"


def test_a_probe_that_raises_counts_as_no_answer():
    def broken() -> bool:
        raise OSError("connection reset")
    restarts: list[str] = []
    dog = BrokerWatchdog(broken, lambda: restarts.append("r"), failures_to_restart=2)
    assert [dog.check(), dog.check()] == ["failing", "restarted"]


def test_a_restart_that_fails_is_reported_and_the_watchdog_keeps_going():
    dog = BrokerWatchdog(lambda: False, restart_command(f"{sys.executable} -c 'raise SystemExit(3)'"),
                         failures_to_restart=1, settle_s=0)
    assert dog.check() == "restart failed"
    assert dog.stats["restart_errors"] == 1
    assert dog.check() == "restart failed"


def test_the_restart_command_runs_without_a_shell(tmp_path):
    marker = tmp_path / "ran; touch injected"
    restart_command(f"{sys.executable} -c \"import pathlib,sys; pathlib.Path(sys.argv[1]).touch()\" '{marker}'")()
    assert marker.exists() and not (tmp_path / "injected").exists()


def test_bad_cli_numbers_are_refused_with_a_fix(tmp_path, capsys):
    from kiosk.__main__ import main
    with pytest.raises(SystemExit):
        main(["chain", "broker-watchdog", "--config", "x.yaml", "--failures", "many"])
    assert main(["chain", "broker-watchdog", "--config", "x.yaml", "--failures", "0"]) != 0
    assert "--failures must be 1 or more" in capsys.readouterr().err
