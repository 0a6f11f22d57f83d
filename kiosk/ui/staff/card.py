"""One request on the handheld: size first (what to fetch), then what, where, and the action."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kiosk.messaging.views import RequestView

RUNG_NAMES = {1: "Escalated to floor lead", 2: "Escalated to manager"}
OFF_FLOOR = "Not on the floor: check the stockroom / other stores"


def age_text(created: float, now: float) -> str:
    minutes = int(max(0.0, now - created) // 60)
    return "just now" if minutes == 0 else f"{minutes} min ago"


class RequestCard(QFrame):
    def __init__(self, view: RequestView, *, staff_id: str, on_claim: Callable[[str], None],
                 on_done: Callable[[str], None], now: float | None = None, show_zone: bool = False):
        super().__init__()
        self.view = view
        self.setObjectName("card")
        mine = view.status == "claimed" and view.claimed_by_id == staff_id
        self.setProperty("escalated", view.escalation > 0 and view.status == "open")
        self.setProperty("mine", mine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(6)
        layout.addLayout(self._top_row(view))
        layout.addWidget(self._label(view.product_name or f"GTIN {view.gtin}", "product"))
        where = f"{view.zone.replace('-', ' ').capitalize()}, {view.room}" if show_zone else view.room
        details = " · ".join(p for p in (view.colour, where, age_text(view.created, now or time.time())) if p)
        layout.addWidget(self._label(details, "detail"))
        if view.off_floor and view.status in ("open", "claimed"):
            layout.addWidget(self._label(OFF_FLOOR, "off_floor"))
        self.button = self._action(view, mine, on_claim, on_done)
        if self.button is not None:
            layout.addWidget(self.button)
        else:
            layout.addWidget(self._label(f"{view.claimed_by} is bringing {view.size}", "claimed"))

    def _top_row(self, view: RequestView) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self._label(view.size, "size"))
        row.addStretch(1)
        if view.status == "open" and view.escalation:
            row.addWidget(self._label(RUNG_NAMES.get(view.escalation, "Escalated"), "badge"),
                          0, Qt.AlignmentFlag.AlignTop)
        return row

    def _action(self, view: RequestView, mine: bool, on_claim, on_done) -> QPushButton | None:
        if view.status == "open":
            button = QPushButton(f"Claim: I'll bring {view.size}")
            button.setObjectName("claim")
            button.clicked.connect(lambda: on_claim(view.id))
        elif mine:
            button = QPushButton("Delivered")
            button.setObjectName("done")
            button.clicked.connect(lambda: on_done(view.id))
        else:
            return None
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    @staticmethod
    def _label(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(name in ("product", "detail", "claimed", "off_floor"))
        return label
