"""Issue #14, defect 6: the demo never reached goodbye on its own.  The real demo app with
the real models on the demo camera's photos: an empty scene must end the session (a weak
face in a tracker ghost's head crop, or a 0.51 'face' in a coffee cup, kept it engaged)."""

import pytest

from tests.support.scenarios import run_demo_scenario

pytestmark = pytest.mark.slow


def test_the_demo_cycles_through_goodbye_and_forgotten_on_its_own(tmp_path):
    shots = run_demo_scenario(tmp_path, "demo_cycle.yaml")
    assert (shots / "goodbye.png").is_file() and (shots / "forgotten.png").is_file()
