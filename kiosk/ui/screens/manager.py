"""Manager screen (behind the PIN): mirror status, camera placement check, exit.

The placement check looks at the live camera only while this screen is open and keeps
nothing (docs/privacy.md): it reads the latest Observation and shows hints as text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout

from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen, centred_row, clear_layout, lower_panel
from kiosk.ui.widgets import pill

REFRESH_MS = 1000


class ManagerScreen(Screen):
    name = "manager"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        content = lower_panel(self, top_share=2, bottom_share=9)
        self.title = self.label(m.px(52), bold=True)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(m.px(30))
        self.placement = self.label(m.body, dim=True)
        self.lock_button = pill(m, primary=True, parent=self)
        self.exit_button = pill(m, parent=self)
        self.lock_button.setObjectName("manager-lock")
        self.exit_button.setObjectName("manager-exit")
        self.lock_button.clicked.connect(lambda: ctx.navigate("lock"))
        self.exit_button.clicked.connect(lambda: ctx.navigate("exit_kiosk"))
        content.addWidget(self.title)
        content.addLayout(self.rows)
        content.addWidget(self.placement)
        content.addLayout(centred_row(self.lock_button, self.exit_button))
        content.addStretch(1)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.retranslate)
        self.status_source = None     # () -> list[(label, value)]
        self.placement_source = None  # () -> list[str] hints, or None without a camera

    def on_enter(self, **params) -> None:
        self._refresh.start()
        QTimer.singleShot(0, self.retranslate)  # once shown

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.ctx.navigate("manager_touch")  # a manager at work keeps the screen open

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._refresh.stop()
        super().hideEvent(event)

    def retranslate(self) -> None:
        m = self.ctx.metrics
        self.title.setText(tr("Manager", "Mirror status"))
        self.lock_button.setText(tr("Manager", "Lock"))
        self.exit_button.setText(tr("Manager", "Exit kiosk"))
        if not self.isVisible():
            return  # status is read only while a manager looks at it
        clear_layout(self.rows)
        rows = self.status_source() if self.status_source else []
        for index, (name, value) in enumerate(rows):
            left = self.label(m.body, dim=True, align=Qt.AlignmentFlag.AlignRight)
            right = self.label(m.body, bold=True, align=Qt.AlignmentFlag.AlignLeft)
            left.setText(name)
            right.setText(value)
            self.rows.addWidget(left, index, 0)
            self.rows.addWidget(right, index, 1)
        hints = self.placement_source() if self.placement_source else None
        self.placement.setText(tr("Manager", "Camera placement: %1").replace(
            "%1", "; ".join(hints) if hints else tr("Manager", "no one in view")) if hints is not None
            else tr("Manager", "Camera placement: camera off"))
