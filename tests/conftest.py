"""Suite-wide rules: Qt offscreen, and no test may leave a thread or a QTimer running
(napari-style); a failure says where the leaked thread or timer was started."""

from __future__ import annotations

import os

import pytest

from tests.support import leaks

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True, scope="session")
def _leak_sites():
    undo = [leaks.install_thread_sites(), leaks.install_timer_sites()]
    yield
    for step in undo:
        step()


@pytest.fixture(autouse=True)
def no_thread_leaks(request, _leak_sites):
    before = leaks.live_threads()
    leaks.forget_timers()
    yield
    leaked = leaks.leaked_threads(before) + leaks.leaked_timers()
    if leaked:
        pytest.fail("test left running:\n  " + "\n  ".join(leaked), pytrace=False)
