"""The one event every item-identification path produces: camera tag, HID wedge, RFID, touch.

Qt-free and tiny on purpose: adapters run on their own threads and hand this to a
``ScanHandler``; the UI adapts the handler to a queued Qt signal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from hardware.errors import KioskError, ScanError

Source = Literal["camera", "hid", "rfid", "touch"]
SOURCES: tuple[str, ...] = ("camera", "hid", "rfid", "touch")


@dataclass(frozen=True, slots=True)
class ItemScanned:
    gtin: str                 # GTIN-14, check digit verified
    source: Source
    raw: str                  # what the device sent (digits, element string, URL, EPC hex)
    symbology: str = ""       # EAN13, UPC_A, CODE128, GS1_128, QR_DIGITAL_LINK, SGTIN96, KEYED …
    ts: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ScanError(f"unknown scan source {self.source!r}",
                            fix=f"use one of {', '.join(SOURCES)}")
        if len(self.gtin) != 14 or not self.gtin.isdigit():
            raise ScanError(f"ItemScanned needs a GTIN-14, got {self.gtin!r}",
                            fix="normalise with hardware.scanners.gs1.gtin_from_scan first")


ScanHandler = Callable[[ItemScanned], None]
ErrorHandler = Callable[[KioskError], None]  # ScanError for bad input, DeviceError for I/O


def touched(gtin14: str, key: str = "") -> ItemScanned:
    """The event for a shopper tapping an item in the on-screen catalogue."""
    return ItemScanned(gtin14, "touch", key or gtin14, "TOUCH")
