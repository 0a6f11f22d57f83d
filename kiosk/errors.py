"""One error root for the whole kiosk.

Every error we raise on purpose derives from ``KioskError`` and carries an
optional location (file, line, column, field) and a fix hint, so a store
manager or installer reads *where* and *how to fix* in one line.  Builtin
mix-ins (``ValueError``, ``OSError`` …) keep ``except ValueError`` callers
working.
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


class ModelError(KioskError, RuntimeError):
    """A model file is missing, corrupt or cannot be loaded."""


class CatalogueError(KioskError, ValueError):
    """A catalogue file or publish is invalid."""


class MessagingError(KioskError, RuntimeError):
    """The broker or a payload misbehaved."""


class PayloadError(MessagingError, ValueError):
    """An MQTT payload failed validation."""


class HandoffError(KioskError, RuntimeError):
    """The basket hand-off failed (service unreachable, token invalid …)."""


class ScenarioError(KioskError, AssertionError):
    """A scripted scenario step failed."""


class ColourError(KioskError, ValueError):
    """Colour calibration or analysis input is unusable (no chart found, bad CCM file …)."""


class DisplayError(KioskError, OSError):
    """The display cannot be put to sleep or woken (no X display, no backlight device …)."""


class ScanError(KioskError, ValueError):
    """A scanned code (camera barcode, keyboard-wedge burst, RFID EPC) is not a usable GTIN."""


class DeviceError(KioskError, OSError):
    """A scanner, RFID reader or light adapter cannot be opened or driven."""
