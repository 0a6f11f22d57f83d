"""The camera-live indicator: a red dot and the store's notice, shown exactly while capturing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from kiosk.ui import theme


class CameraIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.notice = ""
        self.live = False
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def set_live(self, live: bool) -> None:
        self.live = live
        self.setVisible(live)

    def set_notice(self, text: str) -> None:
        self.notice = text
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = theme.metrics_for(self.window().width(), self.window().height())
        dot = metrics.px(18)
        painter.setBrush(theme.CAMERA_DOT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(0, (self.height() - dot) // 2, dot, dot)
        painter.setPen(theme.TEXT_DIM)
        painter.setFont(theme.font(metrics.small))
        painter.drawText(self.rect().adjusted(dot + metrics.px(14), 0, 0, 0),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.notice)
