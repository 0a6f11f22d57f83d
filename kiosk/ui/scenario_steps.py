"""The foundation's scenario steps: wait, idle, expect, screenshot, quit.  Features add their own."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.session import State
from kiosk.ui.scenario import EXPECT_TIMEOUT_S, STEPS, Sleep, Until, current_states, step


@step("wait")
def wait(runner, seconds) -> Sleep:
    return Sleep(float(seconds))


@step("idle")
def idle(runner, seconds) -> None:
    """``idle: 120``: nobody touches the mirror or is seen for that long.  Only the session's
    clock jumps ahead (staff timers keep wall time), so minutes of waiting take no time."""
    controller = runner.mirror.controller
    before = controller.clock
    controller.clock = lambda: before() + float(seconds)


@step("expect")
def expect(runner, state) -> Until:
    """Wait until the screen or session state is ``state`` (e.g. attract, engaged, hello);
    ``{state: closed, within: 120}`` waits longer than the default (for something outside
    the scenario to happen: a browser test locking the mirror from the back office)."""
    within = EXPECT_TIMEOUT_S
    if isinstance(state, dict):
        state, within = state.get("state"), float(state.get("within", EXPECT_TIMEOUT_S))
    wanted = str(state)
    known = set(runner.mirror.window.screens) | {str(s) for s in State}
    if wanted not in known:
        raise ValueError(f"unknown state '{wanted}'; known: {', '.join(sorted(known))}")
    return Until(lambda: wanted in current_states(runner.mirror),
                 lambda: f"state is {sorted(current_states(runner.mirror))}, expected {wanted}", within)


@step("screenshot")
def screenshot(runner, path) -> None:
    target = Path(str(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written whole, then renamed: a watcher (a test waiting for the file) never reads half a PNG
    partial = target.with_name(f".{target.name}.partial")
    if not runner.mirror.window.grab().save(str(partial), "PNG"):
        raise RuntimeError(f"could not save screenshot to {target}")
    os.replace(partial, target)


@step("quit")
def quit_(runner, _arg) -> None:
    runner.stop_here()


__all__ = ["STEPS"]
