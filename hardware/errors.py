"""The error root shared by hardware/ and kiosk/ (re-exported by kiosk/errors.py).

Every error we raise on purpose derives from ``KioskError`` and carries an optional
location (file, line, column, field) and a fix hint.  The root, ``Location`` and the
errors the hardware adapters raise live here so hardware imports nothing from kiosk;
import them from ``kiosk.errors`` in kiosk code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        return f"{text}: {self.field}" if self.field else text


class KioskError(Exception):
    """Root of every error the kiosk raises on purpose."""

    def __init__(self, message: str, *, location: Location | None = None, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.fix = fix

    def __str__(self) -> str:
        head = f"{self.location}: {self.message}" if self.location else self.message
        return f"{head} (fix: {self.fix})" if self.fix else head


class ConfigError(KioskError, ValueError):
    """The store config is missing, unreadable or invalid."""


class CameraError(KioskError, OSError):
    """A camera source cannot be opened or read."""


class DisplayError(KioskError, OSError):
    """The display cannot be put to sleep or woken (no X display, no backlight device …)."""


class ScanError(KioskError, ValueError):
    """A scanned code (camera barcode, keyboard-wedge burst, RFID EPC) is not a usable GTIN."""


class DeviceError(KioskError, OSError):
    """A scanner, RFID reader or light adapter cannot be opened or driven."""
