"""The demo camera's playlist against the session rules, on a fake clock: the README promises
that the demo cycles through attract -> engaged -> goodbye -> forgotten on its own."""

from pathlib import Path

from kiosk.app import DemoScene, build_session, demo_playlist
from kiosk.config import load_config
from kiosk.session import State

ROOT = Path(__file__).resolve().parents[2]
STEP_S = 0.25  # the mirror's session ticker (kiosk/ui/controller.py)


def debounced_presence(playlist: list[DemoScene], present_after_s: float, lag_s: float):
    """What vision reports at ``t``, at its slowest: a visitor counts after ``present_after_s``
    and is still 'present' for the whole presence lag after the photo changed."""
    spans, start = [], 0.0
    for scene in playlist:
        if scene.shows_a_person:
            spans.append((start + present_after_s, start + scene.seconds + lag_s))
        start += scene.seconds

    def present(t: float) -> bool:
        return any(begin <= t < end for begin, end in spans)

    return present


def states_per_scene(config, playlist: list[DemoScene]) -> list[list[State]]:
    """Run one pass of the playlist through the real session; the states each scene saw."""
    session = build_session(config)
    present = debounced_presence(playlist, config.vision.present_after_s, config.presence_lag_s)
    seen, t = [], 0.0
    for scene in playlist:
        states = [session.state]
        end = t + scene.seconds
        while t < end:
            session.presence(present(t), t)
            session.tick(t)
            if session.state is not states[-1]:
                states.append(session.state)
            t += STEP_S
        seen.append(states)
    return seen


def test_every_demo_visitor_is_greeted_said_goodbye_to_and_forgotten():
    config = load_config(ROOT / "config" / "demo.yaml")
    playlist = demo_playlist(config)
    assert [scene.shows_a_person for scene in playlist] == [True, False] * 3
    for scene, states in zip(playlist, states_per_scene(config, playlist), strict=True):
        if scene.shows_a_person:
            assert states[-1] is State.ENGAGED, f"{scene.photo}: {states}"
        else:
            assert states == [State.ENGAGED, State.LEAVING, State.ATTRACT], \
                f"{scene.photo} ({scene.seconds:g} s) must reach goodbye, then forgotten: {states}"


def test_the_eight_second_empty_scenes_of_issue_14_never_reach_goodbye():
    """The check above would have caught the old playlist (8 s empty scenes)."""
    config = load_config(ROOT / "config" / "demo.yaml")
    old = [DemoScene("astronaut.png", 20.0, True), DemoScene("chelsea.png", 8.0, False)]
    assert State.LEAVING not in states_per_scene(config, old)[1]
