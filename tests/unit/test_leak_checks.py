"""The suite's leak checks (tests/support/leaks.py, run after every test by tests/conftest.py)
catch a thread or a QTimer a test leaves running and say where it was started."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QTimer

from tests.support import leaks


def _start_waiter(stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=stop.wait, name="waiter", daemon=True)
    thread.start()
    return thread


def _start_timer(parent: QObject | None, ms: int = 60_000) -> QTimer:
    timer = QTimer(parent)
    timer.start(ms)
    return timer


def test_a_leaked_thread_is_named_with_where_it_was_started():
    before = leaks.live_threads()
    stop = threading.Event()
    thread = _start_waiter(stop)
    try:
        found = leaks.leaked_threads(before, grace_s=0.1)
    finally:
        stop.set()
        thread.join(5)
    assert len(found) == 1
    assert found[0].startswith("thread 'waiter' started at tests/unit/test_leak_checks.py:")
    assert "in _start_waiter <- tests/unit/test_leak_checks.py:" in found[0]
    assert "in test_a_leaked_thread_is_named_with_where_it_was_started" in found[0]
    assert leaks.leaked_threads(before, grace_s=0.1) == []  # joined: nothing left


def test_a_running_qtimer_is_caught_with_where_it_was_started(qapp):
    leaks.forget_timers()
    owner = QObject()
    timer = _start_timer(owner)
    found = leaks.leaked_timers()
    timer.stop()
    assert len(found) == 1
    assert found[0].startswith("QTimer of QObject, every 60000 ms started at tests/unit/test_leak_checks.py:")
    assert "in _start_timer <- " in found[0]
    assert leaks.leaked_timers() == []  # a check forgets what it reported


def test_stopped_deleted_and_collected_timers_are_not_leaks(qapp):
    leaks.forget_timers()
    _start_timer(None, 10).stop()            # stopped
    owner = QObject()
    _start_timer(owner)
    owner.deleteLater()                      # deleted (the check flushes deferred deletes)
    _start_timer(None)                       # parentless and dropped: Python deletes it
    gc.collect()
    assert leaks.leaked_timers() == []
