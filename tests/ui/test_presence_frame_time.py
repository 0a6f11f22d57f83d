"""Issue 14, defect 6: presence is decided in frame time, so a loaded PC cannot keep a shopper.

Live, with a GUI thread slower than vision, every result waited in a queue that only grew; the
session took each at its arrival and held the demo's first visitor 20-45 s into the empty
scene (measured: a result 45 s old, goodbye 21 s late, the next visitor before any wipe)."""

import threading

from kiosk.session import Session, SessionTimings, State
from kiosk.ui.bridges import ObservationBridge
from kiosk.ui.controller import MirrorController
from kiosk.ui.i18n import Languages
from kiosk.ui.mirror_window import MirrorWindow
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.goodbye import GoodbyeScreen
from kiosk.ui.screens.hello import HelloScreen


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


class Seen:
    def __init__(self, ts: float, present: bool = True):
        self.ts, self.present, self.person_in_frame = ts, present, present
        self.face_box = self.pose_keypoints = None


def mirror(qtbot):
    from kiosk.config import StoreConfig

    window = MirrorWindow(digital=True, flip=True, windowed=True)
    qtbot.addWidget(window)
    clock = Clock()
    session = Session(SessionTimings(forget_after_s=30.0))
    controller = MirrorController(window, session, Languages(["en"], "en", window), StoreConfig(),
                                  clock=clock, parent=window, frame_clock=clock)
    ctx = UiContext(StoreConfig(), controller.languages, lambda *a, **k: None)
    for screen in (AttractScreen, HelloScreen, GoodbyeScreen):
        window.add_screen(screen(ctx))
    window.show_screen("attract")
    return controller, session, clock


def test_a_result_that_arrives_late_counts_when_its_frame_was_taken(qtbot):
    controller, session, clock = mirror(qtbot)
    controller.on_observation(Seen(ts=clock.now))
    assert session.state is State.ENGAGED
    clock.now += 20.0  # the shopper's last frame, 20 s old by the time the GUI thread gets it
    controller.on_observation(Seen(ts=clock.now - 20.0))
    assert session.idle_for(clock.now) == 20.0
    session.tick(clock.now)
    assert session.state is State.LEAVING, "absent 20 s in frame time: goodbye"


def test_a_frame_from_before_the_wipe_does_not_bring_the_shopper_back(qtbot):
    controller, session, clock = mirror(qtbot)
    controller.on_observation(Seen(ts=clock.now))
    taken = clock.now + 1.0
    clock.now += 31.0
    session.tick(clock.now)
    assert session.state is State.ATTRACT and session.session_id is None  # wiped
    clock.now += 0.5
    controller.on_observation(Seen(ts=taken))  # in the queue when the wipe came
    assert session.state is State.ATTRACT and session.session_id is None
    controller.on_observation(Seen(ts=clock.now))  # someone really there, after the wipe
    assert session.state is State.ENGAGED


def test_the_gui_thread_gets_the_newest_result_not_a_queue(qtbot):
    bridge = ObservationBridge()
    got = []
    bridge.observation.connect(got.append)
    vision = threading.Thread(target=lambda: [bridge.on_observation(n) for n in range(100)])
    vision.start()
    vision.join()  # vision ran 100 frames while the GUI thread was busy
    qtbot.waitUntil(lambda: bool(got), timeout=2000)
    qtbot.wait(50)
    assert got == [99] and bridge.dropped == 99
    bridge.on_observation(100)
    qtbot.waitUntil(lambda: got == [99, 100], timeout=2000)
