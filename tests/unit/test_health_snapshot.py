"""HealthSnapshot from real sources (capture loop on a fake camera, a real SQLite outbox)."""

from __future__ import annotations

import json
import logging
import time
from types import SimpleNamespace

import numpy as np

from hardware.camera import CaptureLoop
from hardware.camera.fake import FakeCamera
from hardware.display.fake import FakeDisplay
from kiosk.health.crashloop import SafeMode
from kiosk.health.display_power import DisplayPowerPolicy
from kiosk.health.publisher import HEALTH_FILE, HealthPublisher
from kiosk.health.snapshot import HealthCollector, LastError
from kiosk.messaging import payloads
from kiosk.messaging.outbox import Outbox


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def test_snapshot_carries_camera_broker_outbox_catalogue_and_last_error(tmp_path):
    frame = np.full((120, 160, 3), 90, np.uint8)
    capture = CaptureLoop(lambda: FakeCamera([frame]), stall_seconds=2)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.add("m1", "retail/v1/s/x", b"{}")
    outbox.add("m2", "retail/v1/s/y", b"{}")
    outbox.add("m3", "retail/v1/s/z", b"{}")
    outbox.mark("m1", "sent")
    outbox.mark("m3", "quarantined")
    errors = LastError()
    logger = logging.getLogger("kiosk.test.health")
    logger.addHandler(errors)
    capture.start()
    try:
        assert wait_for(lambda: capture.stats.frames > 5)
        logger.error("catalogue swap failed: %s", "bad sha256")
        collector = HealthCollector(
            capture=capture, messaging=SimpleNamespace(
                connected=False, outbox=outbox, mqtt=SimpleNamespace(stats={"loop_crashes": 2})),
            display=DisplayPowerPolicy(FakeDisplay()), safe_mode=SafeMode("safe", 3, "x"),
            catalogue_version=lambda: "2026-11-20.3", errors=errors, version="0.1.0")
        health = collector.collect().as_payload()
    finally:
        capture.stop()
        logger.removeHandler(errors)
        outbox.close()
    assert health["camera"] == "live" and health["camera_frames"] > 5
    assert health["camera_fps"] > 0 and "camera_dropped" in health
    assert health["broker_connected"] is False and health["outbox_pending"] == 1
    assert health["outbox_quarantined"] == 1 and health["mqtt_loop_crashes"] == 2
    assert health["catalogue_version"] == "2026-11-20.3"
    assert health["last_error"] == "kiosk.test.health: catalogue swap failed: bad sha256"
    assert health["display"] == "awake" and health["safe_mode"] == "safe"
    assert health["rss_mb"] > 10 and health["threads"] >= 1 and health["fds"] > 0
    state = payloads.parse("MirrorState", {"v": 1, "ts": 1, "mirror": "m", "status": "online",
                                           "health": health})
    assert state.health == health  # fits the retained mirror state as is


def test_missing_sources_are_reported_as_absent_not_guessed():
    health = HealthCollector().collect().as_payload()
    assert health["camera"] == "off" and health["safe_mode"] == "normal"
    assert "broker_connected" not in health and "catalogue_version" not in health


def test_a_failing_source_does_not_stop_the_snapshot():
    def broken():
        raise RuntimeError("catalogue store closed")
    assert "catalogue_version" not in HealthCollector(catalogue_version=broken).collect().as_payload()


def test_publisher_publishes_and_writes_health_json_for_the_support_bundle(tmp_path):
    published = []
    publisher = HealthPublisher(HealthCollector(version="0.1.0"), published.append, tmp_path,
                                interval_s=0.05).start()
    try:
        assert wait_for(lambda: len(published) >= 2)
    finally:
        publisher.stop()
    written = json.loads((tmp_path / HEALTH_FILE).read_text())
    assert written["version"] == "0.1.0" and set(written) == set(published[-1]) | set(written)


def test_publisher_survives_a_failing_publish(tmp_path, caplog):
    def refuse(_):
        raise OSError("outbox disk full")
    payload = HealthPublisher(HealthCollector(), refuse, tmp_path).publish_now()
    assert payload["camera"] == "off" and "health publish failed" in caplog.text
