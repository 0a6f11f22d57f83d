"""One error root for the whole kiosk.

Every error we raise on purpose derives from ``KioskError`` and carries an
optional location (file, line, column, field) and a fix hint, so a store
manager or installer reads *where* and *how to fix* in one line.  Builtin
mix-ins (``ValueError``, ``OSError`` …) keep ``except ValueError`` callers
working.  The root, ``Location`` and the errors hardware adapters raise are defined in
hardware/errors.py (hardware imports nothing from kiosk) and re-exported here: kiosk code
keeps importing every error from this module.
"""

from __future__ import annotations

from hardware.errors import (
    CameraError,
    ConfigError,
    DeviceError,
    DisplayError,
    KioskError,
    Location,
    ScanError,
)

__all__ = ["CameraError", "CatalogueError", "ColourError", "ConfigError", "DeviceError",
           "DisplayError", "HandoffError", "KioskError", "Location", "MessagingError",
           "ModelError", "PayloadError", "ScanError", "ScenarioError"]


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
