"""The paho adapter against real brokers: mosquitto (MQTT 5 and 3.1.1, auth, ACL, TLS,
last will) and the embedded amqtt demo broker (3.1.1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.messaging import topics
from kiosk.messaging.demo_broker import DemoBroker
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.outbox import DurableBus, Outbox
from kiosk.messaging.payloads import Staff
from kiosk.messaging.service import MirrorMessaging
from kiosk.messaging.settings import MqttSettings
from kiosk.messaging.staff import StaffRequests
from tests.support.messaging import GTIN, mqtt_settings, wait_for, write_store_config
from tests.support.mosquitto import free_port, make_tls_files, running_mosquitto, tls_listener

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mosquitto(tmp_path):
    with running_mosquitto(tmp_path / "mosquitto") as broker:
        yield broker


@pytest.fixture
def bus_factory():
    started: list[MqttBus] = []

    def make(settings, client_id, **kwargs) -> MqttBus:
        bus = MqttBus(settings, client_id, **kwargs).start()
        started.append(bus)
        return bus

    yield make
    for bus in started:
        bus.stop()


@pytest.mark.parametrize("protocol", ["5", "3.1.1"])
def test_round_trip_with_retained_docs_for_late_joiners(mosquitto, bus_factory, protocol):
    mirror = bus_factory(mqtt_settings(mosquitto, "mirror", protocol), "mirror-s1-m1")
    assert mirror.wait_connected(5)
    acks = []
    mirror.publish(topics.request("s1", "z", "m1", "r1"), {"v": 1, "n": 1}, retain=True,
                   expiry_s=60, on_ack=acks.append)
    assert wait_for(lambda: acks == [True])
    late = bus_factory(mqtt_settings(mosquitto, "staff", protocol), "staff-late")
    got = []
    late.subscribe(topics.requests_filter("s1", "z"), lambda t, p: got.append((t, p)))
    assert wait_for(lambda: got == [(topics.request("s1", "z", "m1", "r1"), {"v": 1, "n": 1})])


def test_wrong_password_is_refused_and_never_counted_as_connected(mosquitto, bus_factory):
    bad = replace(mqtt_settings(mosquitto, "staff"), password="wrong")
    bus = bus_factory(bad, "staff-bad")
    assert not bus.wait_connected(1.0)
    assert bus.stats["refused"] >= 1 and "Not authorized" in bus.last_error


def test_a_publish_outside_the_acl_is_refused_under_mqtt5_and_recorded(mosquitto, bus_factory, tmp_path):
    staff = bus_factory(mqtt_settings(mosquitto, "staff"), "staff-x")
    assert staff.wait_connected(5)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    durable = DurableBus(staff, outbox)
    acks = []
    durable.publish(topics.request("s1", "z", "m1", "forged"), {"v": 1}, retain=True, on_ack=acks.append)
    assert wait_for(lambda: acks == [False])
    assert outbox.counts() == {"refused": 1} and staff.stats["refused_publishes"] == 1
    outbox.close()


def test_bad_payloads_never_kill_the_loop(mosquitto, bus_factory):
    mirror = bus_factory(mqtt_settings(mosquitto, "mirror"), "mirror-s1-m1")
    got = []
    mirror.subscribe("retail/v1/s1/+", lambda t, p: got.append(p["n"]) if t.endswith("ok") else None)
    assert mirror.wait_subscribed(5)
    garbage = [b"\xff\xfe", b"[1,2]", b"not json", b'{"n": 1' , b"x" * 300_000]
    for raw in garbage:
        _mosquitto_pub(mosquitto, "retail/v1/s1/junk", raw)
    _mosquitto_pub(mosquitto, "retail/v1/s1/ok", b'{"n": 1}')
    mirror.subscribe("retail/v1/s1/boom", lambda t, p: 1 / 0)
    assert mirror.wait_subscribed(5)
    _mosquitto_pub(mosquitto, "retail/v1/s1/boom", b"{}")
    _mosquitto_pub(mosquitto, "retail/v1/s1/ok", b'{"n": 2}')
    assert wait_for(lambda: got[-1:] == [2])
    assert mirror.stats["bad_payloads"] == 5 and mirror.stats["handler_errors"] == 1


def _mosquitto_pub(broker, topic: str, raw: bytes) -> None:
    subprocess.run(["mosquitto_pub", "-p", str(broker.port), "-u", "mirror", "-P", "mirror-pw",
                    "-q", "1", "-t", topic, "-s"], input=raw, check=True, timeout=10)


def test_plain_mosquitto_sub_sees_a_size_request(mosquitto, tmp_path, monkeypatch):
    sub = subprocess.Popen(["mosquitto_sub", "-p", str(mosquitto.port), "-u", "staff", "-P",
                            "staff-pw", "-t", "retail/v1/s1/requests/+/+/+", "-C", "1", "-W", "10",
                            "-v"], stdout=subprocess.PIPE, text=True)
    monkeypatch.setenv("MQTT_TEST_PASSWORD", "mirror-pw")
    messaging = MirrorMessaging.from_config(load_config(write_store_config(tmp_path, mosquitto.port)))
    messaging.start()
    try:
        assert messaging.mqtt.wait_connected(5)
        rid = messaging.requests.request(GTIN, "M", "navy", product_name="Linen shirt")
        out, _ = sub.communicate(timeout=15)
    finally:
        messaging.stop()
    assert out.startswith(f"retail/v1/s1/requests/womenswear/m1/{rid} ")
    assert '"size":"M"' in out and '"status":"open"' in out


def test_the_last_will_marks_a_killed_mirror_offline(mosquitto, tmp_path, bus_factory):
    config = write_store_config(tmp_path, mosquitto.port)
    env = os.environ | {"MQTT_TEST_PASSWORD": "mirror-pw", "PYTHONPATH": str(ROOT)}
    watcher = bus_factory(mqtt_settings(mosquitto, "staff"), "staff-watch")
    states = []
    watcher.subscribe(topics.mirror_state("s1", "m1"), lambda t, p: states.append(p["status"]))
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "size-request", "--config", config,
                              "--until", "claimed", "--wait", "0"], cwd=ROOT, env=env)
    try:
        assert wait_for(lambda: "online" in states, timeout=15)
    finally:
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(5)
    assert wait_for(lambda: states[-1:] == ["offline"], timeout=15)


def test_tls_with_a_private_ca(tmp_path, bus_factory):
    files = make_tls_files(tmp_path / "tls")
    port = free_port()
    with running_mosquitto(tmp_path / "mq", extra_config=tls_listener(port, files)) as broker:
        settings = replace(mqtt_settings(broker, "mirror"), port=port, ca_file=str(files["ca"]))
        bus = bus_factory(settings, "mirror-tls")
        assert bus.wait_connected(5)
        untrusted = bus_factory(replace(settings, ca_file=str(files["cert"])), "mirror-untrusted")
        assert not untrusted.wait_connected(1.0)


def test_demo_broker_carries_a_request_and_a_claim_over_mqtt_311(bus_factory):
    with DemoBroker(port=0) as demo:
        settings = MqttSettings(port=demo.port, protocol="3.1.1")
        from kiosk.messaging.requests import SizeRequests

        mirror_bus = bus_factory(settings, "mirror-demo")
        changes = []
        requests = SizeRequests(mirror_bus, store="s1", mirror="m1", zone="womenswear",
                                on_change=changes.append).start()
        staff_bus = bus_factory(settings, "staff-demo")
        anna = StaffRequests(staff_bus, store="s1", staff=Staff(id="anna", name="Anna"),
                             zone="womenswear").start()
        assert mirror_bus.wait_connected(5) and staff_bus.wait_connected(5)
        rid = requests.request(GTIN, "M")
        assert wait_for(lambda: [v.id for v in anna.visible()] == [rid])
        anna.claim(rid)
        assert wait_for(lambda: changes[-1].text == "Anna is bringing M")
        mirror_bus.stop()
        staff_bus.stop()


def test_mqtt5_message_expiry_makes_stale_docs_vanish(mosquitto, bus_factory):
    mirror = bus_factory(mqtt_settings(mosquitto, "mirror"), "mirror-s1-m1")
    assert mirror.wait_connected(5)
    acks = []
    mirror.publish(topics.request("s1", "z", "m1", "stale"), {"v": 1}, retain=True, expiry_s=1,
                   on_ack=acks.append)
    mirror.publish(topics.request("s1", "z", "m1", "fresh"), {"v": 1}, retain=True, expiry_s=600,
                   on_ack=acks.append)
    assert wait_for(lambda: acks == [True, True])
    import time
    time.sleep(2.1)  # let the broker's clock pass the 1 s expiry (not a timing assertion)
    late = bus_factory(mqtt_settings(mosquitto, "staff"), "staff-late")
    got = []
    late.subscribe(topics.requests_filter("s1", "z"), lambda t, p: got.append(t.rsplit("/", 1)[1]))
    assert wait_for(lambda: got == ["fresh"])


def test_escalation_reaches_the_floor_lead_when_nobody_claims(mosquitto, bus_factory, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("MQTT_TEST_PASSWORD", "mirror-pw")
    extra = "  requests: {escalate_after_s: [0.5, 1.5], expire_after_s: 600}\n"
    messaging = MirrorMessaging.from_config(
        load_config(write_store_config(tmp_path, mosquitto.port, extra=extra))).start()
    lead_bus = bus_factory(mqtt_settings(mosquitto, "staff"), "staff-lea")
    rungs = []
    lead = StaffRequests(lead_bus, store="s1", staff=Staff(id="lea", name="Léa"), role="floor_lead",
                         on_list=lambda views: rungs.extend(v.notify for v in views)).start()
    try:
        assert messaging.mqtt.wait_connected(5) and lead_bus.wait_subscribed(5)
        rid = messaging.requests.request(GTIN, "M")
        assert wait_for(lambda: "manager" in rungs)
        assert [v.id for v in lead.visible()] == [rid]
        assert "zone" not in rungs and rungs.index("floor_lead") < rungs.index("manager")
    finally:
        messaging.stop()


def test_a_deeply_nested_payload_is_logged_and_counted_not_swallowed(mosquitto, bus_factory, caplog):
    """json recursed until RecursionError, which paho swallowed: no log line, no count."""
    mirror = bus_factory(mqtt_settings(mosquitto, "mirror"), "mirror-s1-m1")
    got = []
    mirror.subscribe("retail/v1/s1/+", lambda t, p: got.append(p))
    assert mirror.wait_subscribed(5)
    _mosquitto_pub(mosquitto, "retail/v1/s1/deep", b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    _mosquitto_pub(mosquitto, "retail/v1/s1/ts", b'{"v": 1, "ts": 1e999}')
    _mosquitto_pub(mosquitto, "retail/v1/s1/ok", b'{"n": 1}')
    assert wait_for(lambda: got == [{"n": 1}])
    assert mirror.stats["bad_payloads"] == 2 and mirror.stats["callback_errors"] == 0
    assert "dropped payload on retail/v1/s1/deep" in caplog.text
    assert "dropped payload on retail/v1/s1/ts" in caplog.text


def test_an_expiry_too_big_for_mqtt_is_queued_through_an_outage_without_killing_the_loop(
        mosquitto, bus_factory):
    """The probe's doc made paho pack an expiry > 2**32-1 while resending after CONNACK:
    the network thread died and the mirror never heard the broker again."""
    mirror = bus_factory(mqtt_settings(mosquitto, "mirror"), "mirror-s1-m1")
    assert mirror.wait_connected(5)
    mosquitto.stop()
    assert wait_for(lambda: not mirror.connected)
    acks = []
    for n, expiry in enumerate([2.0**32 + 600, 60, 60]):
        mirror.publish(topics.request("s1", "z", "m1", f"r{n}"), {"v": 1, "n": n}, retain=True,
                       expiry_s=expiry, on_ack=acks.append)
    mosquitto.start()
    assert wait_for(lambda: acks == [True, True, True])
    assert mirror.connected and mirror.stats["loop_crashes"] == 0
    late = bus_factory(mqtt_settings(mosquitto, "staff"), "staff-late")
    got = []
    late.subscribe(topics.requests_filter("s1", "z"), lambda t, p: got.append(p["n"]))
    assert wait_for(lambda: sorted(got) == [0, 1, 2])


def test_a_network_thread_killed_on_purpose_is_noticed_and_recovers(mosquitto, tmp_path, monkeypatch,
                                                                    caplog, bus_factory):
    monkeypatch.setenv("MQTT_TEST_PASSWORD", "mirror-pw")
    messaging = MirrorMessaging.from_config(load_config(write_store_config(tmp_path, mosquitto.port)))
    messaging.start()
    staff_bus = bus_factory(mqtt_settings(mosquitto, "staff"), "staff-anna")
    anna = StaffRequests(staff_bus, store="s1", staff=Staff(id="anna", name="Anna"), zone="womenswear").start()
    try:
        assert messaging.mqtt.wait_subscribed(5) and staff_bus.wait_subscribed(5)
        client, real = messaging.mqtt._client, messaging.mqtt._client._packet_handle
        calls = []

        def dies_once():  # an exception outside any callback, as the packer raised in the probe
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("killed on purpose")
            return real()
        monkeypatch.setattr(client, "_packet_handle", dies_once)
        first = messaging.requests.request(GTIN, "M")  # its PUBACK is the packet that kills
        assert wait_for(lambda: messaging.health()["mqtt_loop_crashes"] == 1)
        assert wait_for(lambda: "network loop crashed (RuntimeError: killed on purpose)" in caplog.text)
        assert wait_for(lambda: messaging.connected and messaging.health()["outbox_pending"] == 0)
        second = messaging.requests.request(GTIN, "L")
        assert wait_for(lambda: {v.id for v in anna.visible()} == {first, second})
        anna.claim(second)
        assert wait_for(lambda: messaging.requests.get(second).status == "claimed")
    finally:
        messaging.stop()
