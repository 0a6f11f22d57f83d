"""What every screen shares: the context, text re-reading on language change, layout helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.config import StoreConfig
from kiosk.services import Services
from kiosk.ui import theme
from kiosk.ui.i18n import Languages


@dataclass
class UiContext:
    """What screens may reach: config, languages, navigation and the Qt-free services."""

    config: StoreConfig
    languages: Languages
    navigate: Any                      # callable(screen_name: str, **params)
    services: Services = field(default_factory=Services)
    metrics: theme.Metrics = field(default_factory=lambda: theme.Metrics(1.0))
    # live camera and a vision worker: the colour analysis can run (else: pick by hand)
    colour_analysis_available: Callable[[], bool] = lambda: False
    pictures: Any = None               # kiosk.ui.pictures.PictureLoader, made on first use


class Screen(QWidget):
    name = "screen"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        ctx.languages.changed.connect(lambda _code: self.retranslate())

    def on_enter(self, **params: Any) -> None:
        """Called each time the screen is shown."""

    def retranslate(self) -> None:
        """Re-read every visible text through tr()."""

    def label(self, size: int, *, dim: bool = False, bold: bool = False,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
        label = QLabel(self)
        label.setFont(theme.font(size, theme.QFont.Weight.DemiBold if bold else theme.QFont.Weight.Normal))
        colour = theme.TEXT_DIM if dim else theme.TEXT
        label.setStyleSheet(f"color: {colour.name()}; background: transparent;")
        label.setAlignment(align)
        label.setWordWrap(True)
        return label


def lower_panel(screen: Screen, *, top_share: int = 5, bottom_share: int = 6):
    """A layout that keeps the top of the mirror clear (the shopper's reflection) and puts
    content in the lower part, within arm's reach.  Returns the content layout."""
    from PySide6.QtWidgets import QVBoxLayout

    m = screen.ctx.metrics
    outer = QVBoxLayout(screen)
    outer.setContentsMargins(m.px(64), m.px(140), m.px(64), m.px(170))
    # Lower-reach layout (wheelchair users, children): content starts lower still.
    outer.addStretch(top_share * 2 if screen.ctx.config.mirror.lower_reach else top_share)
    content = QVBoxLayout()
    content.setSpacing(m.px(24))
    outer.addLayout(content, bottom_share)
    return content


def clear_layout(layout) -> None:
    """Remove and delete everything in ``layout``, nested layouts included (rows rebuilt on
    every refresh)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def centred_row(*widgets, spacing: int = 20):
    """A row with ``widgets`` in the middle and the space shared on both sides."""
    from PySide6.QtWidgets import QHBoxLayout

    row = QHBoxLayout()
    row.setSpacing(spacing)
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
