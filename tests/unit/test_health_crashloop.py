"""Crash counter and safe-mode decision (in-process; real crashing subprocesses are in
tests/integration/test_health_crashloop.py)."""

from __future__ import annotations

import json

from kiosk.health.crashloop import MARKS_FILE, CrashCounter
from tests.support.health import FakeClock


def counter(tmp_path, clock, **kwargs) -> CrashCounter:
    return CrashCounter(tmp_path, clock=clock, threshold=3, window_s=600, **kwargs)


def crash(tmp_path, clock):
    """A run that starts and never exits cleanly."""
    return counter(tmp_path, clock).record_start()


def test_clean_runs_never_enter_safe_mode(tmp_path):
    clock = FakeClock()
    for _ in range(10):
        run = counter(tmp_path, clock)
        assert run.record_start().level == "normal"
        run.record_clean_exit()
        clock.advance(1)
    assert json.loads((tmp_path / MARKS_FILE).read_text())["starts"] == []


def test_three_unclean_starts_in_the_window_give_safe_mode(tmp_path):
    clock = FakeClock()
    assert [crash(tmp_path, clock).level for _ in range(3)] == ["normal"] * 3
    decision = crash(tmp_path, clock)
    assert decision.level == "safe" and decision.active
    assert decision.unclean_starts == 3
    assert not decision.camera_allowed and decision.paging_allowed
    assert "3 starts without a clean exit" in decision.reason


def test_crashes_spread_beyond_the_window_do_not_count(tmp_path):
    clock = FakeClock()
    for _ in range(5):
        assert crash(tmp_path, clock).level == "normal"
        clock.advance(301)   # only the previous crash is still inside 600 s


def test_safe_mode_that_keeps_crashing_goes_minimal(tmp_path):
    clock = FakeClock()
    levels = [crash(tmp_path, clock).level for _ in range(7)]
    assert levels == ["normal"] * 3 + ["safe"] * 3 + ["minimal"]
    minimal = crash(tmp_path, clock)
    assert not minimal.paging_allowed and not minimal.camera_allowed


def test_safe_mode_heals_once_the_crashes_age_out(tmp_path):
    clock = FakeClock()
    for _ in range(3):
        crash(tmp_path, clock)
    safe_run = counter(tmp_path, clock)
    assert safe_run.record_start().level == "safe"
    clock.advance(safe_run.retry_after_s)          # stable in safe mode for half an hour
    safe_run.record_clean_exit()                   # exits so systemd starts a normal run
    assert counter(tmp_path, clock).record_start().level == "normal"


def test_a_clean_exit_removes_only_its_own_mark(tmp_path):
    clock = FakeClock()
    crash(tmp_path, clock)
    run = counter(tmp_path, clock)
    run.record_start()
    run.record_clean_exit()
    assert counter(tmp_path, clock).unclean_starts() == 1


def test_corrupt_or_foreign_marks_files_never_stop_the_mirror(tmp_path):
    clock = FakeClock()
    for junk in ("{not json", "[1, 2, 3]", '{"starts": [1, {"t": "x"}, null]}', "\x00\xff"):
        (tmp_path / MARKS_FILE).write_text(junk)
        assert crash(tmp_path, clock).level == "normal"


def test_an_unwritable_data_dir_runs_normally(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    decision = CrashCounter(blocker / "data", clock=FakeClock()).record_start()
    assert decision.level == "normal"
    assert "cannot write crash marks" in caplog.text


def test_reset_forgets_every_mark(tmp_path):
    clock = FakeClock()
    for _ in range(4):
        crash(tmp_path, clock)
    counter(tmp_path, clock).reset()
    assert crash(tmp_path, clock).level == "normal"
