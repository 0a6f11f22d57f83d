"""Attract: what the mirror shows when nobody is there. Calm: one slow breathing ring."""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QVBoxLayout

from kiosk.ui import theme
from kiosk.ui.i18n import LANGUAGE_NAMES, tr
from kiosk.ui.screens.base import Screen

BREATH_SECONDS = 6.0


class AttractScreen(Screen):
    name = "attract"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.store = self.label(m.body, dim=True)
        self.title = self.label(m.title, bold=True)
        self.subtitle = self.label(m.body + m.px(6), dim=True)
        self.languages = self.label(m.body, dim=True)
        self.status = self.label(m.small, dim=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.px(80), m.px(90), m.px(80), m.px(120))
        layout.addWidget(self.store)
        layout.addStretch(6)
        layout.addWidget(self.title)
        layout.addSpacing(m.px(24))
        layout.addWidget(self.subtitle)
        layout.addStretch(1)
        layout.addWidget(self.languages)
        layout.addWidget(self.status)
        self.out_of_service = False
        self._status_parts: dict[str, str] = {}
        self._clock = QElapsedTimer()
        self._clock.start()
        self._animation = QTimer(self)
        self._animation.setInterval(50)  # 20 fps is plenty for a 6 s breath
        self._animation.timeout.connect(self.update)
        self.retranslate()

    def set_out_of_service(self, on: bool) -> None:
        """Safe mode after repeated crashes: say so plainly; staff requests and the QR still work."""
        self.out_of_service = on
        self.retranslate()

    def retranslate(self) -> None:
        self.store.setText(self.ctx.config.store.name)
        if self.out_of_service:
            self.title.setText(tr("Attract", "This mirror is resting"))
            self.subtitle.setText(tr("Attract", "Please ask a member of staff - they will be glad to help"))
        else:
            self.title.setText(tr("Attract", "Hold the tag up to the mirror"))
            self.subtitle.setText(tr("Attract", "Colours, sizes in stock and a helping hand - or touch to start"))
        self.languages.setText(self._invitation_in_other_languages())

    def _invitation_in_other_languages(self) -> str:
        """The invitation in every other store language, one line each, so a shopper who
        reads only Chinese is invited in Chinese before the first touch (issue 14, 4)."""
        languages = self.ctx.languages
        others = [c for c in self.ctx.config.store.languages if c != languages.current]
        if self.out_of_service:
            return "   ·   ".join(LANGUAGE_NAMES[c] for c in self.ctx.config.store.languages)
        return "\n".join(languages.translate_in(c, "Journey", "Touch the mirror to start")
                         for c in others)

    def set_status(self, text: str, part: str = "camera") -> None:
        """Status lines for staff, kept by part (camera, vision, startup) so one never hides
        another."""
        self._status_parts[part] = text
        self.status.setText("\n".join(t for t in self._status_parts.values() if t))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._animation.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._animation.stop()
        super().hideEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.ctx.navigate("touch")

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        phase = (self._clock.elapsed() / 1000.0) % BREATH_SECONDS / BREATH_SECONDS
        breath = 0.5 - 0.5 * math.cos(2 * math.pi * phase)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(theme.ACCENT)
        colour.setAlphaF(0.25 + 0.45 * breath)
        radius = min(self.width(), self.height()) * (0.26 + 0.015 * breath)
        painter.setPen(QPen(colour, self.ctx.metrics.px(3)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(self.width() / 2, self.height() * 0.36), radius, radius)
