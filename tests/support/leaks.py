"""What a test may not leave behind, and where it was started: threads (napari-style) and
running QTimers.  tests/conftest.py installs the two small patches once per session and runs
the checks after every test; tests/unit/test_leak_checks.py calls them directly.

Cheap on purpose: a start records a few (file, line, function) tuples, no source lines; the
stack is formatted only when a check fails.  Timers are held by weak reference, so recording
one never keeps it alive (or running) longer than the test would have."""

from __future__ import annotations

import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# Threads that live for the whole process by design (Qt/pytest internals, interpreter helpers).
ALLOWED_THREAD_PREFIXES = ("pydevd", "QDBus", "asyncio_", "ThreadPoolExecutor-0", "Dummy-")
_DEPTH = 10  # frames kept per start; the site shown skips threading's, this file's and pytest's
_NOT_THE_SITE = (threading.__file__, __file__, str(Path(threading.__file__).parent / "concurrent"))

_RUNNER = ("/_pytest/", "/pluggy/")  # pytest's own calls say nothing about the test
Site = tuple[tuple[str, int, str], ...]
_SITE_ATTR = "_test_started_at"
_timers: list[tuple[weakref.ref, Site]] = []


def _site(skip: int) -> Site:
    frame: Any = sys._getframe(skip + 1)
    frames = []
    while frame is not None and len(frames) < _DEPTH:
        code = frame.f_code
        frames.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.f_back
    return tuple(frames)


def describe(site: Site | None, shown: int = 4) -> str:
    """'started at a.py:12 in f <- b.py:30 in g', innermost first, the library's own frames left out."""
    if not site:
        return "started at an unknown place (before the check was installed, or from C)"
    own = [f for f in site if not f[0].startswith(_NOT_THE_SITE)
           and not any(part in f[0] for part in _RUNNER)] or list(site)
    parts = []
    for filename, line, name in own[:shown]:
        path = Path(filename)
        shown_path = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        parts.append(f"{shown_path}:{line} in {name}")
    return "started at " + " <- ".join(parts)


def install_thread_sites() -> Callable[[], None]:
    """Patch Thread.start to note where each thread is started; returns the undo."""
    original = threading.Thread.start

    def start(self: threading.Thread) -> None:
        setattr(self, _SITE_ATTR, _site(1))
        original(self)

    threading.Thread.start = start  # type: ignore[method-assign]
    return lambda: setattr(threading.Thread, "start", original)


def install_timer_sites() -> Callable[[], None]:
    """Patch QTimer.start to note each timer a test starts and where; returns the undo."""
    from PySide6.QtCore import QTimer
    original = QTimer.start

    def start(self: QTimer, *args: Any) -> None:
        _timers.append((weakref.ref(self), _site(1)))
        original(self, *args)

    QTimer.start = start  # type: ignore[method-assign]
    return lambda: setattr(QTimer, "start", original)


def live_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive()}


def leaked_threads(before: Iterable[threading.Thread], grace_s: float = 2.0) -> list[str]:
    """Threads started since ``before`` still running after ``grace_s``, each with its site."""
    deadline = time.monotonic() + grace_s
    leaked = live_threads() - set(before)
    while leaked and time.monotonic() < deadline:
        time.sleep(0.05)
        leaked = {t for t in leaked if t.is_alive()}
    leaked = {t for t in leaked if not t.name.startswith(ALLOWED_THREAD_PREFIXES)}
    return [f"thread {t.name!r} {describe(getattr(t, _SITE_ATTR, None))}"
            for t in sorted(leaked, key=lambda t: t.name)]


def forget_timers() -> None:
    _timers.clear()


def leaked_timers() -> list[str]:
    """QTimers started since the last ``forget_timers`` that are still running, each with its
    site.  Widgets closed with deleteLater are deleted first, so their timers do not count."""
    if not _timers:
        return []
    running = _running_timers()
    if running:
        from PySide6.QtCore import QCoreApplication, QEvent
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        running = _running_timers()
    forget_timers()
    return [f"QTimer {_timer_name(timer)} {describe(site)}" for timer, site in running]


def _running_timers() -> list[tuple[Any, Site]]:
    from shiboken6 import Shiboken
    running: dict[int, tuple[Any, Site]] = {}
    for ref, site in _timers:
        timer = ref()
        if timer is not None and Shiboken.isValid(timer) and timer.isActive():
            running.setdefault(id(timer), (timer, site))  # the first start is the one to fix
    return list(running.values())


def _timer_name(timer: Any) -> str:
    parent = timer.parent()
    owner = f" of {type(parent).__name__}" if parent is not None else " (no parent)"
    name = f" {timer.objectName()!r}" if timer.objectName() else ""
    return f"{name}{owner}, every {timer.interval()} ms".lstrip()
