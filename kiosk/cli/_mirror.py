"""Starting the mirror app, shared by ``kiosk run`` and ``kiosk demo``."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

from kiosk.config import StoreConfig

log = logging.getLogger(__name__)


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def run_mirror(config: StoreConfig, *, windowed: bool, offscreen: bool, size: tuple[int, int] | None,
               scenario: str | None, startup_errors: list[str] | None = None, demo: bool = False,
               demo_broker_port: int | None = None, out_of_service: bool = False) -> int:
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        size = size or (1080, 1920)
    elif windowed:
        size = size or (720, 1280)  # a portrait mirror that fits a laptop screen
    from kiosk.app import build_mirror

    mirror = build_mirror(config, windowed=windowed, size=size, startup_errors=startup_errors, demo=demo,
                          demo_broker_port=demo_broker_port, out_of_service=out_of_service)
    exit_code = {"code": 0}
    if scenario:
        _start_scenario(mirror, scenario, exit_code)
    signal.signal(signal.SIGINT, lambda *_: mirror.qt_app.exit(130))
    signal.signal(signal.SIGTERM, lambda *_: mirror.qt_app.exit(0))
    _keep_python_signals_alive(mirror)
    try:
        code = mirror.qt_app.exec()
    finally:
        mirror.stop()
        _dispose(mirror)
    mirror.services.unattended.clean_exit()  # reached only on an orderly exit
    return exit_code["code"] or code


def _dispose(mirror) -> None:
    """Delete Qt objects while Python is alive: left to interpreter teardown, PySide6 can
    crash in the garbage collector (seen: 'none_dealloc') and turn a clean exit into SIGABRT."""
    import shiboken6

    if mirror.window is not None and shiboken6.isValid(mirror.window):
        shiboken6.delete(mirror.window)
    mirror.window = mirror.controller = None


def _start_scenario(mirror, path: str, exit_code: dict) -> None:
    import kiosk.ui.scenario_journey  # noqa: F401  (registers the journey steps)
    import kiosk.ui.scenario_steps  # noqa: F401  (registers the steps)
    from kiosk.ui.scenario import ScenarioRunner, load_scenario

    steps = load_scenario(path)

    def done(code: int) -> None:
        exit_code["code"] = code
        if runner.failure:
            print(f"scenario failed: {runner.failure}")
        else:
            print(f"scenario passed: {Path(path).name} ({len(steps)} steps)")
        mirror.qt_app.exit(code)

    runner = ScenarioRunner(mirror, steps, path, done)
    mirror.scenario = runner
    runner.start()


def _keep_python_signals_alive(mirror) -> None:
    """Qt's loop never returns to Python on its own; a timer lets SIGINT/SIGTERM handlers run."""
    from PySide6.QtCore import QTimer

    timer = QTimer(mirror.window)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()
