"""Serial (USB-CDC / RS-232) UHF RFID reader: one EPC per line -> SGTIN-96 -> ItemScanned.

Readers report a tag many times a second while it is in the field, so each EPC is
passed on once and then held until it has been out of sight for ``hold_s``.  A
tag that is not an item (SSCC, GIAI …) or a garbled line is reported once as a
``ScanError``.  The port is any pyserial URL: ``/dev/ttyUSB0``, ``/dev/serial/by-id/…``,
``rfc2217://host:port`` for a reader behind a serial server, ``loop://`` in tests.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

import serial

from hardware.errors import DeviceError, KioskError, ScanError
from hardware.scanners.base import ReaderThread, RepeatFilter
from hardware.scanners.events import ErrorHandler, ItemScanned, ScanHandler
from hardware.scanners.sgtin import EPC96_HEX_CHARS, decode_sgtin96

log = logging.getLogger(__name__)
MAX_LINE_BYTES = 256
_SEPARATORS = re.compile(r"[\s,;:=|]+")


def epc_from_line(line: str) -> str:
    """The 96-bit EPC in a reader's line: 'EPC:3074…', '3074…,-61dBm', '3074 257B …'."""
    compact = line.strip()
    tokens = [t for t in _SEPARATORS.split(compact) if t]
    for token in tokens + ["".join(tokens)]:
        text = token[2:] if token[:2].lower() == "0x" else token
        if len(text) == EPC96_HEX_CHARS and all(c in "0123456789abcdefABCDEF" for c in text):
            return text.upper()
    shown = compact if len(compact) <= 40 else compact[:37] + "..."
    raise ScanError(f"RFID reader line {shown!r} holds no 96-bit EPC",
                    fix="set the reader to report the EPC as 24 hex digits, one tag per line")


def item_from_line(line: str) -> ItemScanned:
    epc = epc_from_line(line)
    return ItemScanned(decode_sgtin96(epc).gtin, "rfid", epc, "SGTIN96")


class SerialRfidReader:
    name = "rfid-serial"

    def __init__(self, port: str, *, baudrate: int = 115200, hold_s: float = 3.0,
                 clock: Callable[[], float] = time.monotonic, reopen_s: float = 2.0):
        self.port, self.baudrate, self.reopen_s = port, baudrate, reopen_s
        self.repeats = RepeatFilter(hold_s, clock)
        self.counts = {"lines": 0, "items": 0, "errors": 0, "reopens": 0}
        self._worker = ReaderThread("rfid-serial")
        self._serial: serial.SerialBase | None = None

    def start(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        """Opens the port now (a wrong port is a DeviceError at start-up), then reads on a thread."""
        self._serial = self._open()
        self._worker.start(self._run, on_scan, on_error)

    def stop(self) -> None:
        self._worker.stop()
        self._close()

    def _open(self) -> serial.SerialBase:
        try:
            return serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.2)
        except (serial.SerialException, ValueError) as exc:
            raise DeviceError(f"cannot open RFID reader {self.port}: {exc}",
                              fix="check scanners.rfid_port (ls /dev/serial/by-id) and that "
                                  "the kiosk user is in the dialout group") from None

    def _close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            port.close()

    def _run(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        while not self._worker.stopping.is_set():
            try:
                raw = self._serial.read_until(b"\n", MAX_LINE_BYTES) if self._serial else b""
            except (serial.SerialException, OSError) as exc:
                self._reopen(on_error, exc)
                continue
            if raw.strip():
                self._handle(raw.decode("ascii", errors="replace"), on_scan, on_error)

    def _handle(self, line: str, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        self.counts["lines"] += 1
        try:
            event = item_from_line(line)
        except ScanError as exc:
            if self.repeats.fresh("error:" + line.strip()):
                self.counts["errors"] += 1
                on_error(exc)
            return
        if self.repeats.fresh(event.raw):
            self.counts["items"] += 1
            on_scan(event)

    def _reopen(self, on_error: ErrorHandler, exc: Exception) -> None:
        self._close()
        self.counts["reopens"] += 1
        on_error(DeviceError(f"RFID reader {self.port} failed: {exc}",
                             fix="check the reader's cable; the kiosk retries every "
                                 f"{self.reopen_s:g} s"))
        while not self._worker.stopping.wait(self.reopen_s):
            try:
                self._serial = self._open()
                return
            except KioskError as again:
                log.debug("RFID reader still unavailable: %s", again)
