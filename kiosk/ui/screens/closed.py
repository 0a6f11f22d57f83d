"""Closed: the back office locked this mirror (remote command ``lock``).  Calm, no buttons;
touches do nothing until ``unlock`` (kiosk/ui/remote_wiring.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen


class ClosedScreen(Screen):
    name = "closed"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.store = self.label(m.body, dim=True)
        self.title = self.label(m.title, bold=True)
        self.body = self.label(m.body + m.px(6), dim=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.px(80), m.px(90), m.px(80), m.px(160))
        layout.addWidget(self.store)
        layout.addStretch(5)
        layout.addWidget(self.title)
        layout.addSpacing(m.px(24))
        layout.addWidget(self.body)
        layout.addStretch(4)
        self.retranslate()

    def retranslate(self) -> None:
        self.store.setText(self.ctx.config.store.name)
        self.title.setText(tr("Closed", "This mirror is closed for a moment"))
        self.body.setText(tr("Closed", "Please ask a member of staff - they will be glad to help"))
