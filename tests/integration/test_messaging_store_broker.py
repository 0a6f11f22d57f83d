"""The shipped store broker files (config/mosquitto/) load in a real mosquitto and enforce
the contract: each mirror writes only its own request docs, each staff login claims only as
itself and in its zones, tools stay in lane (security probe, issue #21 finding 3)."""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.payloads import Staff
from kiosk.messaging.service import MirrorMessaging
from kiosk.messaging.settings import MqttSettings
from kiosk.messaging.staff import StaffRequests
from tests.support.messaging import GTIN, wait_for, write_store_config
from tests.support.mosquitto import free_port, make_tls_files, running_mosquitto

pytestmark = pytest.mark.integration
CONFIG = Path(__file__).resolve().parents[2] / "config" / "mosquitto"
STORE = "example-store"
USERS = {u: f"{u}-pw" for u in ("mirror-1", "mirror-2", "anna", "ben", "lea", "staff", "staff-app",
                                 "manager-tool", "handoff-service", "insight-collector")}
R1 = "r1"  # a request of mirror-1 in womenswear


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


@contextlib.contextmanager
def store_broker(folder: Path):
    """mosquitto running the shipped mosquitto.conf and acl, with USERS in its password file."""
    tls, tls_port = make_tls_files(folder / "tls"), free_port()
    with running_mosquitto(folder / "mq", users=USERS, acl=(CONFIG / "acl").read_text(),
                           config_template=store_config(tls, tls_port)) as running:
        running.tls_port, running.tls = tls_port, tls
        yield running


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    with store_broker(tmp_path_factory.mktemp("store-broker")) as running:
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
    ("mirror-1", topics.request(STORE, "womenswear", "mirror-1", R1), True),
    ("mirror-1", topics.request(STORE, "menswear", "mirror-1", R1), True),
    ("mirror-2", topics.request(STORE, "womenswear", "mirror-1", R1), False),   # the probe's XXL
    ("mirror-2", topics.claim(STORE, "womenswear", "mirror-1", R1, "anna"), False),  # "as Anna"
    ("mirror-1", topics.claim(STORE, "womenswear", "mirror-1", R1, "anna"), False),
    ("mirror-1", topics.mirror_state(STORE, "mirror-1"), True),
    ("mirror-1", topics.mirror_state(STORE, "mirror-2"), False),
    ("mirror-1", topics.catalogue(STORE), False),
    ("anna", topics.claim(STORE, "womenswear", "mirror-1", R1, "anna"), True),
    ("anna", topics.done(STORE, "womenswear", "mirror-1", R1, "anna"), True),
    ("anna", topics.claim(STORE, "womenswear", "mirror-1", R1, "ben"), False),   # as someone else
    ("anna", topics.claim(STORE, "menswear", "mirror-1", R1, "anna"), False),    # outside her zone
    ("anna", topics.request(STORE, "womenswear", "mirror-1", R1), False),
    ("anna", topics.mirror_state(STORE, "mirror-1"), False),
    ("ben", topics.claim(STORE, "menswear", "mirror-2", R1, "ben"), True),
    ("lea", topics.claim(STORE, "menswear", "mirror-2", R1, "lea"), True),       # floor lead
    ("lea", topics.done(STORE, "womenswear", "mirror-1", R1, "anna"), False),
    ("staff", topics.claim(STORE, "womenswear", "mirror-1", R1, "staff"), False),  # no shared login
    # the staff web app's relay: claims and dones for any associate, nothing else
    ("staff-app", topics.claim(STORE, "womenswear", "mirror-1", R1, "anna"), True),
    ("staff-app", topics.done(STORE, "menswear", "mirror-2", R1, "ben"), True),
    ("staff-app", topics.request(STORE, "womenswear", "mirror-1", R1), False),
    ("staff-app", topics.mirror_state(STORE, "mirror-1"), False),
    ("staff-app", topics.catalogue(STORE), False),
    ("staff-app", topics.command(STORE, "mirror-1", "reload"), False),
    ("staff-app", topics.handoff_claimed(STORE, "mirror-1"), False),
    ("staff-app", topics.claim("other-store", "womenswear", "mirror-1", R1, "anna"), False),
    ("anna", topics.claim(STORE, "womenswear", "mirror-1", R1, "staff-app"), False),  # not the relay
    # contract 1.2 progress: the claimer's login (or the relay) only
    ("anna", topics.progress(STORE, "womenswear", "mirror-1", R1, "anna"), True),
    ("anna", topics.progress(STORE, "womenswear", "mirror-1", R1, "ben"), False),
    ("staff-app", topics.progress(STORE, "menswear", "mirror-2", R1, "ben"), True),
    ("mirror-2", topics.progress(STORE, "womenswear", "mirror-1", R1, "anna"), False),
    ("manager-tool", topics.catalogue(STORE), True),
    ("manager-tool", topics.command(STORE, "mirror-1", "reload"), True),
    ("handoff-service", topics.handoff_claimed(STORE, "mirror-1"), True),
    ("handoff-service", topics.request(STORE, "womenswear", "mirror-1", R1), False),
    ("insight-collector", topics.events(STORE, "mirror-1"), False),
])
def test_the_example_acl_keeps_everyone_in_lane(client, user, topic, allowed):
    assert acked(client(user), topic) is allowed


def test_handhelds_connect_over_tls_and_see_request_docs(client):
    mirror, staff = client("mirror-1"), client("anna", tls=True)
    seen = []
    staff.subscribe(topics.requests_filter(STORE, "womenswear"), lambda t, p: seen.append(t))
    assert acked(mirror, topics.request(STORE, "womenswear", "mirror-1", "r9"), retain=True)
    assert wait_for(lambda: topics.request(STORE, "womenswear", "mirror-1", "r9") in seen)


# -- the probe's attacks, end to end, against the shipped files --------------------------------

def connect(broker, user: str) -> MqttBus:
    bus = MqttBus(MqttSettings(port=broker.port, username=user, password=USERS[user]), f"{user}-x").start()
    assert bus.wait_connected(5), bus.last_error
    return bus


def forged_doc(request_id: str, size: str, expires_after: float = 600.0) -> dict:
    """A doc claiming to be mirror-1's, as the probe published it with mirror-2's login."""
    now = time.time()
    return {"v": 1, "ts": now, "id": request_id, "store": STORE, "mirror": "mirror-1",
            "zone": "womenswear", "product": {"gtin": GTIN}, "size": size, "created": now,
            "expires": now + expires_after}


def inject(bus: MqttBus, doc: dict) -> list[bool]:
    """Publish the forged doc wherever mirror-2 might: mirror-1's topic, its own, contract 1.0's."""
    acks: list[bool] = []
    for topic in (topics.request(STORE, "womenswear", "mirror-1", doc["id"]),
                  topics.request(STORE, "womenswear", "mirror-2", doc["id"]),
                  f"{topics.ROOT}/{STORE}/requests/womenswear/{doc['id']}"):
        bus.publish(topic, doc, retain=True, on_ack=acks.append)
    assert wait_for(lambda: len(acks) == 3)
    return acks


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh shipped-config broker, mirror-1 (MQTT 5, fast escalation) and Anna's handheld."""
    monkeypatch.setenv("MQTT_TEST_PASSWORD", USERS["mirror-1"])
    with store_broker(tmp_path / "broker") as broker:
        extra = "  requests: {escalate_after_s: [0.5, 1.5], expire_after_s: 600}\n"
        config = write_store_config(tmp_path, broker.port, user="mirror-1", mirror="mirror-1",
                                    store=STORE, extra=extra)
        broker.mirror = MirrorMessaging.from_config(load_config(config))
        broker.anna_bus = connect(broker, "anna")
        broker.anna = StaffRequests(broker.anna_bus, store=STORE, staff=Staff(id="anna", name="Anna"),
                                    zone="womenswear").start()
        broker.attacker = connect(broker, "mirror-2")
        try:
            yield broker
        finally:
            for bus in (broker.attacker, broker.anna_bus):
                bus.stop()
            broker.mirror.stop()


def test_a_forged_doc_with_a_huge_expiry_does_not_stop_requests_queued_in_an_outage(store):
    """Finding 2: the mirror adopted the doc, its ticker failed packing the expiry, paho's
    network thread died in _handle_connack after the broker restart: 0 of 5 arrived."""
    assert inject(store.attacker, forged_doc("f0rged", "XXL", 2.0**32 + 600)) == [False, True, False]
    mirror = store.mirror.start()
    assert mirror.mqtt.wait_subscribed(5)
    time.sleep(2.0)  # two escalation steps of the ticker: where the forged doc used to fail
    store.restart()  # where paho's network thread used to die, resending the forged doc
    assert wait_for(lambda: mirror.connected)
    store.stop()
    assert wait_for(lambda: not mirror.connected)
    ids = {mirror.requests.request(GTIN, size) for size in ("XS", "S", "M", "L", "XL")}
    store.start()
    assert wait_for(lambda: {v.id for v in store.anna.visible()} == ids, timeout=30)
    assert wait_for(lambda: mirror.health()["outbox_pending"] == 0)
    health = mirror.health()
    assert health["mqtt_loop_crashes"] == 0 and health["outbox_quarantined"] == 0
    assert mirror.requests.get("f0rged") is None and store.anna.ignored >= 1
    store.anna.claim(sorted(ids)[0])
    assert wait_for(lambda: mirror.requests.get(sorted(ids)[0]).status == "claimed")


def test_another_mirror_can_neither_inject_a_request_nor_claim_as_staff(store):
    """Finding 3: mirror-2 injected "Asking staff for XXL" into mirror-1 and claimed as Anna."""
    mirror = store.mirror.start()
    assert mirror.mqtt.wait_subscribed(5) and store.anna_bus.wait_subscribed(5)
    real = mirror.requests.request(GTIN, "M")
    assert wait_for(lambda: [v.id for v in store.anna.visible()] == [real])
    assert inject(store.attacker, forged_doc("xxl", "XXL")) == [False, True, False]
    acks = []
    as_anna = {"v": 1, "ts": time.time(), "staff": {"id": "anna", "name": "Anna"}}
    store.attacker.publish(topics.claim(STORE, "womenswear", "mirror-1", real, "anna"), as_anna,
                           on_ack=acks.append)
    assert wait_for(lambda: acks == [False])
    assert wait_for(lambda: store.anna.ignored == 1)  # the doc on mirror-2's own topic
    assert [(v.id, v.size, v.status) for v in store.anna.visible()] == [(real, "M", "open")]
    assert mirror.requests.get("xxl") is None and mirror.requests.get(real).status == "open"
    store.anna.claim(real)
    assert wait_for(lambda: mirror.requests.get(real).claimed_by == "Anna")


# -- the staff web app's relay login ------------------------------------------------------------

def test_the_staff_app_login_claims_for_the_signed_in_associate_and_reads_nothing_else(store):
    """The relay (kiosk.storeweb) on login staff-app, as `kiosk staff-app serve` runs it: Anna
    signed in on a phone claims and delivers; the same login cannot write the request doc."""
    from kiosk.storeweb.accounts import Accounts
    from kiosk.storeweb.relay import RequestRelay
    from kiosk.storeweb.server import RELAY_LOGIN
    from tests.support.storeweb import staff_config

    mirror = store.mirror.start()
    relay_bus = MqttBus(MqttSettings(port=store.port, username=RELAY_LOGIN, password=USERS[RELAY_LOGIN]),
                        "storeweb-x")
    accounts = Accounts.from_config(staff_config(store=STORE))
    relay = RequestRelay(relay_bus, STORE, accounts).start()
    relay_bus.start()
    try:
        assert mirror.mqtt.wait_subscribed(5) and relay_bus.wait_subscribed(5), relay_bus.last_error
        anna = accounts.get("anna")
        real = mirror.requests.request(GTIN, "M")
        assert wait_for(lambda: [v.id for v, _note in relay.visible(anna)] == [real])
        relay.act(anna, real, "claim")
        assert wait_for(lambda: mirror.requests.get(real).claimed_by == "Anna")
        assert wait_for(lambda: relay.visible(anna)[0][0].claimed_by_id == "anna")  # the doc's echo
        relay.act(anna, real, "on-my-way")  # contract 1.2: reaches the mirror through the ACL
        assert wait_for(lambda: mirror.requests.get(real).text == "Anna, about 2 min")
        relay.act(anna, real, "delivered")
        assert wait_for(lambda: mirror.requests.get(real).status == "delivered")
        acks = []
        relay_bus.publish(topics.request(STORE, "womenswear", "mirror-1", "n3w"), forged_doc("n3w", "XXL"),
                          retain=True, on_ack=acks.append)
        assert wait_for(lambda: acks == [False])
        assert mirror.requests.get("n3w") is None
    finally:
        relay_bus.stop()
