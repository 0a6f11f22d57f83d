"""The back office's remote commands through a real mosquitto with the shipped ACL: the mirror
is composed as kiosk/app.py does (``start_messaging`` registers the commands on its own
login, mirror-1), the back office sends on its login (manager-tool, which may write
``mirror/+/cmd/#``); lock, placement (the real vision pipeline on a real photo), lights (a
Zigbee2MQTT-side subscriber gets the preset), bad arguments, and nobody else may command."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kiosk.app import Mirror, build_session, start_health, start_messaging, start_unattended
from kiosk.basket import BasketStore
from kiosk.catalogue import Catalogue
from kiosk.catalogue.store import CatalogueStore
from kiosk.config import load_config
from kiosk.insight.placement import PlacementProbe
from kiosk.journey import Journey
from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.manage.commands import MirrorCommands
from kiosk.storeweb.manage.mirrors import MirrorBoard
from kiosk.vision.factory import build_pipeline
from tests.support.messaging import wait_for, write_store_config
from tests.support.mosquitto import running_mosquitto
from tests.support.photos import fit_640x480, frame_of, models_dir, photo
from tests.unit.test_remote_commands import FakeScreen

pytestmark = pytest.mark.integration
CONFIG = Path(__file__).resolve().parents[2] / "config" / "mosquitto"
STORE = "example-store"
USERS = {u: f"{u}-pw" for u in ("mirror-1", "mirror-2", "manager-tool", "staff-app", "z2m")}
LIGHTS = "lights:\n  enabled: true\n  devices: [fitting-room-2/ceiling]\n  transition_s: 0\n"


def acl() -> str:
    """The shipped ACL, plus what docs/hardware.md tells an installer to add for a room's
    lights (mirror-1 may write its room's Zigbee2MQTT topics; Zigbee2MQTT reads them)."""
    text = (CONFIG / "acl").read_text()
    text = text.replace("user mirror-1\n", "user mirror-1\ntopic write zigbee2mqtt/fitting-room-2/#\n", 1)
    return text + "\nuser z2m\ntopic read zigbee2mqtt/#\n"


def connect(broker, user: str) -> MqttBus:
    bus = MqttBus(MqttSettings(port=broker.port, username=user, password=USERS[user]), f"{user}-cmd").start()
    assert bus.wait_connected(10), bus.last_error
    return bus


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("MQTT_TEST_PASSWORD", USERS["mirror-1"])
    monkeypatch.chdir(tmp_path)
    with running_mosquitto(tmp_path / "mq", users=USERS, acl=acl()) as broker:
        config = load_config(write_store_config(tmp_path, broker.port, user="mirror-1", mirror="mirror-1",
                                                store=STORE, extra=LIGHTS))
        mirror = Mirror(config, build_session(config), None, None, None, None)
        catalogue = CatalogueStore(Catalogue([], currency="EUR"), store_id=STORE)
        mirror.services.catalogue_store = catalogue
        mirror.services.journey = Journey(lambda: catalogue.current, BasketStore())
        mirror.services.placement = PlacementProbe()
        start_messaging(mirror)                      # as build_services does
        mirror.services.remote.screen = FakeScreen()  # what the UI sets (kiosk/ui/assembly.py)
        office_bus, z2m = connect(broker, "manager-tool"), connect(broker, "z2m")
        office = MirrorCommands(office_bus, STORE, time.time, wait_s=15)  # subscribes to the answers
        assert mirror.services.messaging.mqtt.wait_subscribed(10) and office_bus.wait_subscribed(10)
        try:
            yield broker, mirror, office, z2m
        finally:
            z2m.stop()
            office_bus.stop()
            mirror.stop()


def test_lock_unlock_and_bad_args_answered_over_the_store_broker(store):
    _broker, mirror, office, _z2m = store
    screen = mirror.services.remote.screen
    locked = office.send("manager", "mirror-1", "lock", {})
    assert (locked.status, locked.data) == ("ok", {"locked": True, "screen": "closed", "camera": "stopped"})
    assert screen.locked
    bad = office.send("manager", "mirror-1", "lock", {"now": 1})
    assert bad.status == "error" and "args.now" in bad.error
    unknown = office.send("manager", "mirror-1", "reboot", {})
    assert unknown.status == "error" and "known commands: lights, lock, placement, restart, unlock" in unknown.error
    assert office.send("manager", "mirror-1", "unlock", {}).status == "ok" and not screen.locked


def test_placement_answers_from_the_real_pipeline_on_a_real_photo(store):
    _broker, mirror, office, _z2m = store
    pipeline = build_pipeline(models_dir(), still_images=True)
    try:
        observation = pipeline.process(frame_of(fit_640x480(photo("grace_hopper.jpg"))))
    finally:
        pipeline.close()
    assert observation.face_box is not None
    probe = mirror.services.placement
    feeding = True

    def feed():  # the vision thread's role: every result goes to the probe
        while feeding:
            probe.observe(observation)
            time.sleep(0.05)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        answer = office.send("manager", "mirror-1", "placement", {})
    finally:
        feeding = False
        feeder.join()
    assert answer.status == "ok", answer.error
    assert set(answer.data) == {"ok", "face_x", "face_y", "face_height", "hints", "codes"}
    assert 0.3 < answer.data["face_x"] < 0.7 and 0 < answer.data["face_height"] < 1
    assert answer.data["hints"] and all(isinstance(h, str) for h in answer.data["hints"])


def test_lights_preset_reaches_zigbee2mqtt_and_a_bad_preset_names_the_field(store):
    _broker, _mirror, office, z2m = store
    received = []
    z2m.subscribe("zigbee2mqtt/#", lambda topic, payload: received.append((topic, payload)))
    assert z2m.wait_subscribed(10)
    answer = office.send("manager", "mirror-1", "lights", {"preset": "evening"})
    assert answer.status == "ok" and answer.data["kelvin"] == 2700, answer.error
    assert wait_for(lambda: any(p.get("brightness") == 150 for t, p in received
                                if t == "zigbee2mqtt/fitting-room-2/ceiling/set"), 10), received
    bad = office.send("manager", "mirror-1", "lights", {"preset": "disco"})
    assert bad.status == "error" and "args.preset" in bad.error


def test_only_the_back_office_login_may_command_a_mirror(store):
    broker, mirror, _office, _z2m = store
    for user in ("mirror-2", "staff-app"):
        bus = connect(broker, user)
        try:
            acks = []
            bus.publish(topics.command(STORE, "mirror-1", "lock"), {"v": 1, "ts": 1, "transaction": "t1"},
                        on_ack=acks.append)
            assert wait_for(lambda acks=acks: acks, 5) and acks == [False], user   # MQTT 5: not authorized
        finally:
            bus.stop()
    time.sleep(0.3)
    assert not mirror.services.remote.screen.locked


def test_lock_and_unlock_republish_the_retained_state_at_once(store):
    """Contract 1.6 as kiosk/app.py wires it: the health publisher (30 s rounds) sends the
    state with ``locked`` and the camera at once on lock and unlock; the back office's board,
    on its own login, sees the mirror closed, then open, within seconds, not at the next round."""
    _broker, mirror, office, _z2m = store
    mirror.services.unattended = start_unattended(mirror.config, demo=True)
    start_health(mirror)
    board = MirrorBoard(office.client.bus, STORE, time.time).start()

    def reported(locked: bool) -> bool:
        return any(m.mirror == "mirror-1" and m.health.get("locked") is locked for m in board.mirrors())

    assert wait_for(lambda: reported(False), 10)       # the first round: open
    assert office.send("manager", "mirror-1", "lock", {}).status == "ok"
    assert wait_for(lambda: reported(True), 5)
    assert office.send("manager", "mirror-1", "unlock", {}).status == "ok"
    assert wait_for(lambda: reported(False), 5)
