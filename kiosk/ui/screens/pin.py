"""PIN pad for staff and managers: the only way to the manager screen and out of the kiosk."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen, lower_panel
from kiosk.ui.widgets import pill

MAX_DIGITS = 12


class PinScreen(Screen):
    name = "pin"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        content = lower_panel(self, top_share=3, bottom_share=8)
        self.title = self.label(m.px(52), bold=True)
        self.dots = self.label(m.px(60), bold=True)
        self.message = self.label(m.body, dim=True)
        grid = QGridLayout()
        grid.setSpacing(m.px(18))
        for index, key in enumerate("123456789C0✓"):
            button = pill(m, key, primary=key == "✓", parent=self)
            button.setObjectName(f"pin-{ {'C': 'clear', '✓': 'ok'}.get(key, key) }")
            button.setMinimumSize(m.px(150), m.px(110))
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, index // 3, index % 3)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addStretch(1)
        for widget in (self.title, self.dots, self.message):
            content.addWidget(widget)
        content.addLayout(row)
        content.addStretch(1)
        self.digits = ""

    def on_enter(self, **params) -> None:
        self.digits = ""
        self.message.setText("")
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Pin", "Staff PIN"))
        self.dots.setText("●" * len(self.digits) or " ")

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _press(self, key: str) -> None:
        if key == "C":
            self.digits = ""
        elif key == "✓":
            digits, self.digits = self.digits, ""
            self.ctx.navigate("unlock", pin=digits)
        elif len(self.digits) < MAX_DIGITS:
            self.digits += key
        self.retranslate()
