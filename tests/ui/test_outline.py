"""The calm body outline: never drawn across text, and gone as soon as the shopper leaves."""

import numpy as np

from hardware.camera import Frame
from kiosk.config import StoreConfig
from kiosk.session import Session, SessionTimings, State
from kiosk.ui.camera_view import CameraView, compose_frame
from kiosk.ui.controller import MirrorController
from kiosk.ui.i18n import Languages
from kiosk.ui.mirror_window import MirrorWindow
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.goodbye import GoodbyeScreen
from kiosk.ui.screens.hello import HelloScreen

WIDTH, HEIGHT = 360, 640          # screen
SOURCE_W, SOURCE_H = 640, 480     # camera: cropped to cover, 1.333x upscale
BAND = (300, 360)                 # screen rows holding a heading


def test_outline_is_kept_out_of_text_bands(qtbot):
    view = CameraView(digital=True, flip=False)
    qtbot.addWidget(view)
    view.resize(WIDTH, HEIGHT)
    view.text_bands = lambda: [BAND]
    black = np.zeros((SOURCE_H, SOURCE_W, 3), np.uint8)
    # a shoulder line straight through the heading's rows, and a torso line down through them
    shoulders = np.array([[100, 240], [540, 240]], np.float32)
    torso = np.array([[320, 100], [320, 460]], np.float32)
    view.show_outline([shoulders, torso])
    view.show_frame(Frame(seq=1, ts=0.0, image=black))
    shown = view._pixels[:, :, :3]
    plain = compose_frame(black, WIDTH, HEIGHT, False)[:, :, :3]
    top, bottom = BAND
    assert np.array_equal(shown[top:bottom], plain[top:bottom]), "outline drawn across the text band"
    assert shown[:top].max() > plain[:top].max(), "the outline itself must still be drawn elsewhere"


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


class Seen:
    present = True
    person_in_frame = True
    face_box = None
    pose_keypoints = None


def test_outline_is_cleared_when_the_shopper_leaves(qtbot):
    config = StoreConfig()
    window = MirrorWindow(digital=True, flip=True, windowed=True)
    qtbot.addWidget(window)
    window.resize(540, 960)
    clock = Clock()
    session = Session(SessionTimings())
    session.camera_on = True
    controller = MirrorController(window, session, Languages(["en"], "en", window), config, clock=clock, parent=window)
    ctx = UiContext(config, controller.languages, lambda *a, **k: None)
    for screen in (AttractScreen, HelloScreen, GoodbyeScreen):
        window.add_screen(screen(ctx))
    window.show_screen("attract")
    controller.outline = lambda observation: [np.array([[0, 0], [10, 10]], np.float32)]
    for _ in range(30):  # presence has hysteresis: a few seconds of being seen engages
        clock.now += 0.2
        controller.on_observation(Seen())
        session.tick(clock.now)
    assert session.state is State.ENGAGED and window.camera_view.outline, "outline shown while engaged"
    controller.simulate_absence(1000)  # the shopper walks away; vision sends nothing new
    for _ in range(400):
        clock.now += 0.25
        session.tick(clock.now)
    assert session.state is State.ATTRACT
    assert window.camera_view.outline == []
