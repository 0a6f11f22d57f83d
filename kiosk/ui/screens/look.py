"""Complete the look: accessories in stock here that go with the garment, each with its reason."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.format import money
from kiosk.ui.i18n import tr
from kiosk.ui.names import colour_name, title
from kiosk.ui.pictures import ProductPicture, loader_for
from kiosk.ui.screens.base import Screen, clear_layout, lower_panel
from kiosk.ui.suggest import accessory_suggestions, reason_text
from kiosk.ui.widgets import pill

MAX_CARDS = 4


class LookScreen(Screen):
    name = "look"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.journey = ctx.services.journey
        content = lower_panel(self, top_share=4, bottom_share=7)
        self.title = self.label(m.px(56), bold=True)
        self.subtitle = self.label(m.body, dim=True)
        self.cards = QGridLayout()
        self.cards.setSpacing(m.px(18))
        content.addWidget(self.title)
        content.addWidget(self.subtitle)
        content.addLayout(self.cards)
        content.addStretch(1)

    def on_enter(self, **params) -> None:
        self.refresh()

    def retranslate(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        clear_layout(self.cards)
        selection = self.journey.selection
        self.title.setText(tr("Look", "Complete the look"))
        if selection is None:
            self.subtitle.setText(tr("Look", "Hold a garment's tag up to the mirror first."))
            return
        suggestions = accessory_suggestions(self.journey.catalogue, selection,
                                            self.journey.shopper_palette)[:MAX_CARDS]
        self.subtitle.setText(tr("Look", "In stock here, chosen to go with %1").replace("%1", title(selection.style, self.ctx.languages.current))
                              if suggestions else tr("Look", "Nothing in stock here goes with it just now."))
        for index, suggestion in enumerate(suggestions):
            self.cards.addWidget(self._card(suggestion), index, 0)

    def _card(self, suggestion) -> QWidget:
        m, language = self.ctx.metrics, self.ctx.languages.current
        card = QWidget(self)
        card.setObjectName("look-card")
        card.setStyleSheet(f"#look-card {{ background: rgba(20,20,20,220); border-radius: {m.px(24)}px; }}")
        layout = QHBoxLayout(card)
        layout.setContentsMargins(m.px(20), m.px(16), m.px(20), m.px(16))
        colour = suggestion.colourway.colour
        picture = ProductPicture(loader_for(self.ctx), QSize(m.px(110), m.px(132)), card)
        picture.show_item(suggestion.style, suggestion.colourway)
        text = QVBoxLayout()
        name = self.label(m.body, bold=True, align=Qt.AlignmentFlag.AlignLeft)
        language = self.ctx.languages.current
        name.setText(f"{title(suggestion.style, language)} · {colour_name(colour, language) if colour else ''}")
        reason = self.label(m.small, dim=True, align=Qt.AlignmentFlag.AlignLeft)
        reason.setText(reason_text(suggestion.reason, language))
        variant = next((v for v in suggestion.colourway.variants if v.in_stock), None)
        add = pill(m, money(variant.price, self.journey.catalogue.currency, language) + "  +", parent=card)
        add.setObjectName(f"look-add-{suggestion.style.id}")
        add.clicked.connect(lambda _=False, v=variant: self.ctx.navigate("add_variant", variant=v))
        for widget in (name, reason):
            text.addWidget(widget)
        layout.addWidget(picture)
        layout.addLayout(text, 1)
        layout.addWidget(add)
        return card
