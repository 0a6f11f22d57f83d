"""Hang-tag codes read by the mirror's camera: EAN-13/UPC-A, Code 128 / GS1-128, GS1 QR.

Two engines, measured on rendered tags in photo-like frames (docs/hardware.md):

- ``zxing`` (default): zxing-cpp reads every symbology we need, in ~4 ms a frame, and
  gave no wrong GTIN in 240 frames;
- ``opencv``: ``cv2.barcode.BarcodeDetector`` (EAN-13, EAN-8, UPC-A only: OpenCV 5.0 has
  no Code 128) and ``cv2.QRCodeDetector``, ~30 ms a frame.  It read Code 128 tags as
  *valid* UPC-A codes of other products (16 of 96 frames), so with this engine a
  linear read whose box overlaps a Code 128 zxing sees is dropped.

Frames are only looked at, never kept or written (DESIGN.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from hardware.camera.frames import Frame
from hardware.scanners.events import ItemScanned
from hardware.scanners.gs1 import gtin_from_scan
from kiosk.errors import ConfigError, ScanError

ENGINES = ("zxing", "opencv")
_LINEAR_TYPES = {"EAN_13": "EAN13", "EAN_8": "EAN8", "UPC_A": "UPC_A"}
_F = zxingcpp.BarcodeFormat
_ZXING_FORMATS = (_F.EAN13, _F.EAN8, _F.UPCA, _F.UPCE, _F.Code128, _F.QRCode)
_ZXING_NAMES = {_F.EAN13: "EAN13", _F.EAN8: "EAN8", _F.UPCA: "UPC_A", _F.UPCE: "UPC_E"}


@dataclass(frozen=True)
class Symbol:
    symbology: str          # EAN13, EAN8, UPC_A, CODE128, GS1_128, QR
    text: str
    corners: np.ndarray     # 4x2 float32, image pixels


@dataclass(frozen=True)
class TagReading:
    items: tuple[ItemScanned, ...]
    errors: tuple[ScanError, ...]       # codes seen that are not item codes
    symbols: int


class CameraTagReader:
    """Decodes one frame; stateless apart from the detectors (use one per thread)."""

    def __init__(self, engine: str = "zxing"):
        if engine not in ENGINES:
            raise ConfigError(f"unknown barcode engine {engine!r}",
                              fix=f"use one of {', '.join(ENGINES)}")
        self.engine = engine
        self._barcode = cv2.barcode.BarcodeDetector() if engine == "opencv" else None
        self._qr = cv2.QRCodeDetector() if engine == "opencv" else None

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
            kind = "QR_DIGITAL_LINK" if symbol.symbology == "QR" else symbol.symbology
            if symbol.symbology == "QR" and shape != "DIGITAL_LINK":
                kind = "QR"
            items.append(ItemScanned(gtin, "camera", symbol.text, kind))
        return TagReading(tuple(items), tuple(errors), len(symbols))

    def symbols(self, grey: np.ndarray) -> list[Symbol]:
        if self.engine == "zxing":
            return self._zxing(grey, _ZXING_FORMATS)
        code128 = self._zxing(grey, (zxingcpp.BarcodeFormat.Code128,))
        linear = [s for s in self._linear(grey) if not any(_overlap(s, c) for c in code128)]
        return code128 + linear + self._qrs(grey)

    def _linear(self, grey: np.ndarray) -> list[Symbol]:
        ok, texts, types, corners = self._barcode.detectAndDecodeWithType(grey)
        if not ok or corners is None:
            return []
        return [Symbol(_LINEAR_TYPES[kind], text, box.astype(np.float32))
                for text, kind, box in zip(texts, types, corners, strict=False)
                if text and kind in _LINEAR_TYPES]

    def _qrs(self, grey: np.ndarray) -> list[Symbol]:
        ok, texts, corners, _ = self._qr.detectAndDecodeMulti(grey)
        if not ok or corners is None:
            return []
        return [Symbol("QR", text, box.astype(np.float32))
                for text, box in zip(texts, corners, strict=False) if text]

    def _zxing(self, grey: np.ndarray, formats: tuple) -> list[Symbol]:
        found = zxingcpp.read_barcodes(grey, formats=formats)
        return [Symbol(_zxing_symbology(r), r.text, _corners(r.position))
                for r in found if r.valid and r.text]


def _zxing_symbology(result) -> str:
    if result.format == zxingcpp.BarcodeFormat.Code128:
        return "GS1_128" if result.symbology_identifier == "]C1" else "CODE128"
    if result.format == zxingcpp.BarcodeFormat.QRCode:
        return "QR"
    return _ZXING_NAMES.get(result.format, str(result.format))


def _corners(position) -> np.ndarray:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return np.array([[p.x, p.y] for p in points], dtype=np.float32)


def _overlap(a: Symbol, b: Symbol) -> bool:
    """Either box's centre inside the other (a misread and the true code share one tag)."""
    for inner, outer in ((a, b), (b, a)):
        centre = inner.corners.mean(axis=0)
        if cv2.pointPolygonTest(outer.corners.reshape(-1, 1, 2), (float(centre[0]),
                                float(centre[1])), False) >= 0:
            return True
    return False
