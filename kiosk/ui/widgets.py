"""Mirror widgets: colour swatches, size chips, pill buttons: big, high contrast, calm."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui import theme


class Swatch(QAbstractButton):
    """A round colour chip with its name under it; a gold ring marks the chosen one."""

    chosen = Signal(str)

    def __init__(self, key: str, name: str, hex_colour: str | None, metrics: theme.Metrics,
                 *, available: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.key, self.available = key, available
        self.name = name[:1].upper() + name[1:]
        self.colour = QColor(hex_colour) if hex_colour else QColor(128, 128, 128)
        self.metrics = metrics
        self.setCheckable(True)
        self.setObjectName(f"swatch-{key}")
        size = max(metrics.touch, metrics.px(120))
        name_font = QFontMetrics(theme.font(metrics.small))
        shown = self.name if available or not self.name else f"{self.name} ·"  # the dot: sold out here
        base_width = size + metrics.px(24)
        self.label_lines = label_lines(shown, name_font, base_width)
        widest = max((name_font.horizontalAdvance(line) for line in self.label_lines), default=0)
        self.setFixedWidth(min(max(base_width, widest + metrics.px(16)), metrics.px(300)))
        # At least circle and name; a row of swatches stretches them all to the tallest, so
        # the circles (painted at the top) line up when one name takes two lines.
        self.setMinimumHeight(size + len(self.label_lines) * name_font.lineSpacing() + metrics.px(22))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(lambda: self.chosen.emit(self.key))
        self._cache: QPixmap | None = None
        self._cache_key: tuple | None = None

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # The camera image under the screens repaints every widget over it on every frame: an
        # antialiased ring costs ~0.2 ms each time (bench.ui on the item screen: swatches were
        # the largest share of a frame), so the chip is drawn once per look and blitted.
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), self.isChecked(), self.available, ratio)
        if self._cache_key != key:
            self._cache = self._render(ratio)
            self._cache_key = key
        QPainter(self).drawPixmap(0, 0, self._cache)

    def _render(self, ratio: float) -> QPixmap:
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        m = self.metrics
        diameter = max(m.touch, m.px(120)) - m.px(16)
        circle = QRectF((self.width() - diameter) / 2, m.px(8), diameter, diameter)
        painter.setPen(QPen(QColor(255, 255, 255, 90), m.px(2)))
        painter.setBrush(self.colour if self.available else self.colour.darker(250))
        painter.drawEllipse(circle)
        if self.isChecked():
            painter.setPen(QPen(theme.ACCENT, m.px(5)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle.adjusted(-m.px(7), -m.px(7), m.px(7), m.px(7)))
        painter.setPen(theme.TEXT if self.available else theme.TEXT_DIM)
        painter.setFont(theme.font(m.small))
        line_height = painter.fontMetrics().lineSpacing()
        for index, line in enumerate(self.label_lines):
            text_rect = QRectF(0, circle.bottom() + m.px(10) + index * line_height, self.width(), line_height)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                             painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, self.width()))
        painter.end()
        return pixmap


def label_lines(name: str, metrics: QFontMetrics, width: int) -> list[str]:
    """A swatch's name on one line, or on two balanced lines when it is wider than the swatch
    (season names side by side ran into each other: "Light SpringWarm Spring")."""
    words = name.split()
    if metrics.horizontalAdvance(name) <= width or len(words) < 2:
        return [name] if name else []
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return list(min(splits, key=lambda pair: max(metrics.horizontalAdvance(part) for part in pair)))


class Pill(QPushButton):
    """A rounded button that never lets a layout squeeze its label (French runs long)."""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        self.setMinimumWidth(max(self.minimumHeight(), self.fontMetrics().horizontalAdvance(text) + self._padding))


def pill(metrics: theme.Metrics, text: str = "", *, primary: bool = False, checkable: bool = False,
         parent: QWidget | None = None) -> QPushButton:
    button = Pill(parent)
    button._padding = 2 * metrics.px(36) + metrics.px(12)
    button.setCheckable(checkable)
    button.setMinimumHeight(metrics.touch)
    button.setMinimumWidth(metrics.touch)
    button.setFont(theme.font(metrics.body, theme.QFont.Weight.DemiBold))
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    radius = metrics.touch // 2
    accent = theme.ACCENT.name()
    base = (f"color: #000; background: {accent}; border: 2px solid {accent};" if primary
            else "color: #fff; background: rgba(0,0,0,160); border: 2px solid #fff;")
    button.setStyleSheet(
        f"QPushButton {{ {base} border-radius: {radius}px; padding: 0 {metrics.px(36)}px; }}"
        f"QPushButton:checked {{ color: #000; background: #fff; }}"
        f"QPushButton:disabled {{ color: #8a8a8a; border-color: #555; background: rgba(0,0,0,160); }}"
        f"QPushButton:pressed {{ color: #000; background: #ddd; }}")
    button.setText(text)
    return button


class ClampedLabel(QLabel):
    """Word-wrapped text on at most ``max_lines`` lines, the last one elided with '…': a short
    description read in a glance, never a paragraph pushing the actions down.  Clamped again
    whenever the width changes; ``full_text`` keeps what was set."""

    def __init__(self, max_lines: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self.max_lines = max_lines
        self.full_text = ""
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        self.full_text = text
        self._clamp()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._clamp()

    def _clamp(self) -> None:
        width = self.contentsRect().width()
        text = clamp_lines(self.full_text, self.font(), width, self.max_lines) if width > 0 else self.full_text
        if text != self.text():
            super().setText(text)


def clamp_lines(text: str, font: QFont, width: int, max_lines: int) -> str:
    """``text`` wrapped at ``width`` as a word-wrapped QLabel wraps it (Chinese between
    characters); past ``max_lines`` lines the last kept line ends in '…'."""
    layout = QTextLayout(text.replace("\n", " "), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    if len(lines) <= max_lines:
        return text
    flat = layout.text()
    kept = [flat[start:start + length].strip() for start, length in lines[:max_lines - 1]]
    last = flat[lines[max_lines - 1][0]:].strip()
    return "\n".join([*kept, QFontMetrics(font).elidedText(last, Qt.TextElideMode.ElideRight, width)])
