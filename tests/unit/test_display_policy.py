"""DisplayPowerPolicy with the fake display and a fake clock."""

from __future__ import annotations

from hardware.display.fake import FakeDisplay
from kiosk.health.display_power import WAKE_RETRY_S, DisplayPowerPolicy
from tests.support.health import FakeClock


def policy(clock, display=None, sleep_after_s=300.0) -> DisplayPowerPolicy:
    return DisplayPowerPolicy(display or FakeDisplay(), sleep_after_s=sleep_after_s, clock=clock,
                              retry_s=60)


def test_sleeps_after_the_idle_period_with_nobody_present():
    clock, display = FakeClock(), FakeDisplay()
    power = policy(clock, display)
    clock.advance(299)
    power.tick()
    assert display.calls == [] and power.state == "awake"
    clock.advance(1)
    power.tick()
    assert display.calls == ["sleep"] and power.state == "asleep"
    power.tick()
    assert display.calls == ["sleep"]  # not re-sent every tick


def test_never_sleeps_while_someone_is_present_even_without_touching():
    clock, display = FakeClock(), FakeDisplay()
    power = policy(clock, display)
    power.presence(True)
    for _ in range(20):
        clock.advance(60)
        power.tick()
    assert display.calls == []
    power.presence(False)
    clock.advance(300)
    power.tick()
    assert display.calls == ["sleep"]


def test_presence_or_touch_wakes_it_once():
    clock, display = FakeClock(), FakeDisplay()
    power = policy(clock, display)
    clock.advance(300)
    power.tick()
    power.presence(True)
    power.presence(True)
    assert display.calls == ["sleep", "wake"] and power.state == "awake"
    power.presence(False)
    clock.advance(300)
    power.tick()
    power.touch()
    assert display.calls == ["sleep", "wake", "sleep", "wake"]


def test_without_presence_sensing_it_wakes_and_stays_lit():
    clock, display = FakeClock(), FakeDisplay()
    power = policy(clock, display)
    clock.advance(300)
    power.tick()
    power.set_sensing(False)                 # camera unavailable: nobody could wake it
    assert display.calls == ["sleep", "wake"]
    clock.advance(3600)
    power.tick()
    assert display.calls == ["sleep", "wake"]
    power.set_sensing(True)
    clock.advance(300)
    power.tick()
    assert display.calls[-1] == "sleep"


def test_adapter_failures_are_kept_for_health_and_retried_later():
    clock, display = FakeClock(), FakeDisplay(fail=True)
    power = policy(clock, display)
    clock.advance(300)
    power.tick()
    assert power.state == "awake" and "refused sleep" in power.last_error
    clock.advance(30)
    power.tick()
    assert display.calls == ["sleep"]        # waits retry_s before trying again
    clock.advance(30)
    power.tick()
    assert display.calls == ["sleep", "sleep"]


def test_a_failed_wake_is_retried_on_the_next_activity_but_not_every_frame():
    clock, display = FakeClock(), FakeDisplay()
    power = policy(clock, display)
    clock.advance(300)
    power.tick()
    display.fail = True
    power.presence(True)
    power.presence(True)                     # next frame, same instant: no hammering
    assert display.calls == ["sleep", "wake"] and power.state == "asleep"
    display.fail = False
    clock.advance(WAKE_RETRY_S)
    power.presence(True)
    assert display.calls == ["sleep", "wake", "wake"] and power.state == "awake"
