"""Health in the retained mirror state, through a real mosquitto: a manager tool that
connects later reads camera, broker, outbox, catalogue, safe mode and the last error; the
retained state survives a broker restart."""

from __future__ import annotations

import logging
import threading

import numpy as np
import pytest

from hardware.camera import CaptureLoop
from hardware.camera.fake import FakeCamera
from kiosk.config import load_config
from kiosk.health.sdnotify import SystemdNotifier
from kiosk.health.unattended import Unattended
from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.service import MirrorMessaging
from tests.support.messaging import mqtt_settings, wait_for, write_store_config
from tests.support.mosquitto import running_mosquitto

pytestmark = pytest.mark.integration


def retained_state(broker) -> dict | None:
    """What a manager tool sees when it subscribes now (retained message only)."""
    seen: dict = {}
    got = threading.Event()

    def on_state(topic, payload):
        seen.update(payload or {})
        got.set()

    reader = MqttBus(mqtt_settings(broker, "manager"), "manager-probe").start()
    try:
        reader.subscribe(topics.mirror_state("s1", "m1"), on_state)
        got.wait(10)
    finally:
        reader.stop()
    return seen or None


def test_retained_state_carries_health_and_survives_a_broker_restart(tmp_path, monkeypatch):
    with running_mosquitto(tmp_path / "broker") as broker:
        monkeypatch.setenv("MQTT_TEST_PASSWORD", broker.users["mirror"])
        monkeypatch.chdir(tmp_path)
        config = load_config(write_store_config(tmp_path, broker.port))
        unattended = Unattended.start(config, notifier=SystemdNotifier(environ={}))
        capture = CaptureLoop(lambda: FakeCamera([np.zeros((48, 64, 3), np.uint8)]))
        messaging = MirrorMessaging.from_config(config).start()
        capture.start()
        try:
            assert wait_for(lambda: messaging.connected and capture.stats.frames > 3)
            logging.getLogger("kiosk.catalogue").error("published catalogue rejected")
            publisher = unattended.health_publisher(
                publish=messaging.publish_health, capture=capture, messaging=messaging,
                catalogue_version=lambda: "2026-11-23.1", version="0.1.0")
            publisher.start()
            assert wait_for(lambda: publisher.rounds >= 1)
            broker.restart()
            # the birth message on reconnect has no health: the publisher re-sends at once
            assert wait_for(lambda: messaging.connected and publisher.rounds >= 2)
            assert wait_for(lambda: messaging.outbox.counts().get("pending", 0) == 0)
            state = retained_state(broker)
        finally:
            publisher.stop()
            capture.stop()
            messaging.stop()
            unattended.clean_exit()
    health = state["health"]
    assert state["status"] == "online" and health["camera"] == "live"
    assert health["broker_connected"] is True and health["outbox_pending"] == 0
    assert health["catalogue_version"] == "2026-11-23.1" and health["safe_mode"] == "normal"
    assert health["last_error"] == "kiosk.catalogue: published catalogue rejected"
    assert health["camera_frames"] > 3 and "camera_dropped" in health and health["rss_mb"] > 0
