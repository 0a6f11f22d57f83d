"""Goodbye: shown while the shopper walks away, before everything about them is wiped."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen


class GoodbyeScreen(Screen):
    name = "goodbye"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.title = self.label(m.title, bold=True)
        self.body = self.label(m.body, dim=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.px(80), m.px(160), m.px(80), m.px(160))
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addSpacing(m.px(24))
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Goodbye", "Thank you, see you soon"))
        seconds = int(self.ctx.config.privacy.forget_after_s)
        self.body.setText(tr("Goodbye", "This mirror forgets your session within %n seconds.", None, seconds))

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.ctx.navigate("touch")
