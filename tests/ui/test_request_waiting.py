"""Issue #14 (2): camera off, a shopper waiting for a size was said goodbye to and wiped after
90 s without a touch.  The real demo app (real broker), driven by
tests/scenarios/request_waiting.yaml: the request status stays on screen while it is open,
and once delivered the idle time runs again to the wipe."""

from tests.support.scenarios import run_demo_scenario


def test_an_open_request_keeps_its_status_on_screen_without_a_touch(tmp_path):
    shots = run_demo_scenario(tmp_path, "request_waiting.yaml", "--camera-off")
    assert (shots / "request-waiting-120s.png").is_file()
