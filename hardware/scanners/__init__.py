"""Item identification: camera hang tags, HID wedge scanners, serial RFID, taps -> ItemScanned.

    hub = ScanHub(on_item, on_error).add(CameraTagScanner(capture.latest))
    hub.add(EvdevWedgeReader("/dev/input/by-id/usb-…-event-kbd")).add(SerialRfidReader("/dev/ttyUSB0"))
    hub.start() … hub.submit(touched(gtin14)) … hub.stop()
"""

from hardware.scanners.base import RepeatFilter, ScanHub, ScanSource
from hardware.scanners.events import ItemScanned, touched
from hardware.scanners.gs1 import gtin_from_scan
from hardware.scanners.sgtin import decode_sgtin96
from hardware.scanners.wedge import KeystrokeParser

__all__ = ["ItemScanned", "KeystrokeParser", "RepeatFilter", "ScanHub", "ScanSource",
           "decode_sgtin96", "gtin_from_scan", "touched"]
