"""Lighting presets through the Zigbee2MQTT adapter (on the in-memory bus) and the fake."""

from __future__ import annotations

import pytest

from hardware.lights import PRESETS, FakeLights, Zigbee2MqttLights, preset
from kiosk.errors import ConfigError
from kiosk.messaging.bus import InMemoryBus

ROOM = ["fitting-room-1/ceiling", "fitting-room-1 mirror strip"]


def test_presets_in_kelvin_become_zigbee_mireds_and_levels():
    assert {n: (p.mireds, p.brightness) for n, p in PRESETS.items()} == {
        "daylight": (179, 254), "evening": (370, 150), "office": (250, 230)}
    assert all(set(p.label) == {"en", "fr", "zh_CN"} for p in PRESETS.values())


def test_apply_publishes_one_set_command_per_light_qos1_not_retained():
    bus = InMemoryBus()
    lights = Zigbee2MqttLights(bus, ROOM, transition_s=2)
    lights.apply("evening")
    assert [(p.topic, p.payload, p.qos, p.retain) for p in bus.published] == [
        (f"zigbee2mqtt/{name}/set",
         {"state": "ON", "brightness": 150, "color_temp": 370, "transition": 2}, 1, False)
        for name in ROOM]
    assert lights.current == "evening"


def test_off_and_a_custom_base_topic():
    bus = InMemoryBus()
    lights = Zigbee2MqttLights(bus, ["mirror"], base_topic="z2m-store-1")
    lights.apply("office")
    lights.off()
    assert bus.published[-1].topic == "z2m-store-1/mirror/set"
    assert bus.published[-1].payload == {"state": "OFF", "transition": 1.5}
    assert lights.current is None


@pytest.mark.parametrize("devices", [[], ["room/#"], ["+"], ["/leading"]])
def test_bad_light_names_are_config_errors(devices):
    with pytest.raises(ConfigError) as caught:
        Zigbee2MqttLights(InMemoryBus(), devices)
    assert caught.value.fix


def test_unknown_preset_fails_the_same_in_the_real_adapter_and_the_fake():
    real, fake = Zigbee2MqttLights(InMemoryBus(), ["mirror"]), FakeLights()
    for adapter in (real, fake):
        with pytest.raises(ConfigError, match="unknown lighting preset 'disco'"):
            adapter.apply("disco")
    assert fake.calls == [] and real.bus.published == []


def test_fake_records_what_happened_in_order():
    fake = FakeLights()
    fake.apply("daylight")
    fake.apply("evening")
    fake.off()
    assert fake.calls == ["apply:daylight", "apply:evening", "off"] and fake.current is None
    assert preset("office").kelvin == 4000
