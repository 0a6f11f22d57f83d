"""Reliability of size requests against a real mosquitto (auth + ACL, persistence on).

- the kiosk process is killed mid-outage, then broker and kiosk restart: every
  request arrives, exactly once after dedupe;
- two handhelds claim at once: one wins, both see it;
- a handheld offline for a while gets the current open list on return.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.payloads import Staff
from kiosk.messaging.service import MirrorMessaging, outbox_path
from kiosk.messaging.staff import StaffRequests
from tests.support.messaging import GTIN, mqtt_settings, wait_for, write_store_config
from tests.support.mosquitto import running_mosquitto

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mosquitto(tmp_path):
    with running_mosquitto(tmp_path / "mosquitto") as broker:
        yield broker


def handheld(broker, staff_id: str, name: str, client_id: str | None = None):
    bus = MqttBus(mqtt_settings(broker, "staff"), client_id or f"staff-{staff_id}").start()
    seen: list[tuple[str, int]] = []
    client = StaffRequests(bus, store="s1", staff=Staff(id=staff_id, name=name), zone="womenswear")
    bus.subscribe(topics.requests_filter("s1", "womenswear"),
                  lambda t, p: seen.append((p["id"], p["revision"])) if p else None)
    client.start()
    assert bus.wait_connected(5)
    return bus, client, seen


def kiosk(config: str, *args: str) -> subprocess.Popen:
    env = os.environ | {"MQTT_TEST_PASSWORD": "mirror-pw", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "kiosk", "size-request", "--config", config, *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def pending_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT COUNT(*) FROM outbox WHERE state='pending'").fetchone()[0]
    except sqlite3.OperationalError:  # the kiosk is still creating it
        return 0


def test_kiosk_killed_mid_outage_loses_nothing_and_duplicates_nothing(mosquitto, tmp_path):
    config = write_store_config(tmp_path, mosquitto.port)
    db = outbox_path(load_config(config))
    bus, staff, seen = handheld(mosquitto, "anna", "Anna")
    bus.stop()                      # the handheld sleeps; its persistent session stays
    mosquitto.stop()                # outage
    first = kiosk(config, "--gtin", GTIN, "--size", "M", "--count", "20", "--wait", "0")
    try:
        assert wait_for(lambda: pending_rows(db) == 20, timeout=20), first.stdout
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(5)
    mosquitto.start()
    bus, staff, seen = handheld(mosquitto, "anna", "Anna")
    second = kiosk(config, "--until", "sent", "--wait", "20")
    output, _ = second.communicate(timeout=30)
    try:
        assert second.returncode == 0, output
        assert wait_for(lambda: len({rid for rid, _ in seen}) >= 20)
        assert len({rid for rid, _ in seen}) == 20 and pending_rows(db) == 0
        assert len(staff.visible()) == 20 and {v.size for v in staff.visible()} == {"M"}
    finally:
        bus.stop()


@pytest.fixture
def mirror(mosquitto, tmp_path, monkeypatch):
    monkeypatch.setenv("MQTT_TEST_PASSWORD", "mirror-pw")
    changes = []
    messaging = MirrorMessaging.from_config(load_config(write_store_config(tmp_path, mosquitto.port)),
                                            on_request_change=changes.append).start()
    assert messaging.mqtt.wait_connected(5)
    messaging.changes = changes
    yield messaging
    messaging.stop()


def test_two_handhelds_claim_at_once_one_wins_and_both_see_it(mosquitto, mirror):
    (bus_a, anna, _), (bus_b, ben, _) = handheld(mosquitto, "anna", "Anna"), handheld(mosquitto, "ben", "Ben")
    try:
        rid = mirror.requests.request(GTIN, "M", product_name="Linen shirt")
        assert wait_for(lambda: anna.visible() and ben.visible())
        start = threading.Barrier(2)
        threads = [threading.Thread(target=lambda c=c: (start.wait(), c.claim(rid))) for c in (anna, ben)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert wait_for(lambda: anna.visible()[0].status == ben.visible()[0].status == "claimed")
        winner = mirror.requests.get(rid).claimed_by
        assert winner in ("Anna", "Ben")
        assert anna.visible()[0].claimed_by == ben.visible()[0].claimed_by == winner
        assert wait_for(lambda: mirror.requests.stats["lost_races"] == 1)
        assert [c.text for c in mirror.changes if c.status == "claimed"] == [f"{winner} is bringing M"]
    finally:
        bus_a.stop()
        bus_b.stop()


def test_a_handheld_back_from_offline_gets_the_open_list(mosquitto, mirror):
    bus, _, _ = handheld(mosquitto, "anna", "Anna", client_id="staff-anna-hh")
    bus.stop()
    ids = [mirror.requests.request(GTIN, size) for size in ("S", "M", "L")]
    mirror.requests.cancel(ids[1])
    bus, anna, _ = handheld(mosquitto, "anna", "Anna", client_id="staff-anna-hh")
    fresh_bus, fresh, _ = handheld(mosquitto, "ben", "Ben")   # never connected before
    try:
        for client in (anna, fresh):
            assert wait_for(lambda c=client: {v.id for v in c.visible()} == {ids[0], ids[2]})
    finally:
        bus.stop()
        fresh_bus.stop()
