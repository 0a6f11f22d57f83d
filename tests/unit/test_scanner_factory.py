"""The config decides which real adapters exist; nothing is faked behind the store's back."""

from __future__ import annotations

import os

import pytest

from hardware.lights.factory import lights_from_config
from hardware.scanners.camera_scanner import CameraTagScanner
from hardware.scanners.evdev_reader import EvdevWedgeReader
from hardware.scanners.factory import scan_hub_from_config, wedge_parser
from hardware.scanners.rfid_serial import SerialRfidReader
from kiosk.config import LightsSection, ScannersSection
from kiosk.errors import DeviceError
from kiosk.messaging.bus import InMemoryBus


def test_only_configured_sources_are_built():
    section = ScannersSection(hid_device="/dev/input/by-id/usb-scanner-event-kbd",
                              rfid_port="/dev/ttyUSB0", camera_reads_per_s=5)
    hub = scan_hub_from_config(section, print, latest_frame=lambda: None)
    kinds = [type(source) for source in hub.sources]
    assert kinds == [CameraTagScanner, EvdevWedgeReader, SerialRfidReader]
    assert hub.sources[0].interval_s == pytest.approx(0.2)
    assert scan_hub_from_config(ScannersSection(), print).sources == []   # camera off: none


def test_a_configured_device_that_is_missing_is_reported_at_start_and_the_rest_runs(tmp_path):
    errors = []
    master, slave = os.openpty()
    hub = scan_hub_from_config(ScannersSection(camera_tags=False, rfid_port=str(tmp_path / "ttyUSB7")),
                               print, errors.append)
    working = scan_hub_from_config(ScannersSection(rfid_port=os.ttyname(slave)), print).sources[0]
    hub.add(working)  # a second reader after the missing one
    try:
        hub.start()
        assert len(errors) == 1 and isinstance(errors[0], DeviceError)
        assert working._serial is not None  # the second reader opened its port and runs
    finally:
        hub.stop()
        os.close(master)
        os.close(slave)


def test_a_working_serial_port_starts_and_stops():
    master, slave = os.openpty()
    hub = scan_hub_from_config(ScannersSection(rfid_port=os.ttyname(slave)), print)
    try:
        hub.start()
    finally:
        hub.stop()
        os.close(master)
        os.close(slave)


def test_wedge_parser_takes_the_configured_gap():
    assert wedge_parser(ScannersSection(hid_max_key_gap_s=0.02)).max_gap_s == 0.02


def test_lights_only_when_enabled():
    bus = InMemoryBus()
    assert lights_from_config(LightsSection(), bus) is None
    lights = lights_from_config(LightsSection(enabled=True, devices=["room-1"],
                                              base_topic="z2m"), bus)
    lights.apply("office")
    assert bus.published[0].topic == "z2m/room-1/set"
