"""Lighting presets reach a Zigbee2MQTT-side subscriber through a real mosquitto."""

from __future__ import annotations

import pytest

from hardware.lights import Zigbee2MqttLights
from kiosk.messaging.mqtt import MqttBus
from tests.support.messaging import mqtt_settings, wait_for
from tests.support.mosquitto import USERS, running_mosquitto

pytestmark = pytest.mark.integration
# The mirror may command its room's lights; Zigbee2MQTT reads commands; nobody else writes.
ACL = """\
user mirror
topic readwrite retail/v1/#
topic write zigbee2mqtt/fitting-room-1/#

user z2m
topic read zigbee2mqtt/#
"""
ROOM = ["fitting-room-1/ceiling", "fitting-room-1/mirror"]


@pytest.fixture
def broker(tmp_path):
    users = dict(USERS, z2m="z2m-pw")
    with running_mosquitto(tmp_path / "mosquitto", users=users, acl=ACL) as running:
        yield running


@pytest.fixture
def buses(broker):
    started = []

    def connect(user: str) -> MqttBus:
        bus = MqttBus(mqtt_settings(broker, user), f"test-{user}").start()
        started.append(bus)
        assert bus.wait_connected(20), f"{user} never connected: {bus.last_error}"
        return bus

    yield connect
    for bus in started:
        bus.stop()


def until_subscribed(mirror: MqttBus, received: list) -> None:
    """Probe until the subscriber's SUBSCRIBE is in place (paho gives no subscribe ack here)."""
    for _ in range(100):
        mirror.publish("zigbee2mqtt/fitting-room-1/probe", {"probe": True})
        if wait_for(lambda: bool(received), timeout=0.05):
            break
    assert received, "subscriber never saw a probe"


@pytest.mark.parametrize("preset, level, mireds", [("daylight", 254, 179), ("evening", 150, 370),
                                                    ("office", 230, 250)])
def test_zigbee2mqtt_receives_each_preset_for_every_light(buses, preset, level, mireds):
    zigbee2mqtt, mirror = buses("z2m"), buses("mirror")
    received = []
    zigbee2mqtt.subscribe("zigbee2mqtt/#", lambda t, p: received.append((t, p)))
    until_subscribed(mirror, received)
    lights = Zigbee2MqttLights(mirror, ROOM, transition_s=1)
    lights.apply(preset)

    def sets():
        return [(topic, payload) for topic, payload in received if topic.endswith("/set")]
    assert wait_for(lambda: len(sets()) == 2)
    assert not wait_for(lambda: len(sets()) > 2, timeout=0.2)   # nothing more, no duplicates
    expected = {"state": "ON", "brightness": level, "color_temp": mireds, "transition": 1}
    assert sorted(sets()) == sorted((f"zigbee2mqtt/{name}/set", expected) for name in ROOM)


def test_set_commands_are_not_retained(buses):
    mirror = buses("mirror")
    acks = []
    lights = Zigbee2MqttLights(mirror, ["fitting-room-1/ceiling"])
    mirror.publish(lights.topic("fitting-room-1/ceiling"), {"state": "ON"}, on_ack=acks.append)
    lights.off()
    assert wait_for(lambda: acks == [True])
    late, received = buses("z2m"), []
    late.subscribe("zigbee2mqtt/#", lambda t, p: received.append(t))
    assert not wait_for(lambda: bool(received), timeout=0.5)


def test_kiosk_lights_cli_switches_the_room(broker, buses, tmp_path, monkeypatch, capsys):
    from kiosk.__main__ import main
    from tests.support.messaging import write_store_config

    config = write_store_config(tmp_path, broker.port, extra=(
        "lights:\n  enabled: true\n  devices: [fitting-room-1/ceiling]\n  transition_s: 0\n"))
    monkeypatch.setenv("MQTT_TEST_PASSWORD", broker.users["mirror"])
    zigbee2mqtt, received = buses("z2m"), []
    zigbee2mqtt.subscribe("zigbee2mqtt/#", lambda t, p: received.append((t, p)))
    until_subscribed(buses("mirror"), received)
    assert main(["lights", "--config", config, "daylight"]) == 0
    assert "5600 K" in capsys.readouterr().out
    assert wait_for(lambda: ("zigbee2mqtt/fitting-room-1/ceiling/set",
                             {"state": "ON", "brightness": 254, "color_temp": 179,
                              "transition": 0}) in received)
