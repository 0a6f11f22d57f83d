"""The layer under the UI: black (two-way mirror) or the mirrored camera image (digital mirror).

In digital mode a calm outline of the shopper's body is drawn from pose keypoints: it
shows the mirror sees you, without any debug clutter.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from hardware.camera import Frame
from kiosk.ui import theme

OUTLINE_BGR = (205, 205, 205)
# Under text the frame is darkened to at most this share: a white frame becomes 77/255, on
# which the dim text (200) keeps 4.9:1 and white text 8.5:1 (WCAG AA is 4.5:1).
TEXT_SCRIM = 0.30


def scrim_factors(height: int, text_rows: np.ndarray | None = None) -> np.ndarray:
    """Per-row brightness (0..1): a light veil everywhere, darker bands at the top and the
    bottom, the middle (the shopper) kept clear, and at most TEXT_SCRIM on ``text_rows``
    (rows under text: Hello's body sat on the bright middle), eased in over a few rows."""
    y = (np.arange(height, dtype=np.float32) + 0.5) / height
    veil = np.full(height, 70 / 255, np.float32)
    top = np.where(y < 0.22, (235 / 255) * (1 - y / 0.22), 0)
    band = np.clip((y - 0.5) / 0.5, 0, 1)
    bottom = np.where(y < 0.5, 0, np.interp(band, [0, 0.3, 1], [0, 215 / 255, 245 / 255]))
    factors = (1 - veil) * (1 - top) * (1 - bottom)
    if text_rows is not None and text_rows.any():
        ease = max(1, height // 60)
        covered = np.convolve(text_rows.astype(np.float32), np.ones(2 * ease + 1), "same") > 0
        weight = np.convolve(covered.astype(np.float32), np.ones(2 * ease + 1) / (2 * ease + 1), "same")
        weight[text_rows] = 1.0  # full strength on every text row, the easing only outside
        factors = factors * (1 - weight) + np.minimum(factors, TEXT_SCRIM) * weight
    return factors.astype(np.float32)


def draw_outline(image: np.ndarray, polylines: list[np.ndarray]) -> None:
    """The calm body outline, drawn with OpenCV at camera resolution (cheap, and softened by
    the upscale); a wide antialiased QPainter stroke at 1080x1920 cost ~5 ms a frame."""
    lines = [np.round(line).astype(np.int32).reshape(-1, 1, 2) for line in polylines if len(line) >= 2]
    cv2.polylines(image, lines, False, OUTLINE_BGR, 1, cv2.LINE_AA)


def rows_under_text(bands: list[tuple[int, int]], source_height: int, source_width: int,
                    width: int, height: int) -> np.ndarray:
    """Which camera rows land in the screen's text bands (``bands``: (top, bottom) screen
    rows), with the same cover-crop as ``compose_frame``; a row of margin for the upscale."""
    blocked = np.zeros(source_height, bool)
    scale = max(width / source_width, height / source_height)
    crop_top = (source_height - min(source_height, round(height / scale))) // 2
    for top, bottom in bands:
        first = max(0, int(crop_top + top / scale) - 1)
        last = min(source_height, int(np.ceil(crop_top + bottom / scale)) + 1)
        blocked[first:last] = True
    return blocked


def outlined_clear_of_text(image: np.ndarray, polylines: list[np.ndarray], blocked_rows: np.ndarray) -> np.ndarray:
    """A copy of the frame with the outline drawn except on rows under text: a line through
    a heading ("Anna is bringing M") reads as a strike-through."""
    outlined = image.copy()
    draw_outline(outlined, polylines)
    outlined[blocked_rows] = image[blocked_rows]
    return outlined


def compose_frame(image: np.ndarray, width: int, height: int, flip: bool,
                  text_bands: list[tuple[int, int]] = ()) -> np.ndarray:
    """Camera frame -> what the screen shows: cropped to cover, mirrored, darkened where text
    goes, scaled, BGRA.  Done once per frame with OpenCV (which releases the GIL), so painting
    is a plain blit; darkening at camera resolution costs a tenth of doing it at 1080p."""
    src_h, src_w = image.shape[:2]
    scale = max(width / src_w, height / src_h)
    crop_w, crop_h = min(src_w, round(width / scale)), min(src_h, round(height / scale))
    left, top = (src_w - crop_w) // 2, (src_h - crop_h) // 2
    crop = image[top:top + crop_h, left:left + crop_w]
    if flip:
        crop = crop[:, ::-1]
    text_rows = rows_under_text(list(text_bands), crop_h, crop_w, width, height)
    shaded = (crop * scrim_factors(crop_h, text_rows)[:, None, None]).astype(np.uint8)
    scaled = cv2.resize(shaded, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.cvtColor(scaled, cv2.COLOR_BGR2BGRA)


class CameraView(QWidget):
    def __init__(self, digital: bool, flip: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.digital = digital
        self.flip = flip
        self._image: QImage | None = None
        self._pixels: np.ndarray | None = None  # keeps the QImage's buffer alive
        self._outline: list[np.ndarray] = []
        self.text_bands: Callable[[], list[tuple[int, int]]] = list  # set by the window: where text is
        # See it on me (kiosk.tryon.preview.Preview.apply): the garment recoloured in the
        # camera frame itself, before the outline and the scrim, so it is composed once.
        self.tryon: Callable[[np.ndarray], np.ndarray] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def show_frame(self, frame: Frame) -> None:
        if not self.digital or self.width() < 16 or self.height() < 16:
            return
        image = frame.image if self.tryon is None else self.tryon(frame.image)
        bands = self.text_bands()
        if self._outline:
            blocked = rows_under_text(bands, image.shape[0], image.shape[1], self.width(), self.height())
            image = outlined_clear_of_text(image, self._outline, blocked)
        self._pixels = compose_frame(image, self.width(), self.height(), self.flip, bands)
        self._image = QImage(self._pixels.data, self.width(), self.height(), 4 * self.width(),
                             QImage.Format.Format_RGB32)
        self.update()

    def show_outline(self, polylines: list[np.ndarray]) -> None:
        """Body outline polylines in camera-frame pixels (kiosk.vision.outline, not mirrored):
        drawn into the next frame, so painting stays a blit."""
        if self.digital:
            self._outline = polylines

    @property
    def outline(self) -> list[np.ndarray]:
        return self._outline

    def clear(self) -> None:
        self._image = self._pixels = None
        self._outline = []
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        if not self.digital or self._image is None or self._image.size() != self.size():
            painter.fillRect(self.rect(), theme.BACKGROUND)
            return
        painter.drawImage(0, 0, self._image)
