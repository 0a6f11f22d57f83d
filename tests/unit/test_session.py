import pytest

from kiosk.session import Session, SessionTimings, State


def make():
    session = Session(SessionTimings(leave_grace_s=3, forget_after_s=30, idle_s=90))
    wiped, changes = [], []
    session.on_wipe(lambda: wiped.append(True))
    session.on_change(lambda old, new: changes.append(new))
    return session, wiped, changes


def test_presence_engages_absence_leaves_then_wipes_within_forget_time():
    session, wiped, changes = make()
    session.presence(True, now=0)
    assert session.state is State.ENGAGED and session.session_id
    session.presence(False, now=1)
    session.tick(2.9)
    assert session.state is State.ENGAGED
    session.tick(3.0)
    assert session.state is State.LEAVING and not wiped
    session.tick(29.9)
    assert not wiped
    session.tick(30.0)
    assert wiped and session.state is State.ATTRACT and session.session_id is None
    assert changes == [State.ENGAGED, State.LEAVING, State.ATTRACT]


def test_returning_shopper_keeps_the_session_while_leaving():
    session, wiped, _ = make()
    session.presence(True, 0)
    first = session.session_id
    session.tick(5)
    assert session.state is State.LEAVING
    session.presence(True, 6)
    assert session.state is State.ENGAGED and session.session_id == first and not wiped


def test_camera_off_mode_engages_on_touch_and_leaves_after_idle():
    session, wiped, _ = make()
    session.camera_on = False
    session.touch(0)
    session.tick(60)
    assert session.state is State.ENGAGED
    session.tick(90)
    assert session.state is State.LEAVING
    session.tick(117)
    assert session.state is State.ATTRACT and wiped


def test_forget_time_over_thirty_seconds_is_refused():
    with pytest.raises(ValueError):
        SessionTimings(forget_after_s=31)


def test_a_camera_dropping_out_after_the_shopper_left_keeps_the_30_s_deadline():
    session, wiped, _ = make()
    session.presence(True, 0)
    session.presence(False, 1)
    session.camera_on = False  # the camera is unplugged once she has gone
    session.tick(30)
    assert wiped and session.state is State.ATTRACT
