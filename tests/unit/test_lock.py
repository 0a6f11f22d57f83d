"""The lock files pin what pyproject.toml allows, with hashes, and the venv is the lock
(issue 13: a fresh machine resolved OpenCV 5.1, which the code had never met)."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
RUNTIME, TEST = ROOT / "requirements" / "runtime.lock", ROOT / "requirements" / "test.lock"


def _lock_check():
    spec = importlib.util.spec_from_file_location("lock_check", ROOT / "scripts" / "lock_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lock_check = _lock_check()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _requirements(lines: list[str]) -> list[Requirement]:
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("lock, extras", [(RUNTIME, []), (TEST, ["test"])])
def test_every_dependency_is_pinned_inside_its_range(lock, extras):
    project = _project()
    wanted = _requirements(project["dependencies"])
    for extra in extras:
        wanted += _requirements(project["optional-dependencies"][extra])
    pins = lock_check.pinned(lock)
    problems = [f"{req}: pinned {pins.get(lock_check.canonical(req.name), 'nowhere')}"
                for req in wanted
                if not req.specifier.contains(pins.get(lock_check.canonical(req.name), "0!0"),
                                              prereleases=True)]
    assert problems == [], f"{lock.name} out of step with pyproject.toml (run scripts/lock.sh)"


@pytest.mark.parametrize("lock", [RUNTIME, TEST])
def test_every_pin_has_a_hash(lock):
    blocks = lock.read_text().split("\n")
    pins = [i for i, line in enumerate(blocks) if lock_check.PIN.match(line)]
    unhashed = [blocks[i] for i in pins
                if i + 1 >= len(blocks) or "--hash=sha256:" not in blocks[i + 1]]
    assert pins and unhashed == []


def test_the_runtime_lock_is_the_test_lock_without_the_test_tools():
    runtime, test = lock_check.pinned(RUNTIME), lock_check.pinned(TEST)
    assert {name: test.get(name) for name in runtime} == runtime


def test_this_environment_is_the_test_lock():
    """What the tests ran on is what the lock says (setup.sh installs it)."""
    assert lock_check.drift(lock_check.pinned(TEST), lock_check.installed()) == []


def test_drift_names_a_wrong_a_missing_and_an_extra_package():
    problems = lock_check.drift({"numpy": "2.4.6", "segno": "1.6.6"},
                                {"numpy": "2.5.0", "rich": "13.0"})
    assert problems == ["numpy: lock pins 2.4.6, installed 2.5.0",
                        "segno: lock pins 1.6.6, installed nothing",
                        "rich: installed 13.0, not in the lock"]
