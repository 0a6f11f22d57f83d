"""PIN pad for staff and managers: the only way to the manager screen and out of the kiosk.

Beside it, a QR of the staff app's address (kiosk/storeweb, /staff) with the address under
it, so an associate standing at the mirror opens the app on their phone in one scan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.errors import HandoffError
from kiosk.handoff.qr import qr_matrix
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen, lower_panel
from kiosk.ui.screens.handoff import QrView
from kiosk.ui.widgets import pill

MAX_DIGITS = 12


def staff_app_url(ctx) -> str | None:
    """The running service's /staff (the demo's, reachable on the LAN), else the configured
    ``staff_app.base_url`` + /staff; None when the store has no staff app to point at."""
    running = ctx.services.staff_app
    if running is not None:
        return running.staff_url
    section = ctx.config.staff_app
    return f"{section.base_url}/staff" if section.enabled and section.base_url else None


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
        self.qr = QrView(self)
        self.qr.setObjectName("pin-staff-app-qr")
        self.qr.setMinimumSize(m.px(300), m.px(300))
        self.qr_caption = self.label(m.px(26), dim=True)
        self.qr_url = self.label(m.px(26), bold=True)
        self.qr_url.setObjectName("pin-staff-app-url")
        qr_column = QVBoxLayout()
        qr_column.addStretch(1)
        qr_column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_column.addWidget(self.qr_url)
        qr_column.addWidget(self.qr_caption)
        qr_column.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addSpacing(m.px(40))
        row.addLayout(qr_column)
        row.addStretch(1)
        for widget in (self.title, self.dots, self.message):
            content.addWidget(widget)
        content.addLayout(row)
        content.addStretch(1)
        self.digits = ""
        self.url: str | None = None

    def on_enter(self, **params) -> None:
        self.digits = ""
        self.message.setText("")
        self._show_url(staff_app_url(self.ctx))
        self.retranslate()

    def _show_url(self, url: str | None) -> None:
        try:
            matrix = qr_matrix(url) if url else None
        except HandoffError:  # an address too long for a scannable code: show the text only
            matrix = None
        self.url = url
        self.qr.set_matrix(matrix.rows if matrix else None)
        for widget in (self.qr, self.qr_caption):
            widget.setVisible(matrix is not None)
        self.qr_url.setVisible(bool(url))
        self.qr_url.setText(url or "")

    def retranslate(self) -> None:
        self.title.setText(tr("Pin", "Staff PIN"))
        self.dots.setText("●" * len(self.digits) or " ")
        self.qr_caption.setText(tr("Pin", "Staff app: scan with your phone"))

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
