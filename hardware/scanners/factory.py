"""Build the scan hub from the store config's ``scanners`` section (called by kiosk/app.py).

Only what the config names is opened; a device that cannot be opened is a
``DeviceError`` at start-up (never a silent fake).  The camera-tag reader is
added only when the mirror has a camera frame source to share.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from hardware.camera.frames import Frame
from hardware.scanners.base import ScanHub
from hardware.scanners.camera_scanner import CameraTagScanner
from hardware.scanners.camera_tags import CameraTagReader
from hardware.scanners.evdev_reader import EvdevWedgeReader
from hardware.scanners.events import ErrorHandler, ScanHandler
from hardware.scanners.rfid_serial import SerialRfidReader
from hardware.scanners.wedge import KeystrokeParser


class ScannersSection(Protocol):
    """The fields read from the config's ``scanners`` section (kiosk.config.ScannersSection
    satisfies it; declared here so hardware imports nothing from kiosk)."""

    @property
    def camera_tags(self) -> bool: ...
    @property
    def camera_reads_per_s(self) -> float: ...
    @property
    def hid_device(self) -> str | None: ...
    @property
    def hid_grab(self) -> bool: ...
    @property
    def hid_max_key_gap_s(self) -> float: ...
    @property
    def rfid_port(self) -> str | None: ...
    @property
    def rfid_baudrate(self) -> int: ...
    @property
    def rfid_hold_s(self) -> float: ...
    @property
    def repeat_hold_s(self) -> float: ...


def scan_hub_from_config(section: ScannersSection, on_item: ScanHandler,
                         on_error: ErrorHandler | None = None, *,
                         latest_frame: Callable[[], Frame | None] | None = None) -> ScanHub:
    """An unstarted hub with every configured source; call ``.start()`` / ``.stop()``."""
    hub = ScanHub(on_item, on_error, hold_s=section.repeat_hold_s)
    if section.camera_tags and latest_frame is not None:
        hub.add(CameraTagScanner(latest_frame, reader=CameraTagReader(),
                                 interval_s=1.0 / section.camera_reads_per_s))
    if section.hid_device:
        hub.add(EvdevWedgeReader(section.hid_device, grab=section.hid_grab,
                                 parser=wedge_parser(section)))
    if section.rfid_port:
        hub.add(SerialRfidReader(section.rfid_port, baudrate=section.rfid_baudrate,
                                 hold_s=section.rfid_hold_s))
    return hub


def wedge_parser(section: ScannersSection) -> KeystrokeParser:
    """The parser for a wedge scanner whose keys reach the UI (no evdev): feed it Qt key events."""
    return KeystrokeParser(max_gap_s=section.hid_max_key_gap_s)
