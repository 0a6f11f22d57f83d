"""Manager screen parts: PIN hashing, the gate (lockout, idle lock), placement hints."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.errors import ConfigError
from kiosk.insight.manager import (
    ManagerGate,
    ManagerStatus,
    hash_pin,
    load_pin_hash,
    verify_pin,
)
from kiosk.insight.panel import ManagerPanel
from kiosk.insight.placement import check_placement
from kiosk.vision.observation import FaceBox, Observation

PIN_HASH = hash_pin("4821", iterations=1000)  # few iterations: tests only


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pin_hash_is_salted_and_verifies():
    other = hash_pin("4821", iterations=1000)
    assert other != PIN_HASH and "4821" not in PIN_HASH
    assert verify_pin("4821", PIN_HASH) and not verify_pin("4822", PIN_HASH)
    assert not verify_pin("4821", "garbage") and not verify_pin("48x1", PIN_HASH)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", ""])
def test_bad_pins_are_refused_when_set(pin):
    with pytest.raises(ConfigError, match="4 to 8 digits"):
        hash_pin(pin)


def test_pin_file_errors_name_the_file(tmp_path):
    good = tmp_path / "manager.pin"
    good.write_text(PIN_HASH + "\n")
    assert load_pin_hash(good) == PIN_HASH
    bad = tmp_path / "bad.pin"
    bad.write_text("4821\n")  # a PIN in clear text is not accepted
    with pytest.raises(ConfigError) as err:
        load_pin_hash(bad)
    assert err.value.location.file == str(bad) and "kiosk insight pin" in err.value.fix
    with pytest.raises(ConfigError):
        load_pin_hash(tmp_path / "missing.pin")


def test_gate_unlocks_with_the_pin_and_locks_when_idle():
    clock = Clock()
    gate = ManagerGate(PIN_HASH, clock=clock, idle_s=120)
    assert gate.state == "locked" and not gate.unlock("0000")
    assert gate.unlock("4821") and gate.state == "unlocked"
    clock.now += 100
    gate.touch()
    clock.now += 100
    assert gate.state == "unlocked"
    clock.now += 21
    assert gate.state == "locked"
    gate.touch()  # touching a locked screen does not unlock it
    assert gate.state == "locked"


def test_wrong_pins_lock_out_with_growing_waits():
    clock = Clock()
    gate = ManagerGate(PIN_HASH, clock=clock, max_attempts=3, lockout_s=30)
    for _ in range(3):
        assert not gate.unlock("1111")
    assert gate.state == "locked_out" and gate.retry_in_s() == 30
    assert not gate.unlock("4821")  # even the right PIN waits
    clock.now += 30
    for _ in range(3):
        gate.unlock("1111")
    assert gate.retry_in_s() == 60
    clock.now += 60
    assert gate.unlock("4821") and gate.state == "unlocked"


def test_without_a_pin_the_screen_is_unavailable():
    gate = ManagerGate(None)
    assert gate.state == "no_pin" and not gate.unlock("4821")


def observation(face=(270, 100, 100, 120), pose=True) -> Observation:
    keypoints = None
    if pose:
        keypoints = np.zeros((33, 3), dtype=np.float32)
        keypoints[:, 2] = 0.9
    box = FaceBox(*face, score=0.9) if face else None
    return Observation(seq=1, ts=0.0, frame_size=(640, 480), present=True, face_box=box,
                       pose_keypoints=keypoints)


def test_placement_good():
    check = check_placement(observation())
    assert check.ok and check.hints == ("Camera placement looks good.",)
    assert (check.face_x, check.face_y, check.face_height) == (0.5, 0.333, 0.25)


@pytest.mark.parametrize(("face", "words"), [
    ((10, 100, 100, 120), "left edge"), ((530, 100, 100, 120), "right edge"),
    ((270, 0, 100, 40), "very top"), ((270, 300, 100, 120), "low in the image"),
    ((300, 150, 20, 24), "face is small"), ((170, 40, 300, 300), "fills the image"),
])
def test_placement_hints(face, words):
    check = check_placement(observation(face))
    assert not check.ok and any(words in h for h in check.hints)


def test_placement_without_face_or_torso():
    assert "No face seen" in check_placement(observation(face=None)).hints[0]
    obs = observation()
    obs.pose_keypoints[23, 2] = 0.1  # left hip not visible
    assert any("hips" in h for h in check_placement(obs).hints)


def status() -> ManagerStatus:
    return ManagerStatus(online=True, camera="running", catalogue_version="v7",
                         calibration="not calibrated", open_requests=2, median_response_s=48.0,
                         events_today=31, unpublished_events=0)


def test_panel_unlocks_with_typed_pin_and_shows_status_and_placement():
    clock = Clock()
    looks = []
    panel = ManagerPanel(ManagerGate(PIN_HASH, clock=clock, idle_s=60), status,
                         placement=lambda: looks.append(1) or check_placement(observation()))
    for key in "48":
        panel.press(key)
    view = panel.view()
    assert view.state == "locked" and view.pin_dots == "●●" and "48" not in repr(view)
    assert looks == []  # no camera check while locked
    for key in ["2", "1", "ok"]:
        panel.press(key)
    view = panel.view()
    assert view.state == "unlocked" and ("Open size requests", "2") in view.rows
    assert view.placement.ok and looks == [1]
    clock.now += 61
    assert panel.view().state == "locked" and panel.view().placement is None


def test_panel_wrong_pin_backspace_and_lockout():
    clock = Clock()
    panel = ManagerPanel(ManagerGate(PIN_HASH, clock=clock, max_attempts=2), status)
    for key in ["1", "2", "3", "back", "ok"]:
        panel.press(key)
    assert panel.view().message == "Wrong PIN" and panel.view().pin_dots == ""
    for key in ["9", "9", "9", "9", "ok"]:
        panel.press(key)
    view = panel.view()
    assert view.state == "locked_out" and "try again in 30 s" in view.message


def test_panel_without_pin_explains_how_to_set_one():
    view = ManagerPanel(ManagerGate(None), status).view()
    assert view.state == "no_pin" and "kiosk insight pin" in view.message


def test_kiosk_insight_pin_writes_a_private_hash_file(tmp_path, monkeypatch, capsys):
    import io
    import stat

    from kiosk.__main__ import main

    monkeypatch.setattr("sys.stdin", io.StringIO("7319\n"))
    out = tmp_path / "secrets" / "manager.pin"
    assert main(["insight", "pin", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert verify_pin("7319", load_pin_hash(out)) and "7319" not in out.read_text()
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["insight", "pin", "--out", str(out)]) == 2
    assert "4 to 8 digits" in capsys.readouterr().err


def test_a_screen_kept_awake_by_touches_still_locks_after_the_session_limit():
    clock = Clock()
    gate = ManagerGate(PIN_HASH, clock=clock, idle_s=120, max_session_s=900)
    assert gate.unlock("4821")
    for _ in range(15):  # a status refresh touching the gate every minute
        clock.now += 60
        gate.touch()
    assert gate.state == "unlocked"
    clock.now += 61
    gate.touch()
    assert gate.state == "locked"
    assert gate.unlock("4821") and gate.state == "unlocked"  # a new PIN entry starts again
