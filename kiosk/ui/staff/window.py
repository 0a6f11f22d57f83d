"""The staff console window: header (who, zone, connection), banner, scrolling request cards.

It never touches the bus: ``StaffConsole`` receives lists through ``show_requests`` (called
on the GUI thread via ``StaffBridge`` signals) and reports taps through callbacks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.messaging.views import RequestView
from kiosk.ui.staff.card import RequestCard
from kiosk.ui.staff.style import HEIGHT, STYLE, WIDTH

ROLE_TITLES = {"zone": "", "floor_lead": "Floor lead", "manager": "Manager"}


class StaffConsole(QWidget):
    def __init__(self, *, staff_id: str, staff_name: str, zone: str | None, role: str,
                 on_claim: Callable[[str], None], on_done: Callable[[str], None]):
        super().__init__()
        self.setObjectName("console")
        self.setWindowTitle(f"Staff · {staff_name}")
        self.setStyleSheet(STYLE)
        self.resize(WIDTH, HEIGHT)
        self.staff_id, self.staff_name, self.zone, self.role = staff_id, staff_name, zone, role
        self.on_claim, self.on_done = on_claim, on_done
        self.cards: list[RequestCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        layout.addWidget(self._list_area(), 1)
        self.show_requests([])
        self.set_connected(False)

    def _header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        box = QVBoxLayout(header)
        box.setContentsMargins(18, 14, 18, 14)
        where = (self.zone or "all zones").replace("-", " ").replace("_", " ").capitalize()
        title = " · ".join(p for p in (where, ROLE_TITLES.get(self.role, "")) if p)
        self.title = QLabel(title)
        self.title.setObjectName("title")
        self.subtitle = QLabel(self.staff_name)
        self.subtitle.setObjectName("subtitle")
        self.status = QLabel()
        for widget in (self.title, self.subtitle, self.status):
            box.addWidget(widget)
        return header

    def _list_area(self) -> QScrollArea:
        self.list_widget = QWidget()
        self.list_widget.setObjectName("console")
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(14, 14, 14, 14)
        self.list_layout.setSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list_widget)
        return scroll

    def show_requests(self, views: list[RequestView]) -> None:
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone now, not at the next event-loop turn
                item.widget().deleteLater()
        self.cards = [RequestCard(v, staff_id=self.staff_id, on_claim=self.on_claim,
                                  on_done=self.on_done, show_zone=self.role != "zone")
                      for v in views]
        for card in self.cards:
            self.list_layout.addWidget(card)
        if not views:
            empty = QLabel("No open requests.\nNew ones appear here with a sound.")
            empty.setObjectName("empty")
            self.list_layout.addWidget(empty)
        self.list_layout.addStretch(1)
        open_count = sum(1 for v in views if v.status == "open")
        self.setWindowTitle(f"({open_count}) Staff · {self.staff_name}" if open_count else
                            f"Staff · {self.staff_name}")

    def set_connected(self, connected: bool) -> None:
        self.status.setText("● connected" if connected else "● offline: reconnecting…")
        self.status.setObjectName("status_online" if connected else "status_offline")
        self.status.style().unpolish(self.status)  # re-apply the style sheet for the new name
        self.status.style().polish(self.status)

    def set_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
