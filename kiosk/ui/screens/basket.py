"""Basket: what the shopper picked, the total, and "Send to my phone"."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.ui.format import money
from kiosk.ui.i18n import tr
from kiosk.ui.names import colour_name, size_label, title
from kiosk.ui.pictures import ProductPicture, loader_for
from kiosk.ui.screens.base import Screen, centred_row, clear_layout, lower_panel
from kiosk.ui.widgets import pill

MAX_ROWS = 6


class BasketScreen(Screen):
    name = "basket"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.journey = ctx.services.journey
        content = lower_panel(self)
        self.title = self.label(m.px(56), bold=True)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(m.px(14))
        self.total = self.label(m.body + m.px(6), bold=True)
        self.send_button = pill(m, primary=True, parent=self)
        self.send_button.setObjectName("basket-send")
        self.send_button.clicked.connect(lambda: ctx.navigate("handoff"))
        content.addWidget(self.title)
        content.addLayout(self.rows)
        content.addWidget(self.total)
        content.addLayout(centred_row(self.send_button))
        content.addStretch(1)
        # Only while shown: on_enter refreshes anyway, and rebuilding hidden rows costs a frame.
        self.journey.on_change(lambda what: self.refresh() if what == "wipe" or (what == "basket" and self.isVisible()) else None)

    def on_enter(self, **params) -> None:
        self.refresh()

    def retranslate(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        m, language = self.ctx.metrics, self.ctx.languages.current
        currency = self.journey.catalogue.currency
        clear_layout(self.rows)
        items = self.journey.basket_items()
        self.title.setText(tr("Basket", "Your basket") if items else tr("Basket", "Your basket is empty"))
        for variant, style, quantity in items[:MAX_ROWS]:
            line = QHBoxLayout()
            colour = colour_name(variant.colour, language) if variant.colour else ""
            text = self.label(m.body, align=Qt.AlignmentFlag.AlignLeft)
            text.setText(f"{title(style, language)}  ·  {colour}  ·  {size_label(variant.size)}"
                         + (f"  ×{quantity}" if quantity > 1 else ""))
            price = self.label(m.body)
            price.setText(money(variant.price * quantity, currency, language))
            remove = pill(m, "✕", parent=self)
            remove.setObjectName(f"remove-{variant.gtin}")
            remove.clicked.connect(lambda _=False, g=variant.gtin: self.ctx.navigate("remove", gtin=g))
            picture = ProductPicture(loader_for(self.ctx), QSize(m.px(84), m.px(100)), self)
            picture.show_item(style, None, variant)
            line.addWidget(picture)
            line.addWidget(text, 1)
            line.addWidget(price)
            line.addWidget(remove)
            self.rows.addLayout(line)
        if len(items) > MAX_ROWS:
            more = self.label(m.body, dim=True)
            more.setText(tr("Basket", "+%n more", None, len(items) - MAX_ROWS))
            self.rows.addWidget(more)
        self.total.setText(tr("Basket", "Total %1").replace("%1", money(self.journey.basket_total(), currency, language))
                           if items else tr("Basket", "Add items from the item screen, then send them to your phone."))
        self.send_button.setText(tr("Basket", "Send to my phone"))
        self.send_button.setVisible(bool(items))
