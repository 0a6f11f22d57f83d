"""The layer under the UI: black (two-way mirror) or the mirrored camera image (digital mirror).

In digital mode a calm outline of the shopper's body is drawn from pose keypoints: it
shows the mirror sees you, without any debug clutter.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from hardware.camera import Frame
from kiosk.ui import theme


class CameraView(QWidget):
    def __init__(self, digital: bool, flip: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.digital = digital
        self.flip = flip
        self._image: QImage | None = None
        self._frame_size = (640, 480)
        self._outline: list[np.ndarray] = []
        self.painted_seq = -1
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def show_frame(self, frame: Frame) -> None:
        if not self.digital:
            return
        height, width = frame.image.shape[:2]
        rgb = np.ascontiguousarray(frame.image[:, ::-1, ::-1] if self.flip else frame.image[:, :, ::-1])
        self._image = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        self._frame_size = (width, height)
        self.painted_seq = frame.seq
        self.update()

    def show_outline(self, polylines: list[np.ndarray]) -> None:
        """Body outline polylines in frame pixels, already mirrored (kiosk.vision.outline)."""
        self._outline = polylines
        self.update()

    def clear(self) -> None:
        self._image = None
        self._outline = []
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        if not self.digital or self._image is None:
            return
        target = self._cover_rect()
        painter.drawImage(target, self._image)
        self._paint_scrims(painter)
        if self._outline:
            self._paint_outline(painter, target)

    def _paint_scrims(self, painter: QPainter) -> None:
        """Darken the top and bottom bands where text lives; keep the middle (the shopper) clear."""
        painter.fillRect(self.rect(), QColor(0, 0, 0, 70))
        height = self.height()
        for start, end, top in ((0.0, 0.22, True), (0.5, 1.0, False)):
            gradient = QLinearGradient(0, height * start, 0, height * end)
            gradient.setColorAt(0.0, QColor(0, 0, 0, 235 if top else 0))
            if not top:
                gradient.setColorAt(0.3, QColor(0, 0, 0, 215))
            gradient.setColorAt(1.0, QColor(0, 0, 0, 0 if top else 245))
            painter.fillRect(QRectF(0, height * start, self.width(), height * (end - start)), gradient)

    def _cover_rect(self) -> QRectF:
        width, height = self._frame_size
        scale = max(self.width() / width, self.height() / height)
        w, h = width * scale, height * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _paint_outline(self, painter: QPainter, target: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.OUTLINE, max(2.0, self.height() / 360), Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        scale = target.width() / self._frame_size[0]
        for line in self._outline:
            path = QPainterPath(QPointF(target.left() + line[0][0] * scale, target.top() + line[0][1] * scale))
            for x, y in line[1:]:
                path.lineTo(QPointF(target.left() + x * scale, target.top() + y * scale))
            painter.drawPath(path)
