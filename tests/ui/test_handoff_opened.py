"""Issue #14: after a successful hand-off the mirror said "The code has expired".  The real
demo app (real hand-off service and broker), driven by tests/scenarios/handoff_opened.yaml."""

from tests.support.scenarios import run_demo_scenario


def test_opened_on_the_phone_thanks_then_returns_to_the_basket(tmp_path):
    shots = run_demo_scenario(tmp_path, "handoff_opened.yaml", "--camera-off")
    assert (shots / "handoff-back-to-basket.png").is_file()
