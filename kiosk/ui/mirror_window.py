"""The mirror window: camera layer, the screen stack above it, the camera indicator on top.

Kiosk behaviour (frameless, on top, no cursor, close requests and escape shortcuts
swallowed) is on unless ``windowed`` is set for development.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.ui import theme
from kiosk.ui.camera_view import CameraView
from kiosk.ui.indicator import CameraIndicator
from kiosk.ui.screens.base import Screen

log = logging.getLogger(__name__)

ESCAPE_SEQUENCES = [QKeySequence("Alt+F4"), QKeySequence("Ctrl+W"), QKeySequence("Ctrl+Q"),
                    QKeySequence("Esc"), QKeySequence("Alt+Tab"), QKeySequence("Ctrl+Alt+Backspace")]


class MirrorWindow(QWidget):
    def __init__(self, *, digital: bool, flip: bool, windowed: bool):
        self.locked = not windowed
        self.allow_close = windowed
        super().__init__()
        self.setWindowTitle("Smart mirror")
        self.setStyleSheet(f"background: {theme.BACKGROUND.name()};")
        if self.locked:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
            self.setCursor(Qt.CursorShape.BlankCursor)
        self.camera_view = CameraView(digital, flip, self)
        self.stack = QStackedWidget(self)
        self.stack.setStyleSheet("background: transparent;")
        self.indicator = CameraIndicator(self)
        self.screens: dict[str, Screen] = {}

    def add_screen(self, screen: Screen) -> None:
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)

    def show_screen(self, name: str, **params) -> Screen:
        screen = self.screens[name]
        screen.on_enter(**params)
        self.stack.setCurrentWidget(screen)
        return screen

    @property
    def current_screen(self) -> str:
        widget = self.stack.currentWidget()
        return widget.name if isinstance(widget, Screen) else ""

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        rect = self.rect()
        self.camera_view.setGeometry(rect)
        self.stack.setGeometry(rect)
        metrics = theme.metrics_for(rect.width(), rect.height())
        height = metrics.px(56)
        self.indicator.setGeometry(metrics.px(40), metrics.px(28), rect.width() - metrics.px(80), height)
        self.indicator.raise_()
        super().resizeEvent(event)

    # -- lockdown -----------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.allow_close:
            event.accept()
        else:
            log.info("close request ignored (kiosk lockdown)")
            event.ignore()

    def event(self, event: QEvent) -> bool:
        if self.locked and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if isinstance(event, QKeyEvent) and self._is_escape(event):
                event.accept()
                return True
        return super().event(event)

    @staticmethod
    def _is_escape(event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(pressed.matches(seq) == QKeySequence.SequenceMatch.ExactMatch for seq in ESCAPE_SEQUENCES)
