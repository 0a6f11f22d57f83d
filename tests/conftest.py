"""Suite-wide rules: Qt offscreen, and no test may leave a thread running (napari-style)."""

from __future__ import annotations

import os
import threading
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Threads that live for the whole process by design (Qt/pytest internals, interpreter helpers).
ALLOWED_THREAD_PREFIXES = ("pydevd", "QDBus", "asyncio_", "ThreadPoolExecutor-0", "Dummy-")


def _threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive()}


@pytest.fixture(autouse=True)
def no_thread_leaks(request):
    before = _threads()
    yield
    deadline = time.monotonic() + 2.0
    leaked = _threads() - before
    while leaked and time.monotonic() < deadline:
        time.sleep(0.05)
        leaked = {t for t in leaked if t.is_alive()}
    leaked = {t for t in leaked if not t.name.startswith(ALLOWED_THREAD_PREFIXES)}
    if leaked:
        pytest.fail(f"test left threads running: {sorted(t.name for t in leaked)}", pytrace=False)
