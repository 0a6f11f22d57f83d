"""Mirror ergonomics that can be measured on the widgets themselves: text size, touch
targets, contrast, and the lower-reach layout."""

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.config import StoreConfig
from kiosk.services import Services
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.request import RequestScreen


def make_screen(qtbot, lower_reach: bool) -> RequestScreen:
    config = StoreConfig(mirror={"lower_reach": lower_reach})
    ctx = UiContext(config, Languages(["en"], "en"), lambda *a, **k: None, Services(), theme.metrics_for(1080, 1920))
    screen = RequestScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1080, 1920)
    screen.show()
    screen.show_request(None)
    qtbot.waitExposed(screen)
    return screen


def test_text_and_touch_targets_are_big_enough_at_1080p(qtbot):
    screen = make_screen(qtbot, lower_reach=False)
    for label in screen.findChildren(QLabel):
        assert label.font().pixelSize() >= 28, label.text()
    for button in screen.findChildren(QAbstractButton):
        if button.isVisible():
            assert button.height() >= 80 and button.width() >= 80, button.text()


def test_lower_reach_layout_moves_content_down(qtbot):
    normal = make_screen(qtbot, lower_reach=False).title.mapToGlobal(QPoint(0, 0)).y()
    lowered = make_screen(qtbot, lower_reach=True).title.mapToGlobal(QPoint(0, 0)).y()
    assert lowered > normal + 150


def contrast(a, b) -> float:
    def luminance(colour):
        channels = [c / 255 for c in (colour.red(), colour.green(), colour.blue())]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_theme_colours_keep_at_least_7_to_1_on_black():
    for colour in (theme.TEXT, theme.TEXT_DIM, theme.ACCENT):
        assert contrast(colour, theme.BACKGROUND) >= 7.0
