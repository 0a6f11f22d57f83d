"""Text over the camera image sits on a scrim dark enough for 4.5:1 even when the frame
behind it is pure white (the worst case: a bright shirt, a lit wall)."""

import re

import numpy as np
import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from kiosk.ui.camera_view import compose_frame
from tests.support.text_fit import build_test_mirror, window_rect
from tests.ui.test_layout import contrast

WIDTH, HEIGHT = 1080, 1920


def label_colour(label: QLabel) -> QColor:
    return QColor(re.search(r"color:\s*(#[0-9a-fA-F]{6})", label.styleSheet()).group(1))


@pytest.mark.parametrize("screen", ["hello", "attract", "colours", "goodbye"])
def test_text_over_a_white_frame_keeps_4_5_to_1(qtbot, screen):
    mirror = build_test_mirror(qtbot, WIDTH, HEIGHT)
    mirror.window.show_screen(screen)
    qtbot.wait(1)
    white = np.full((480, 640, 3), 255, np.uint8)
    composite = compose_frame(white, WIDTH, HEIGHT, True, mirror.window.text_bands())[:, :, :3]
    labels = [w for w in mirror.screen(screen).findChildren(QLabel) if w.isVisible() and w.text().strip()]
    assert labels
    for label in labels:
        rect = window_rect(label)
        brightest = int(composite[rect.top():rect.bottom() + 1, rect.left():rect.right() + 1].max())
        ratio = contrast(label_colour(label), QColor(brightest, brightest, brightest))
        assert ratio >= 4.5, f"{label.text()[:40]!r} on {brightest}: {ratio:.1f}:1"
