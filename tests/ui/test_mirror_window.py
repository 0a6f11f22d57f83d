from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent

from kiosk.config import StoreConfig
from kiosk.session import Session, SessionTimings
from kiosk.ui.controller import MirrorController
from kiosk.ui.i18n import Languages
from kiosk.ui.mirror_window import MirrorWindow
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.goodbye import GoodbyeScreen
from kiosk.ui.screens.hello import HelloScreen


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def make_mirror(qtbot, windowed=False):
    config = StoreConfig()
    window = MirrorWindow(digital=False, flip=True, windowed=windowed)
    qtbot.addWidget(window)
    window.resize(540, 960)
    languages = Languages(["en", "fr", "zh_CN"], "en", window)
    clock = Clock()
    session = Session(SessionTimings())
    controller = MirrorController(window, session, languages, config, clock=clock, parent=window)
    ctx = UiContext(config, languages, lambda target, **params: controller.touch())
    for screen in (AttractScreen, HelloScreen, GoodbyeScreen):
        window.add_screen(screen(ctx))
    window.show_screen("attract")
    window.show()
    return window, controller, clock


def test_kiosk_window_swallows_close_and_escape_shortcuts(qtbot):
    window, _, _ = make_mirror(qtbot)
    close = QCloseEvent()
    window.closeEvent(close)
    assert not close.isAccepted()
    for key, mods in [(Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                      (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                      (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)]:
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods)
        assert window.event(event) is True
    assert window.isVisible()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_windowed_mode_can_close(qtbot):
    window, _, _ = make_mirror(qtbot, windowed=True)
    close = QCloseEvent()
    window.closeEvent(close)
    assert close.isAccepted()


def test_camera_indicator_is_shown_exactly_while_capturing(qtbot):
    window, controller, _ = make_mirror(qtbot)
    assert not window.indicator.isVisible()
    controller.on_camera_status("live", "")
    assert window.indicator.isVisible()
    controller.on_camera_status("unavailable", "unplugged")
    assert not window.indicator.isVisible()
    assert "Camera unavailable" in window.screens["attract"].status.text()
    controller.on_camera_status("stopped", "")
    assert not window.indicator.isVisible()


def test_touch_engages_and_absence_returns_to_attract(qtbot):
    window, controller, clock = make_mirror(qtbot)
    qtbot.mouseClick(window.screens["attract"], Qt.MouseButton.LeftButton)
    assert window.current_screen == "hello"
    clock.now = 500.0
    controller.session.tick(clock.now)
    assert window.current_screen == "attract"


def test_refusals_from_qt_free_code_reach_the_shopper_in_their_language(qapp):
    from kiosk.basket import MAX_QUANTITY, TooManyOfOne
    from kiosk.ui.shopper_messages import shopper_message

    languages = Languages(["en", "fr", "zh_CN"], "en")
    languages.set_language("fr")
    try:
        text = shopper_message(TooManyOfOne(f"at most {MAX_QUANTITY} of one item"))
        assert text.startswith(f"{MAX_QUANTITY} exemplaires au plus")
    finally:
        languages.set_language("en")
