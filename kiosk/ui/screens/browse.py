"""Browse: tap through the catalogue (camera off, no tag, or just curious)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QScrollArea, QScroller, QWidget

from kiosk.ui.format import money
from kiosk.ui.i18n import tr
from kiosk.ui.names import title
from kiosk.ui.pictures import ProductPicture, loader_for
from kiosk.ui.screens.base import Screen, clear_layout, lower_panel
from kiosk.ui.widgets import pill

COLUMNS = 1  # one full-width row per style: titles stay whole at 1-2 m


class BrowseScreen(Screen):
    name = "browse"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.journey = ctx.services.journey
        content = lower_panel(self, top_share=2, bottom_share=9)
        self.title = self.label(m.px(52), bold=True)
        content.addWidget(self.title)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setStyleSheet("background: transparent;")
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.grid_host = QWidget()
        self.grid_host.setStyleSheet("background: transparent;")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(m.px(18))
        self.grid.setColumnStretch(1, 1)   # column 0: pictures, column 1: the names
        self.scroll.setWidget(self.grid_host)
        content.addWidget(self.scroll, 1)
        self._built_for = None

    def on_enter(self, **params) -> None:
        self.retranslate()
        self._build()

    def retranslate(self) -> None:
        self.title.setText(tr("Browse", "Browse the collection"))
        if self.isVisible():  # built lazily: 40+ buttons are not worth making for nobody
            self._build()

    def _build(self) -> None:
        key = (id(self.journey.catalogue), self.ctx.languages.current)
        if key == self._built_for:
            return
        self._built_for = key
        clear_layout(self.grid)
        catalogue = self.journey.catalogue
        language = self.ctx.languages.current
        for index, style in enumerate(sorted(catalogue.garments(), key=lambda s: (s.category, s.title))):
            price = money(style.price_from, catalogue.currency, language)
            button = pill(self.ctx.metrics, f"{title(style, language)} · {price}", parent=self.grid_host)
            button.setObjectName(f"style-{style.id}")
            button.setStyleSheet(button.styleSheet() + "QPushButton { text-align: left; }")
            button.setMinimumWidth(0)
            button.clicked.connect(lambda _=False, sid=style.id: self.ctx.navigate("open_style", style_id=sid))
            self.grid.addWidget(self._picture(style), index // COLUMNS, 2 * (index % COLUMNS))
            self.grid.addWidget(button, index // COLUMNS, 2 * (index % COLUMNS) + 1)

    def _picture(self, style) -> ProductPicture:
        """The style's picture, or its silhouette in the first colourway in stock here."""
        m = self.ctx.metrics
        picture = ProductPicture(loader_for(self.ctx), QSize(m.px(96), m.px(116)), self.grid_host)
        colourway = next((c for c in style.colourways if c.in_stock), None) or next(iter(style.colourways), None)
        picture.show_item(style, colourway)
        return picture
