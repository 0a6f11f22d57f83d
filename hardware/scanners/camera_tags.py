"""Hang-tag codes read by the mirror's camera: EAN-13/UPC-A, Code 128 / GS1-128, GS1 QR.

1. zxing-cpp reads the whole frame (EAN-13/8, UPC-A/E, Code 128, QR): ~2-7 ms at 640x480.
2. zxing scans 1D codes along rows and columns only, so a code tilted more than ~20-30
   degrees is missed.  Then OpenCV's ``cv2.barcode.BarcodeDetector`` finds the tilted box,
   the box is turned level and zxing decodes the crop: linear codes at any angle.

Why not OpenCV's decoders (measured, docs/hardware.md): OpenCV 5.0 decodes only
EAN/UPC, reads many Code 128 tags as a *valid* UPC-A of another product (14-16 of 120
frames), reads fewer tags and takes ~10x longer; its QR decoder read no tag that zxing
missed.  Frames are only looked at, never kept or written (docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from hardware.camera.frames import Frame
from hardware.errors import ScanError
from hardware.scanners.events import ItemScanned
from hardware.scanners.gs1 import gtin_from_scan

_F = zxingcpp.BarcodeFormat
LINEAR_FORMATS = (_F.EAN13, _F.EAN8, _F.UPCA, _F.UPCE, _F.Code128)
ALL_FORMATS = (*LINEAR_FORMATS, _F.QRCode)
_NAMES = {_F.EAN13: "EAN13", _F.EAN8: "EAN8", _F.UPCA: "UPC_A", _F.UPCE: "UPC_E"}


@dataclass(frozen=True)
class Symbol:
    symbology: str          # EAN13, EAN8, UPC_A, UPC_E, CODE128, GS1_128, QR
    text: str
    corners: np.ndarray     # 4x2 float32, image pixels

    @property
    def linear(self) -> bool:
        return self.symbology != "QR"


@dataclass(frozen=True)
class TagReading:
    items: tuple[ItemScanned, ...]
    errors: tuple[ScanError, ...]       # codes seen that are not item codes
    symbols: int


class CameraTagReader:
    """Decodes one frame; holds only its detector (use one reader per thread)."""

    def __init__(self) -> None:
        self._detector = cv2.barcode.BarcodeDetector()

    def read(self, frame: Frame | np.ndarray) -> TagReading:
        image = frame.image if isinstance(frame, Frame) else frame
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        symbols = self.symbols(grey)
        items, errors = [], []
        for symbol in symbols:
            try:
                gtin, shape = gtin_from_scan(symbol.text)
            except ScanError as exc:
                errors.append(exc)
                continue
            kind = symbol.symbology
            if kind == "QR" and shape == "DIGITAL_LINK":
                kind = "QR_DIGITAL_LINK"
            items.append(ItemScanned(gtin, "camera", symbol.text, kind))
        return TagReading(tuple(items), tuple(errors), len(symbols))

    def symbols(self, grey: np.ndarray) -> list[Symbol]:
        found = _zxing(grey, ALL_FORMATS)
        if not any(symbol.linear for symbol in found):
            found += self._tilted_linear(grey)
        return found

    def _tilted_linear(self, grey: np.ndarray) -> list[Symbol]:
        ok, boxes = self._detector.detect(grey)
        if not ok or boxes is None:
            return []
        found = []
        for box in boxes.astype(np.float32):
            found += [Symbol(s.symbology, s.text, box)
                      for s in _zxing(_level(grey, box), LINEAR_FORMATS)]
        return found


def _zxing(grey: np.ndarray, formats: tuple) -> list[Symbol]:
    return [Symbol(_symbology(r), r.text, _corners(r.position))
            for r in zxingcpp.read_barcodes(grey, formats=formats) if r.valid and r.text]


def _level(grey: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The detected barcode box turned level, with room for quiet zones and bar ends."""
    (cx, cy), (width, height), angle = cv2.minAreaRect(box)
    if width < height:
        width, height, angle = height, width, angle + 90
    width, height = max(width * 1.25, 16), max(height * 1.6, 16)
    turn = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    turn[0, 2] += width / 2 - cx
    turn[1, 2] += height / 2 - cy
    return cv2.warpAffine(grey, turn, (int(width), int(height)), flags=cv2.INTER_LINEAR,
                          borderValue=255)


def _symbology(result) -> str:
    if result.format == _F.Code128:
        return "GS1_128" if result.symbology_identifier == "]C1" else "CODE128"
    if result.format == _F.QRCode:
        return "QR"
    return _NAMES.get(result.format, str(result.format))


def _corners(position) -> np.ndarray:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return np.array([[p.x, p.y] for p in points], dtype=np.float32)
