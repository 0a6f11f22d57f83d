"""ScanHub: every source into one stream; echoes of the same tag dropped, taps always pass."""

from __future__ import annotations

from hardware.scanners.base import ScanHub
from hardware.scanners.events import ItemScanned, touched
from hardware.scanners.fake import FakeScanSource, decode_as
from kiosk.errors import ScanError
from tests.support.messaging import FakeClock


def make_hub():
    clock, items, errors = FakeClock(), [], []
    hub = ScanHub(items.append, errors.append, hold_s=2.0, clock=clock)
    camera, wedge = FakeScanSource("camera", decode_as("camera")), FakeScanSource("hid")
    hub.add(camera).add(wedge).start()
    return hub, clock, items, errors, camera, wedge


def test_the_same_tag_seen_by_two_readers_is_one_item():
    hub, clock, items, _, camera, wedge = make_hub()
    camera.inject("4006381333931")
    clock.advance(0.5)
    wedge.inject("04006381333931")
    assert [(i.gtin, i.source) for i in items] == [("04006381333931", "camera")]
    assert hub.counts == {"items": 1, "repeats": 1, "errors": 0}


def test_a_rescan_after_the_hold_time_counts_again_and_taps_always_count():
    hub, clock, items, _, camera, _ = make_hub()
    camera.inject("4006381333931")
    clock.advance(2.5)
    camera.inject("4006381333931")
    hub.submit(touched("04006381333931"))
    assert [i.source for i in items] == ["camera", "camera", "touch"]


def test_errors_from_any_source_reach_the_error_handler_and_stop_stops_all():
    hub, _, items, errors, camera, wedge = make_hub()
    wedge.inject("12345")
    assert items == [] and isinstance(errors[0], ScanError) and hub.counts["errors"] == 1
    hub.stop()
    assert camera.calls[-1] == "stop" and wedge.calls[-1] == "stop"
    camera.inject("4006381333931")
    assert items == []


def test_item_scanned_refuses_what_is_not_a_gtin14_or_a_known_source():
    for bad in (dict(gtin="4006381333931", source="hid"), dict(gtin="04006381333931", source="nfc")):
        try:
            ItemScanned(raw="x", **bad)
        except ScanError:
            continue
        raise AssertionError(f"accepted {bad}")


def test_a_paused_camera_scanner_reads_nothing_until_resumed():
    import itertools

    from hardware.camera.frames import Frame
    from hardware.scanners.camera_scanner import CameraTagScanner
    from tests.support.messaging import wait_for
    from tests.support.scanners import hang_tag, photo, render_linear

    image, seq = photo(hang_tag(render_linear("ean13", "400638133393"))), itertools.count(1)
    scanner, items = CameraTagScanner(lambda: Frame(next(seq), 0.0, image), interval_s=0.01), []
    scanner.paused = True
    scanner.start(items.append, print)
    try:
        assert not wait_for(lambda: scanner.counts["frames"] > 0, timeout=0.3)
        scanner.paused = False
        assert wait_for(lambda: len(items) == 1)
    finally:
        scanner.stop()
