"""Presence hysteresis: no flicker, ever."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.vision.presence import PresenceHysteresis

FPS = 30.0


def run(seen: list[bool], enter_s=0.3, leave_s=1.5) -> list[bool]:
    presence = PresenceHysteresis(enter_s, leave_s)
    return [presence.update(s, i / FPS) for i, s in enumerate(seen)]


def test_enters_after_enter_s_and_leaves_after_leave_s():
    out = run([True] * 30 + [False] * 60)
    assert out.index(True) == 9  # 0.3 s at 30 fps
    first_absent = out.index(False, 9)
    assert first_absent == 29 + 45  # 1.5 s after the last sighting (frame 29)


def test_a_blink_of_a_passer_by_does_not_wake_the_mirror():
    assert not any(run([True] * 5 + [False] * 40))


def test_missed_detections_while_present_do_not_end_the_session():
    pattern = [True] * 20 + ([False] * 20 + [True] * 2) * 10
    out = run(pattern)
    assert all(out[9:])


def test_reset_forgets():
    presence = PresenceHysteresis(0.0, 1.0)
    assert presence.update(True, 0.0)
    presence.reset()
    assert not presence.present


@given(st.lists(st.booleans(), min_size=1, max_size=400))
def test_presence_changes_only_after_the_hysteresis_times(seen):
    enter_s, leave_s = 0.3, 1.5
    out = run(seen, enter_s, leave_s)
    times = [i / FPS for i in range(len(seen))]
    for i in range(1, len(out)):
        sightings = [times[j] for j in range(i + 1) if seen[j]]
        if out[i] and not out[i - 1]:  # arrived: seen for enter_s, no gap longer than enter_s
            assert seen[i]
            start = sightings[-1]
            for earlier in reversed(sightings[:-1]):
                if start - earlier > enter_s:
                    break
                start = earlier
            assert times[i] - start >= enter_s
        if out[i - 1] and not out[i]:  # left: nothing seen for leave_s
            assert not seen[i] and times[i] - sightings[-1] >= leave_s
        if out[i] and not seen[i]:  # stays while the last sighting is recent
            assert times[i] - sightings[-1] < leave_s
