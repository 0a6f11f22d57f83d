"""A fake scan source for unit tests: decodes injected input like a real adapter, records calls."""

from __future__ import annotations

from collections.abc import Callable

from hardware.errors import KioskError
from hardware.scanners.events import ErrorHandler, ItemScanned, ScanHandler, Source
from hardware.scanners.gs1 import gtin_from_scan


def decode_as(source: Source) -> Callable[[str], ItemScanned]:
    def decode(raw: str) -> ItemScanned:
        gtin, shape = gtin_from_scan(raw)
        return ItemScanned(gtin, source, raw, shape)
    return decode


class FakeScanSource:
    def __init__(self, name: str = "fake", decode: Callable[[str], ItemScanned] | None = None):
        self.name = name
        self.decode = decode or decode_as("hid")
        self.calls: list[str] = []
        self.delivered: list[ItemScanned] = []
        self.errors: list[KioskError] = []
        self._handlers: tuple[ScanHandler, ErrorHandler] | None = None

    def start(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        self.calls.append("start")
        self._handlers = (on_scan, on_error)

    def stop(self) -> None:
        self.calls.append("stop")
        self._handlers = None

    @property
    def running(self) -> bool:
        return self._handlers is not None

    def inject(self, raw: str) -> None:
        """What the device would have sent; ignored (and recorded) while stopped."""
        self.calls.append(f"inject:{raw}")
        if self._handlers is None:
            return
        on_scan, on_error = self._handlers
        try:
            event = self.decode(raw)
        except KioskError as exc:
            self.errors.append(exc)
            on_error(exc)
            return
        self.delivered.append(event)
        on_scan(event)
