"""Mirror look: black (reads as mirror behind two-way glass), white type, one warm accent.

Sizes are given at a 1080-pixel short side (body text 32 px, secondary 28 px, touch targets
96 px: readable and reachable from 1-2 m) and scaled in proportion to the actual screen.  No
pixel floors: a floor enlarges text but not the room around it, so a smaller screen (the
README's 720x1280 window) overlapped where 1080x1920 did not; scaled, it is the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase

BACKGROUND = QColor(0, 0, 0)
TEXT = QColor(255, 255, 255)
TEXT_DIM = QColor(200, 200, 200)      # 12.6:1 on black
ACCENT = QColor(232, 192, 125)        # warm gold, 11:1 on black
CAMERA_DOT = QColor(255, 92, 92)
OUTLINE = QColor(255, 255, 255, 70)

PREFERRED_FAMILIES = ["Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", "DejaVu Sans"]


@dataclass(frozen=True)
class Metrics:
    scale: float

    def px(self, size_at_1080: float) -> int:
        return max(1, round(size_at_1080 * self.scale))

    @property
    def body(self) -> int:
        return self.px(32)

    @property
    def title(self) -> int:
        return self.px(72)

    @property
    def small(self) -> int:
        """Secondary text (headings over rows, the camera notice): 28 px at 1080p."""
        return self.px(28)

    @property
    def touch(self) -> int:
        return self.px(96)


def metrics_for(width: int, height: int) -> Metrics:
    return Metrics(scale=max(0.5, min(width, height) / 1080.0))


def font_family() -> str:
    """The first installed family that covers Latin and Simplified Chinese."""
    families = set(QFontDatabase.families())
    return next((f for f in PREFERRED_FAMILIES if f in families), QFont().defaultFamily())


def font(pixel_size: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    result = QFont(font_family())
    result.setPixelSize(pixel_size)
    result.setWeight(weight)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return result
