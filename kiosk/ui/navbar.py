"""The bar along the bottom while a shopper is engaged: back, my colours, basket, language."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.i18n import LANGUAGE_NAMES, tr
from kiosk.ui.widgets import pill


class NavBar(QWidget):
    back = Signal()
    colours = Signal()
    basket = Signal()
    language = Signal(str)

    def __init__(self, metrics: theme.Metrics, languages: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.metrics = metrics
        self.languages = languages
        self.current_language = languages[0] if languages else "en"
        self.language_offered = True  # False where the screen has its own language buttons
        self.back_button = pill(metrics, parent=self)
        self.colours_button = pill(metrics, parent=self)
        self.basket_button = pill(metrics, parent=self)
        self.language_button = pill(metrics, parent=self)
        for name, button in (("back", self.back_button), ("colours", self.colours_button),
                             ("basket", self.basket_button), ("language", self.language_button)):
            button.setObjectName(f"nav-{name}")
        self.back_button.clicked.connect(self.back)
        self.colours_button.clicked.connect(self.colours)
        self.basket_button.clicked.connect(self.basket)
        self.language_button.clicked.connect(self._next_language)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(metrics.px(40), 0, metrics.px(40), 0)
        layout.setSpacing(metrics.px(20))
        layout.addWidget(self.back_button)
        layout.addStretch(1)
        layout.addWidget(self.colours_button)
        layout.addWidget(self.basket_button)
        layout.addWidget(self.language_button)
        self.set_basket_count(0)

    def set_basket_count(self, count: int) -> None:
        self._count = count
        self.retranslate()

    def set_language(self, code: str) -> None:
        self.current_language = code
        self.retranslate()

    def offer_language(self, offered: bool) -> None:
        self.language_offered = offered
        self.retranslate()

    def retranslate(self) -> None:
        self.back_button.setText("‹ " + tr("Nav", "Back"))
        self.colours_button.setText(tr("Nav", "My colours"))
        self.basket_button.setText(tr("Nav", "Basket (%n)", None, self._count))
        following = self._following_language()
        self.language_button.setText(LANGUAGE_NAMES.get(following, following))
        self.language_button.setVisible(len(self.languages) > 1 and self.language_offered)

    def _following_language(self) -> str:
        if self.current_language not in self.languages:
            return self.languages[0]
        index = self.languages.index(self.current_language)
        return self.languages[(index + 1) % len(self.languages)]

    def _next_language(self) -> None:
        self.language.emit(self._following_language())
