"""Insight over a real mosquitto: two mirrors record, a back-office collector gathers the store,
the store-wide report adds them up; no event is lost across a broker restart; Home Assistant
sees the retained discovery configs and the live figures as a late subscriber."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from kiosk.insight.collect import EventCollector
from kiosk.insight.discovery import MirrorIdentity, discovery_configs, publish_discovery
from kiosk.insight.recorder import EventRecorder
from kiosk.insight.report import build_report
from kiosk.insight.store import EventStore
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.payloads import MirrorState
from tests.support.insight import WEEK_SINCE, visit
from tests.support.messaging import mqtt_settings, wait_for, write_store_config
from tests.support.mosquitto import ACL, USERS, running_mosquitto

pytestmark = pytest.mark.integration
GTIN = "2000000001111"
# What a store adds to its broker ACL for Home Assistant (docs/insight.md): mirrors write their
# discovery configs; HA reads them and the mirrors' state and live figures, and writes nothing.
HA_ACL = ACL.replace("user mirror\n", "user mirror\ntopic write homeassistant/+/s1_m1/+/config\n") + """
user homeassistant
topic read homeassistant/#
topic read retail/v1/+/mirror/+/state
topic read retail/v1/+/mirror/+/insight
"""


@pytest.fixture
def mosquitto(tmp_path):
    users = USERS | {"homeassistant": "ha-pw"}
    with running_mosquitto(tmp_path / "mosquitto", acl=HA_ACL, users=users) as broker:
        yield broker


@pytest.fixture
def buses():
    started: list[MqttBus] = []

    def make(broker, user: str, client_id: str, **kwargs) -> MqttBus:
        bus = MqttBus(mqtt_settings(broker, user), client_id, **kwargs).start()
        started.append(bus)
        assert bus.wait_connected(5)
        return bus

    yield make
    for bus in started:
        bus.stop()


@pytest.fixture
def databases(tmp_path):
    opened: list[EventStore] = []

    def make(name: str) -> EventStore:
        opened.append(EventStore(tmp_path / f"{name}.sqlite3"))
        return opened[-1]

    yield make
    for db in opened:
        db.close()


def shop(recorder: EventRecorder, n: int, with_request: bool) -> int:
    """One visit; returns how many events it recorded."""
    recorder.record("session_engaged", visit=visit(n))
    recorder.record("item_scanned", visit=visit(n), gtin=GTIN)
    if not with_request:
        return 2
    recorder.record("size_requested", visit=visit(n), request=f"r{n}", gtin=GTIN, size="M")
    recorder.record("size_claimed", request=f"r{n}", elapsed_s=30.0 + n)
    return 4


def test_store_wide_report_from_events_gathered_over_mqtt(mosquitto, buses, databases):
    collector = EventCollector(databases("store"), buses(mosquitto, "manager", "collector"),
                               "s1").start()
    recorders = [EventRecorder(databases(m), store_id="s1", mirror_id=m, zone=z,
                               bus=buses(mosquitto, "mirror", f"mirror-{m}"))
                 for m, z in (("m1", "womenswear"), ("m2", "menswear"))]
    sent = sum(shop(recorders[n % 2], n, with_request=n % 3 == 0) for n in range(12))
    assert collector.wait_for(sent, timeout=10), (collector.accepted, sent)
    assert wait_for(lambda: all(not r.log.unpublished() for r in recorders))
    report = build_report(collector.log, since=WEEK_SINCE)
    assert report.sessions == 12 and report.mirrors == ["m1", "m2"]
    assert {s.zone: s.count for s in report.claim_by_zone} == {"womenswear": 2, "menswear": 2}
    assert collector.rejected == 0


def test_no_event_is_lost_across_a_broker_restart(mosquitto, buses, databases):
    collector = EventCollector(databases("store"), buses(mosquitto, "manager", "collector"),
                               "s1").start()
    mirror_db = databases("m1")
    recorder = EventRecorder(mirror_db, store_id="s1", mirror_id="m1", zone="womenswear")
    recorder.attach(buses(mosquitto, "mirror", "mirror-m1"))
    recorder.record("session_engaged", visit=visit(1))
    assert collector.wait_for(1, timeout=5)
    mosquitto.stop()
    for n in range(2, 6):
        recorder.record("session_engaged", visit=visit(n))
    assert len(mirror_db.unpublished()) == 4
    mosquitto.start()
    assert collector.wait_for(5, timeout=20), collector.accepted
    assert wait_for(lambda: mirror_db.unpublished() == [])
    assert len(collector.log.rows()) == 5


def test_home_assistant_sees_discovery_and_live_figures_as_a_late_subscriber(mosquitto, buses,
                                                                             databases):
    me = MirrorIdentity("s1", "m1", "womenswear", "Fitting room 1")
    state = ("retail/v1/s1/mirror/m1/state", MirrorState(mirror="m1", status="online"))
    mirror_bus = buses(mosquitto, "mirror", "mirror-m1", birth=state)
    acks: list[bool] = []
    publish_discovery(mirror_bus, me, on_ack=acks.append)
    recorder = EventRecorder(databases("m1"), store_id="s1", mirror_id="m1", zone="womenswear",
                             bus=mirror_bus)
    recorder.record("size_requested", visit=visit(1), request="r1", gtin=GTIN, size="M")
    recorder.record("size_claimed", request="r1", elapsed_s=42.0)
    assert wait_for(lambda: acks == [True, True, True])

    home_assistant = buses(mosquitto, "homeassistant", "home-assistant")
    seen: dict[str, dict | None] = {}
    home_assistant.subscribe("homeassistant/#", lambda t, p: seen.__setitem__(t, p))
    home_assistant.subscribe("retail/v1/s1/mirror/m1/+", lambda t, p: seen.__setitem__(t, p))
    expected = discovery_configs(me)
    assert wait_for(lambda: set(expected) <= set(seen)
                    and "retail/v1/s1/mirror/m1/insight" in seen
                    and "retail/v1/s1/mirror/m1/state" in seen)
    assert {t: seen[t] for t in expected} == expected
    stats = seen["retail/v1/s1/mirror/m1/insight"]
    assert stats["open_requests"] == 1 and stats["median_response_s"] == 42.0
    assert seen["retail/v1/s1/mirror/m1/state"]["status"] == "online"


def test_cli_collect_and_discovery_against_the_broker(mosquitto, buses, databases, tmp_path):
    env = dict(os.environ, MQTT_TEST_PASSWORD=mosquitto.users["mirror"])
    config = write_store_config(tmp_path / "cfg", mosquitto.port, mirror="m1")
    db = tmp_path / "store.sqlite3"  # what databases("store") opens afterwards
    collect = subprocess.Popen([sys.executable, "-m", "kiosk", "insight", "collect", "--config",
                                config, "--db", str(db), "--count", "3"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        recorder = EventRecorder(databases("m1"), store_id="s1", mirror_id="m1",
                                 zone="womenswear", bus=buses(mosquitto, "mirror", "mirror-m1"))
        watcher = buses(mosquitto, "homeassistant", "ha")
        seen: list[str] = []
        watcher.subscribe("homeassistant/#", lambda t, p: seen.append(t))
        published = subprocess.run([sys.executable, "-m", "kiosk", "insight", "discovery",
                                    "--config", config, "--publish"], env=env, timeout=60,
                                   capture_output=True, text=True)
        assert published.returncode == 0, published.stderr
        assert wait_for(lambda: len(seen) == 3)
        # The collector subscribes once connected; keep recording until it has three.
        assert wait_for(lambda: recorder.record("session_engaged", visit=visit(9)) and
                        collect.poll() is not None, timeout=30)
        output = collect.communicate(timeout=10)[0]
    finally:
        if collect.poll() is None:
            collect.kill()
            collect.wait()
    assert collect.returncode == 0, output
    stored = int(re.search(r"(\d+) events stored", output).group(1))
    gathered = databases("store")  # the collector's file
    assert stored >= 3 and gathered.path == db and gathered.count() == stored


def test_cli_collect_stops_cleanly_on_sigterm(mosquitto, buses, databases, tmp_path):
    import signal

    env = dict(os.environ, MQTT_TEST_PASSWORD=mosquitto.users["mirror"])
    config = write_store_config(tmp_path / "cfg", mosquitto.port, mirror="m1")
    db = tmp_path / "store.sqlite3"
    collect = subprocess.Popen([sys.executable, "-m", "kiosk", "insight", "collect", "--config",
                                config, "--db", str(db)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        recorder = EventRecorder(databases("m1"), store_id="s1", mirror_id="m1",
                                 zone="womenswear", bus=buses(mosquitto, "mirror", "mirror-m1"))

        def stored() -> int:
            if not db.exists():
                return 0
            log = EventStore(db)
            try:
                return log.count()
            finally:
                log.close()

        assert wait_for(lambda: recorder.record("session_engaged", visit=visit(1)) and
                        stored() > 0, timeout=30)
        collect.send_signal(signal.SIGTERM)
        output = collect.communicate(timeout=15)[0]
    finally:
        if collect.poll() is None:
            collect.kill()
            collect.wait()
    assert collect.returncode == 0, output
    assert re.search(r"\d+ events stored, \d+ duplicates, 0 refused", output)
