"""One contract, every scan source: the fake and the real adapters on real OS devices.

- serial RFID reader: pyserial on a real pseudo-terminal (what a USB-CDC reader is to us);
- HID wedge via evdev: kernel-format input events through a real FIFO (the container has
  no /dev/input or /dev/uinput; the grab ioctl is covered by its error path);
- camera tags: rendered barcodes in photo-like frames, through the scanner thread.
"""

from __future__ import annotations

import itertools
import os
import threading

import pytest

from hardware.camera.frames import Frame
from hardware.scanners.camera_scanner import CameraTagScanner
from hardware.scanners.evdev_reader import EvdevWedgeReader, pack_key
from hardware.scanners.fake import FakeScanSource, decode_as
from hardware.scanners.keymap import CODE_OF, KEY_ENTER
from hardware.scanners.rfid_serial import SerialRfidReader
from kiosk.errors import DeviceError, ScanError
from tests.support.messaging import wait_for
from tests.support.scanners import hang_tag, photo, render_linear, render_qr, sgtin96_hex

pytestmark = pytest.mark.integration
GTIN13 = "4006381333931"
GTIN14 = "0" + GTIN13


class FakeDriver:
    source = "hid"

    def __init__(self, tmp_path):
        self.adapter = FakeScanSource("fake", decode_as("hid"))

    def send_valid(self):
        self.adapter.inject(GTIN13)

    def send_invalid(self):
        self.adapter.inject("4006381333932")

    def close(self):
        pass


class SerialRfidDriver:
    source = "rfid"

    def __init__(self, tmp_path):
        self.master, slave = os.openpty()
        self.adapter = SerialRfidReader(os.ttyname(slave), hold_s=0.0)
        os.close(slave)
        self.serial = itertools.count(1)

    def send_valid(self):
        epc = sgtin96_hex(GTIN14, company_digits=7, serial=next(self.serial))
        os.write(self.master, f"EPC:{epc},-58dBm\r\n".encode())

    def send_invalid(self):
        os.write(self.master, b"3174257BF7194E4000001A85\r\n")   # an SSCC pallet tag

    def close(self):
        os.close(self.master)


class EvdevDriver:
    source = "hid"

    def __init__(self, tmp_path):
        path = str(tmp_path / "event-kbd")
        os.mkfifo(path)
        keep_open = os.open(path, os.O_RDONLY | os.O_NONBLOCK)   # lets the writer open now
        self.writer = os.open(path, os.O_WRONLY)
        os.close(keep_open)
        self.adapter = EvdevWedgeReader(path, grab=False)
        self.clock = itertools.count(1)

    def _type(self, text: str):
        t = float(next(self.clock) * 10)
        events = b""
        for i, char in enumerate(text):
            code = KEY_ENTER if char == "\r" else CODE_OF[char]
            events += pack_key(code, True, t + i * 0.004) + pack_key(code, False, t + i * 0.004 + 0.001)
        os.write(self.writer, events)

    def send_valid(self):
        self._type(GTIN13 + "\r")

    def send_invalid(self):
        self._type("4006381333932\r")

    def close(self):
        os.close(self.writer)


class CameraDriver:
    source = "camera"

    def __init__(self, tmp_path):
        self.frame: Frame | None = None
        self.seq = itertools.count(1)
        self.adapter = CameraTagScanner(lambda: self.frame, interval_s=0.02, hold_s=0.0)

    def _show(self, symbol):
        self.frame = Frame(next(self.seq), 0.0, photo(hang_tag(symbol), width_frac=0.45))

    def send_valid(self):
        self._show(render_linear("ean13", GTIN13[:12]))

    def send_invalid(self):
        self._show(render_qr("https://example.com/summer-sale"))

    def close(self):
        pass


@pytest.fixture(params=[FakeDriver, SerialRfidDriver, EvdevDriver, CameraDriver],
                ids=["fake", "rfid-serial-pty", "hid-evdev-fifo", "camera-tags"])
def started(request, tmp_path):
    driver = request.param(tmp_path)
    scans, errors = [], []
    driver.adapter.start(scans.append, errors.append)
    yield driver, scans, errors
    driver.adapter.stop()
    driver.close()


def test_a_valid_code_gives_one_scan_with_its_source(started):
    driver, scans, errors = started
    driver.send_valid()
    assert wait_for(lambda: len(scans) == 1)
    assert (scans[0].gtin, scans[0].source) == (GTIN14, driver.source)
    assert errors == []


def test_an_invalid_code_is_an_error_and_the_source_keeps_working(started):
    driver, scans, errors = started
    driver.send_invalid()
    assert wait_for(lambda: len(errors) == 1)
    assert isinstance(errors[0], ScanError) and errors[0].fix
    assert scans == []
    driver.send_valid()
    assert wait_for(lambda: len(scans) == 1) and scans[0].gtin == GTIN14


def test_stop_is_idempotent_and_ends_every_thread(started):
    driver, _, _ = started
    driver.adapter.stop()
    driver.adapter.stop()
    assert not [t for t in threading.enumerate()
                if t.name in ("rfid-serial", "hid-evdev", "camera-tags")]


def test_a_missing_device_is_a_device_error_at_start(tmp_path):
    for adapter in (SerialRfidReader(str(tmp_path / "ttyUSB9")),
                    EvdevWedgeReader(str(tmp_path / "event9"))):
        with pytest.raises(DeviceError) as caught:
            adapter.start(print, print)
        assert caught.value.fix


def test_grab_failure_is_a_device_error(tmp_path):
    path = tmp_path / "not-an-input-device"
    path.write_bytes(b"")
    with pytest.raises(DeviceError, match="cannot grab"):
        EvdevWedgeReader(str(path), grab=True).start(print, print)


def test_rfid_reader_reports_a_tag_in_the_field_once(tmp_path):
    master, slave = os.openpty()
    reader = SerialRfidReader(os.ttyname(slave), hold_s=30.0)
    os.close(slave)
    scans = []
    reader.start(scans.append, print)
    try:
        epc = sgtin96_hex(GTIN14, company_digits=7, serial=42)
        for _ in range(5):
            os.write(master, f"{epc}\r\n".encode())
        assert wait_for(lambda: reader.counts["lines"] == 5)
        assert [s.raw for s in scans] == [epc]
    finally:
        reader.stop()
        os.close(master)


def test_rfid_reader_unplugged_is_reported_and_retried_until_stopped():
    master, slave = os.openpty()
    reader = SerialRfidReader(os.ttyname(slave), reopen_s=0.05)
    os.close(slave)
    errors = []
    reader.start(print, errors.append)
    try:
        os.close(master)                       # the USB cable is pulled
        assert wait_for(lambda: any(isinstance(e, DeviceError) for e in errors))
        assert "failed" in str(errors[0]) and errors[0].fix
    finally:
        reader.stop()
