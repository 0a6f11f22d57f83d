"""The mirror window: camera layer, the screen stack above it, the camera indicator on top.

Kiosk behaviour (frameless, on top, no cursor, close requests and escape shortcuts
swallowed) is on unless ``windowed`` is set for development.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QStackedWidget, QWidget

from kiosk.ui import theme
from kiosk.ui.camera_view import CameraView
from kiosk.ui.indicator import CameraIndicator
from kiosk.ui.navbar import NavBar
from kiosk.ui.screens.base import Screen

log = logging.getLogger(__name__)

CORNER_HOLD_MS = 3000
BARE_SCREENS = {"attract", "goodbye", "pin", "manager", "closed"}  # no bottom bar: nobody to serve, or leaving
OWN_LANGUAGE_BUTTONS = {"hello"}  # one language choice on screen, not two
ESCAPE_SEQUENCES = [QKeySequence("Alt+F4"), QKeySequence("Ctrl+W"), QKeySequence("Ctrl+Q"),
                    QKeySequence("Esc"), QKeySequence("Alt+Tab"), QKeySequence("Ctrl+Alt+Backspace")]


class MirrorWindow(QWidget):
    corner_held = Signal()  # the hidden staff gesture: hold the top-right corner

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
        self.camera_view.text_bands = self.text_bands
        self.stack = QStackedWidget(self)
        self.stack.setStyleSheet("background: transparent;")
        self.indicator = CameraIndicator(self)
        self.navbar: NavBar | None = None
        self.toast_label = QLabel(self)
        self.toast_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toast_label.setWordWrap(True)
        self.toast_label.hide()
        self._toast_timer = QTimer(self)
        self._toast_timer.setSingleShot(True)
        self._toast_timer.timeout.connect(self.toast_label.hide)
        self.screens: dict[str, Screen] = {}
        self._corner_timer = QTimer(self)
        self._corner_timer.setSingleShot(True)
        self._corner_timer.setInterval(CORNER_HOLD_MS)
        self._corner_timer.timeout.connect(self.corner_held)

    def set_navbar(self, navbar: NavBar) -> None:
        self.navbar = navbar
        navbar.setParent(self)
        navbar.hide()

    def toast(self, text: str, seconds: float = 3.0) -> None:
        """A short message above the bottom bar (item added, staff on the way, an error)."""
        metrics = theme.metrics_for(self.width(), self.height())
        self.toast_label.setFont(theme.font(metrics.body, theme.QFont.Weight.DemiBold))
        self.toast_label.setStyleSheet(f"color: #000; background: {theme.ACCENT.name()};"
                                       f" border-radius: {metrics.px(36)}px; padding: {metrics.px(12)}px {metrics.px(36)}px;")
        self.toast_label.setText(text)
        self._place_toast(metrics)
        self.toast_label.show()
        self.toast_label.raise_()
        self._toast_timer.start(int(seconds * 1000))

    def add_screen(self, screen: Screen) -> None:
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)

    def _place_toast(self, metrics: theme.Metrics) -> None:
        """A compact pill under the camera notice: it never covers the controls, and only a
        strip of the reflection, for a few seconds."""
        self.toast_label.adjustSize()
        width = min(self.width() - metrics.px(160), self.toast_label.sizeHint().width())
        height = self.toast_label.heightForWidth(width)
        self.toast_label.setGeometry((self.width() - width) // 2, metrics.px(96), width, max(height, metrics.px(72)))

    def show_screen(self, name: str, **params) -> Screen:
        screen = self.screens[name]
        screen.on_enter(**params)
        self.stack.setCurrentWidget(screen)
        if self.navbar is not None:
            self.navbar.setVisible(name not in BARE_SCREENS)
            self.navbar.offer_language(name not in OWN_LANGUAGE_BUTTONS)
            self.navbar.raise_()
        return screen

    def text_bands(self) -> list[tuple[int, int]]:
        """(top, bottom) window rows of every visible text and button: the body outline
        stays out of them."""
        margin = theme.metrics_for(self.width(), self.height()).px(12)
        roots = [w for w in (self.stack.currentWidget(), self.navbar, self.indicator, self.toast_label)
                 if w is not None and w.isVisible()]
        bands = []
        for root in roots:
            for widget in [root, *root.findChildren(QWidget)]:
                if (widget is self.indicator or _has_text(widget)) and widget.isVisible():
                    top = widget.mapTo(self, QPoint(0, 0)).y()
                    bands.append((top - margin, top + widget.height() + margin))
        return bands

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
        bar = metrics.px(150)
        if self.navbar is not None:
            self.navbar.setGeometry(0, rect.height() - bar, rect.width(), bar)
        self._place_toast(metrics)
        super().resizeEvent(event)

    # -- the staff gesture ------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        """Installed on the application: a press anywhere in the top-right corner, held for
        3 s, opens the PIN pad; whatever widget is under the finger still gets the press."""
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget) and watched.window() is self:
            corner = theme.metrics_for(self.width(), self.height()).px(160)
            point = self.mapFromGlobal(event.globalPosition().toPoint())
            if point.x() > self.width() - corner and point.y() < corner:
                self._corner_timer.start()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._corner_timer.stop()
        return False

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


def _has_text(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return bool(widget.text().strip())
    return isinstance(widget, QAbstractButton)
