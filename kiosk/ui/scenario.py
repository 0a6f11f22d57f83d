"""Scenario runner: drive the real app through scripted steps, the acceptance harness.

A scenario is a YAML list of one-key steps (``- wait: 2``, ``- expect: engaged``,
``- screenshot: out/attract.png``, ``- quit``).  Steps run on the Qt event loop, so the
app keeps living between them.  The first failed step stops the run and is named with
its line in the file.  Later features add steps by registering handlers in ``STEPS``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import QTimer

from kiosk import yaml_files
from kiosk.errors import Location, ScenarioError

log = logging.getLogger(__name__)
EXPECT_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Step:
    kind: str
    arg: Any
    line: int


@dataclass(frozen=True)
class Until:
    """A step result: poll ``check`` until it returns True or ``timeout_s`` passes."""

    check: Callable[[], bool]
    describe: Callable[[], str]
    timeout_s: float = EXPECT_TIMEOUT_S


@dataclass(frozen=True)
class Sleep:
    seconds: float


StepHandler = Callable[["ScenarioRunner", Any], Until | Sleep | None]
STEPS: dict[str, StepHandler] = {}


def step(name: str) -> Callable[[StepHandler], StepHandler]:
    def register(handler: StepHandler) -> StepHandler:
        STEPS[name] = handler
        return handler
    return register


def load_scenario(path: str | Path) -> list[Step]:
    path = Path(path)
    try:
        node = yaml_files.compose(path.read_text(encoding="utf-8"), str(path), ScenarioError)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScenarioError(f"cannot read scenario: {exc}", location=Location(str(path))) from None
    if not isinstance(node, yaml.SequenceNode):
        raise ScenarioError("a scenario is a YAML list of steps", location=Location(str(path), 1),
                            fix="write one '- step: value' per line")
    return [_parse_step(path, item) for item in node.value]


def _parse_step(path: Path, node: yaml.Node) -> Step:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        kind, arg = node.value, None
    elif isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, value = node.value[0]
        kind, arg = key.value, yaml_files.construct(value)
    else:
        raise ScenarioError("each step has exactly one key", location=Location(str(path), line),
                            fix="e.g. '- wait: 2'")
    if kind not in STEPS:
        raise ScenarioError(f"unknown step '{kind}'", location=Location(str(path), line, field=kind),
                            fix=f"use one of: {', '.join(sorted(STEPS))}")
    return Step(kind, arg, line)


class ScenarioRunner:
    def __init__(self, mirror, steps: list[Step], source: str, on_done: Callable[[int], None]):
        self.mirror, self.steps, self.source, self.on_done = mirror, steps, source, on_done
        self.index = 0
        self.failure: str | None = None

    def start(self) -> None:
        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        if self.index >= len(self.steps):
            self._finish(0)
            return
        current = self.steps[self.index]
        log.info("scenario step %d: %s %r", self.index + 1, current.kind, current.arg)
        try:
            result = STEPS[current.kind](self, current.arg)
        except Exception as exc:  # a step's error fails the scenario, it must not hang it
            self._fail(current, str(exc))
            return
        self._continue_after(current, result)

    def _continue_after(self, current: Step, result: Until | Sleep | None) -> None:
        if isinstance(result, Sleep):
            self.index += 1
            QTimer.singleShot(int(result.seconds * 1000), self._next)
        elif isinstance(result, Until):
            self._poll(current, result, time.monotonic() + result.timeout_s)
        elif self.index < len(self.steps):
            self.index += 1
            QTimer.singleShot(0, self._next)

    def _poll(self, current: Step, until: Until, deadline: float) -> None:
        if until.check():
            self.index += 1
            QTimer.singleShot(0, self._next)
        elif time.monotonic() > deadline:
            self._fail(current, f"timed out after {until.timeout_s:g} s: {until.describe()}")
        else:
            QTimer.singleShot(50, lambda: self._poll(current, until, deadline))

    def _fail(self, current: Step, why: str) -> None:
        self.failure = (f"{self.source}:{current.line}: step {self.index + 1} "
                        f"({current.kind}: {current.arg!r}) failed: {why}")
        log.error(self.failure)
        self._finish(1)

    def _finish(self, code: int) -> None:
        self.index = len(self.steps) + 1
        self.on_done(code)

    def stop_here(self) -> None:
        """Used by 'quit': succeed now, skipping the rest."""
        self._finish(0)


def current_states(mirror) -> set[str]:
    return {mirror.window.current_screen, str(mirror.session.state)}
