"""The scenario runner, run as a user would: ``kiosk demo --offscreen --scenario FILE``."""

import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from kiosk.errors import ScenarioError
from kiosk.ui.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def run_demo(scenario: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "demo", "--offscreen", "--broker-port", "0", "--data-dir", str(scenario.parent / "data"), "--scenario", str(scenario), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_attract_scenario_renders_the_attract_screen(tmp_path):
    shot = tmp_path / "attract.png"
    scenario = tmp_path / "attract.yaml"
    scenario.write_text(f"- expect: attract\n- wait: 0.5\n- screenshot: {shot}\n- quit\n")
    result = run_demo(scenario)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "scenario passed" in result.stdout
    image = cv2.imread(str(shot))
    assert image.shape[:2] == (1920, 1080)
    assert image.std() > 10  # text and camera image, not a blank frame


def test_a_failing_step_exits_non_zero_and_names_the_step(tmp_path):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text("- expect: attract\n- wait: 0.1\n- expect: {screen: nowhere}\n")
    scenario.write_text("- expect: attract\n- wait: 0.1\n- expect: nowhere\n")
    result = run_demo(scenario)
    assert result.returncode == 1
    assert f"{scenario}:3: step 3 (expect: 'nowhere') failed" in result.stdout


def test_unknown_steps_are_refused_with_their_line(tmp_path):
    import kiosk.ui.scenario_steps  # noqa: F401
    scenario = tmp_path / "typo.yaml"
    scenario.write_text("- wait: 1\n- wiat: 2\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    assert caught.value.location.line == 2 and "unknown step 'wiat'" in str(caught.value)


def test_the_scenarios_shipped_in_tests_parse():
    import kiosk.ui.scenario_journey  # noqa: F401
    import kiosk.ui.scenario_steps  # noqa: F401
    for path in (ROOT / "tests" / "scenarios").glob("*.yaml"):
        assert load_scenario(path)
