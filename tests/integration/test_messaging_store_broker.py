"""The shipped store broker files (config/mosquitto/) load in a real mosquitto and enforce
the contract: mirrors write request docs, handhelds only claim/done, tools stay in lane."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from tests.support.messaging import wait_for
from tests.support.mosquitto import free_port, make_tls_files, running_mosquitto

pytestmark = pytest.mark.integration
CONFIG = Path(__file__).resolve().parents[2] / "config" / "mosquitto"
STORE = "example-store"
USERS = {u: f"{u}-pw" for u in ("mirror-1", "staff", "manager-tool", "handoff-service",
                                 "insight-collector")}


def store_config(tls: dict[str, Path], tls_port: int) -> str:
    """config/mosquitto/mosquitto.conf with its /etc and /var paths pointed at the test."""
    text = (CONFIG / "mosquitto.conf").read_text()
    text = text.replace("listener 8883", f"listener {tls_port} 127.0.0.1")
    text = text.replace("listener 1883 127.0.0.1", "listener {port} 127.0.0.1")
    for name, key in (("store-ca.pem", "ca"), ("broker.pem", "cert"), ("broker.key", "key")):
        text = text.replace(f"/etc/mosquitto/certs/{name}", str(tls[key]))
    text = text.replace("/etc/mosquitto/passwd", "{passwd}")
    text = text.replace("/etc/mosquitto/smart-mirror.acl", "{acl}")
    text = text.replace("/var/lib/mosquitto/", "{folder}/")
    return "user root\n" + text.replace("log_dest syslog", "log_dest stderr")


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store-broker")
    tls, tls_port = make_tls_files(folder / "tls"), free_port()
    with running_mosquitto(folder / "mq", users=USERS, acl=(CONFIG / "acl").read_text(),
                           config_template=store_config(tls, tls_port)) as running:
        running.tls_port, running.tls = tls_port, tls
        yield running


@pytest.fixture
def client(broker):
    started = []

    def connect(user: str, tls: bool = False) -> MqttBus:
        settings = MqttSettings(port=broker.port, username=user, password=USERS[user])
        if tls:
            settings = replace(settings, port=broker.tls_port, ca_file=str(broker.tls["ca"]))
        bus = MqttBus(settings, f"{user}-{len(started)}").start()
        started.append(bus)
        assert bus.wait_connected(5), bus.last_error
        return bus

    yield connect
    for bus in started:
        bus.stop()


def acked(bus: MqttBus, topic: str, retain: bool = False) -> bool:
    result = []
    bus.publish(topic, {"v": 1, "ts": 1}, retain=retain, on_ack=result.append)
    assert wait_for(lambda: result)
    return result[0]


@pytest.mark.parametrize("user,topic,allowed", [
    ("mirror-1", topics.request(STORE, "womenswear", "r1"), True),
    ("mirror-1", topics.mirror_state(STORE, "mirror-1"), True),
    ("mirror-1", topics.mirror_state(STORE, "mirror-2"), False),
    ("mirror-1", topics.catalogue(STORE), False),
    ("staff", topics.claim(STORE, "womenswear", "r1"), True),
    ("staff", topics.done(STORE, "womenswear", "r1"), True),
    ("staff", topics.request(STORE, "womenswear", "r1"), False),
    ("staff", topics.mirror_state(STORE, "mirror-1"), False),
    ("manager-tool", topics.catalogue(STORE), True),
    ("manager-tool", topics.command(STORE, "mirror-1", "reload"), True),
    ("handoff-service", topics.handoff_claimed(STORE, "mirror-1"), True),
    ("handoff-service", topics.request(STORE, "womenswear", "r1"), False),
    ("insight-collector", topics.events(STORE, "mirror-1"), False),
])
def test_the_example_acl_keeps_everyone_in_lane(client, user, topic, allowed):
    assert acked(client(user), topic) is allowed


def test_handhelds_connect_over_tls_and_see_request_docs(client):
    mirror, staff = client("mirror-1"), client("staff", tls=True)
    seen = []
    staff.subscribe(topics.requests_filter(STORE, "womenswear"), lambda t, p: seen.append(t))
    assert acked(mirror, topics.request(STORE, "womenswear", "r9"), retain=True)
    assert wait_for(lambda: topics.request(STORE, "womenswear", "r9") in seen)
