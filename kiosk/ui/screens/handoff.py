"""Send to my phone: a crisp QR (integer modules, quiet zone), the domain under it, a countdown."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.ui.format import names_a_domain
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen, centred_row, lower_panel
from kiosk.ui.widgets import pill

QUIET_ZONE = 0  # kiosk.handoff.qr matrices already include the 4-module quiet zone


class QrView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix = None

    def set_matrix(self, matrix) -> None:
        """``matrix``: rows of booleans (True = dark), or None to clear."""
        self.matrix = [list(row) for row in matrix] if matrix is not None else None
        self.update()

    def module_pixels(self) -> int:
        if not self.matrix:
            return 0
        modules = len(self.matrix) + 2 * QUIET_ZONE
        return max(1, min(self.width(), self.height()) // modules)  # whole pixels: crisp edges

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if not self.matrix:
            return
        painter = QPainter(self)
        scale = self.module_pixels()
        side = (len(self.matrix) + 2 * QUIET_ZONE) * scale
        left, top = (self.width() - side) // 2, (self.height() - side) // 2
        painter.fillRect(QRect(left, top, side, side), QColor(255, 255, 255))
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(QRect(left + (x + QUIET_ZONE) * scale, top + (y + QUIET_ZONE) * scale,
                                           scale, scale), QColor(0, 0, 0))


class HandoffScreen(Screen):
    """The address under the QR guards against a swapped sticker only when it is a name the
    shopper can check (the shop's domain); a LAN 'host:port' is noise, so the shop's name
    and what the code does are shown instead."""

    name = "handoff"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        content = lower_panel(self, top_share=2, bottom_share=9)
        self.title = self.label(m.px(56), bold=True)
        self.qr = QrView(self)
        self.qr.setMinimumSize(m.px(520), m.px(520))
        self.domain = self.label(m.body, bold=True)
        self.body = self.label(m.body, dim=True)
        self.retry_button = pill(m, primary=True, parent=self)
        self.retry_button.setObjectName("handoff-retry")
        self.retry_button.clicked.connect(lambda: ctx.navigate("handoff"))
        content.addWidget(self.title)
        content.addWidget(self.qr, 1, Qt.AlignmentFlag.AlignHCenter)
        content.addWidget(self.domain)
        content.addWidget(self.body)
        content.addLayout(centred_row(self.retry_button))
        self.view = None

    def show_view(self, view) -> None:
        """``view``: kiosk.handoff.flow.View."""
        self.view = view
        self.retranslate()

    def retranslate(self) -> None:
        view = self.view
        phase = str(view.phase) if view is not None else "idle"
        showing = phase == "showing" and view.handoff is not None
        self.qr.set_matrix(view.handoff.qr_matrix.rows if showing else None)
        self.qr.setVisible(showing)
        self.retry_button.setVisible(phase == "failed")
        self.retry_button.setText(tr("Handoff", "Try again"))
        self.domain.setText(self._shown_address(view) if showing else "")
        if showing:
            self.title.setText(tr("Handoff", "Scan with your phone camera"))
            self.body.setText(self._caption(view))
        elif phase == "sending":
            self.title.setText(tr("Handoff", "Preparing your basket…"))
            self.body.setText("")
        elif phase == "opened":
            self.title.setText(tr("Handoff", "Opened on your phone - thank you!"))
            self.body.setText(tr("Handoff", "Finish on your phone whenever you like."))
        elif phase == "failed":
            self.title.setText(tr("Handoff", "Your phone link could not be made just now"))
            self.body.setText(tr("Handoff", "Nothing was lost: your basket is still here."))
        elif phase == "expired":
            self.title.setText(tr("Handoff", "The code has expired"))
            self.body.setText(tr("Handoff", "Tap 'Send to my phone' in your basket for a new one."))
        else:  # idle: the hand-off is over (opened, or the shopper left); the basket shows next
            self.title.setText("")
            self.body.setText("")

    def _shown_address(self, view) -> str:
        domain = view.handoff.domain
        return domain if names_a_domain(domain) else self.ctx.config.store.name

    def _caption(self, view) -> str:
        seconds = str(view.seconds_left)
        if names_a_domain(view.handoff.domain):
            return (tr("Handoff", "Pay and choose delivery on your phone. Check the address is %1. "
                                  "This code works once, for %2 s.")
                    .replace("%1", view.handoff.domain).replace("%2", seconds))
        return tr("Handoff", "Opens your basket on your phone, to pay and choose delivery. "
                             "This code works once, for %1 s.").replace("%1", seconds)
