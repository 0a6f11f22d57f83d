"""The back office's Lock on the mirror's screen (kiosk/ui/remote_wiring.py), offscreen Qt with
a real capture loop on a real photo: the command's worker thread waits while the GUI thread
wipes the session, shows the closed screen and stops the camera; while closed, sightings
and touches start nothing; Unlock brings the attract screen and the camera back."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from hardware.camera import CaptureLoop, PlaylistSource
from kiosk.config import StoreConfig
from kiosk.session import Session, SessionTimings, State
from kiosk.ui.controller import MirrorController
from kiosk.ui.i18n import Languages
from kiosk.ui.mirror_window import MirrorWindow
from kiosk.ui.remote_wiring import RemoteScreen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.closed import ClosedScreen
from kiosk.ui.screens.goodbye import GoodbyeScreen
from kiosk.ui.screens.hello import HelloScreen
from tests.support.photos import photo_path
from tests.ui.test_presence_frame_time import Clock, Seen


def closed_mirror(qtbot):
    window = MirrorWindow(digital=True, flip=True, windowed=True)
    qtbot.addWidget(window)
    clock, session = Clock(), Session(SessionTimings(forget_after_s=30.0))
    wiped = []
    session.on_wipe(lambda: wiped.append(True))
    controller = MirrorController(window, session, Languages(["en"], "en", window), StoreConfig(),
                                  clock=clock, parent=window, frame_clock=clock)
    ctx = UiContext(StoreConfig(), controller.languages, lambda *a, **k: None)
    for screen in (AttractScreen, HelloScreen, GoodbyeScreen, ClosedScreen):
        window.add_screen(screen(ctx))
    window.show_screen("attract")
    capture = CaptureLoop(lambda: PlaylistSource([(photo_path("grace_hopper.jpg"), 5.0)], fps=10))
    capture.start()
    mirror = SimpleNamespace(session=session, capture=capture)
    return RemoteScreen(mirror, window, controller), window, controller, session, clock, capture, wiped


def from_worker(qtbot, call):
    """As the command server does: call on another thread, the GUI thread keeps running."""
    box = []
    worker = threading.Thread(target=lambda: box.append(call()))
    worker.start()
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    worker.join()
    return box[0]


def test_lock_wipes_closes_and_releases_the_camera_until_unlock(qtbot):
    remote, window, controller, session, clock, capture, wiped = closed_mirror(qtbot)
    try:
        qtbot.waitUntil(lambda: capture.status == "live", timeout=10_000)
        controller.on_observation(Seen(ts=clock.now))
        assert session.state is State.ENGAGED and window.current_screen == "hello"

        answer = from_worker(qtbot, remote.lock)
        assert answer == {"locked": True, "screen": "closed", "camera": "stopped"}
        assert wiped and session.state is State.ATTRACT and session.session_id is None
        assert remote.locked and capture.latest() is None
        assert window.screens["closed"].title.text() == "This mirror is closed for a moment"

        clock.now += 1
        controller.on_observation(Seen(ts=clock.now))   # someone in front of the mirror
        controller.touch()                               # and a tap
        assert session.state is State.ATTRACT and window.current_screen == "closed"

        answer = from_worker(qtbot, remote.unlock)
        assert answer["locked"] is False and answer["screen"] == "attract"
        qtbot.waitUntil(lambda: capture.status == "live", timeout=10_000)
        controller.on_observation(Seen(ts=clock.now))
        assert session.state is State.ENGAGED
    finally:
        capture.stop()


def test_a_second_lock_answers_the_same_and_unlock_when_open_is_harmless(qtbot):
    remote, window, _controller, _session, _clock, capture, _wiped = closed_mirror(qtbot)
    try:
        assert from_worker(qtbot, remote.unlock)["screen"] == "attract"
        assert from_worker(qtbot, remote.lock)["screen"] == "closed"
        assert from_worker(qtbot, remote.lock) == {"locked": True, "screen": "closed", "camera": "stopped"}
    finally:
        capture.stop()
