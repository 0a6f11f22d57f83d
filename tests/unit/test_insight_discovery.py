"""Home Assistant MQTT discovery payloads, checked against HA's documented schema.

The keys below are copied from Home Assistant's documentation
(home-assistant.io, source/_integrations/sensor.mqtt.markdown and
binary_sensor.mqtt.markdown "Configuration variables", and the discovery
section of mqtt.markdown): discovery topic
``<discovery_prefix>/<component>/[<node_id>/]<object_id>/config`` with ids of
``[a-zA-Z0-9_-]``; ``state_topic`` required; ``device`` only with
``unique_id`` and with at least one of identifiers/connections; ``origin``
needs ``name``.  Templates are rendered with Jinja2 (HA's template engine)
against the payloads our mirrors really publish.
"""

from __future__ import annotations

import json
import re

import jinja2
import pytest

from kiosk.insight.discovery import (
    MirrorIdentity,
    discovery_configs,
    publish_discovery,
    remove_discovery,
)
from kiosk.insight.live import LiveStats
from kiosk.messaging.bus import InMemoryBus
from kiosk.messaging.payloads import MirrorState

TOPIC = re.compile(r"^(?P<prefix>[^/#+]+)/(?P<component>[a-z_]+)/(?:(?P<node>[a-zA-Z0-9_-]+)/)?"
                   r"(?P<object>[a-zA-Z0-9_-]+)/config$")
COMMON = {"availability", "availability_mode", "availability_template", "availability_topic",
          "device", "enabled_by_default", "encoding", "entity_category", "entity_picture",
          "expire_after", "force_update", "icon", "json_attributes_template",
          "json_attributes_topic", "name", "object_id", "payload_available",
          "payload_not_available", "qos", "state_topic", "unique_id", "value_template",
          "device_class", "origin"}
ALLOWED = {
    "sensor": COMMON | {"last_reset_value_template", "options", "suggested_display_precision",
                        "state_class", "unit_of_measurement"},
    "binary_sensor": COMMON | {"off_delay", "payload_off", "payload_on"},
}
REQUIRED = {"sensor": {"state_topic"}, "binary_sensor": {"state_topic"}}
DEVICE_KEYS = {"configuration_url", "connections", "hw_version", "identifiers", "manufacturer",
               "model", "model_id", "name", "serial_number", "suggested_area", "sw_version",
               "via_device"}
AVAILABILITY_KEYS = {"payload_available", "payload_not_available", "topic", "value_template"}
ORIGIN_KEYS = {"name", "sw_version", "support_url"}
DEVICE_CLASSES = {"sensor": {"duration", None}, "binary_sensor": {"connectivity"}}
DURATION_UNITS = {"d", "h", "min", "s", "ms"}
STATE_CLASSES = {"measurement", "total", "total_increasing"}

MIRROR = MirrorIdentity("demo-store", "fitting-3", "menswear", "Fitting room 3")


def render(template: str, payload: dict) -> str:
    """Render like HA does for MQTT templates: ``value`` and ``value_json``."""
    env = jinja2.Environment()
    return env.from_string(template).render(value=json.dumps(payload), value_json=payload)


@pytest.fixture(scope="module")
def configs():
    return discovery_configs(MIRROR)


def test_topics_follow_the_discovery_format(configs):
    assert len(configs) == 3
    for topic in configs:
        found = TOPIC.match(topic)
        assert found, topic
        assert found["prefix"] == "homeassistant" and found["component"] in ALLOWED
        assert found["node"] == "demo-store_fitting-3"


@pytest.mark.parametrize("index", range(3))
def test_payloads_use_only_documented_keys(configs, index):
    topic, payload = list(configs.items())[index]
    component = TOPIC.match(topic)["component"]
    assert set(payload) <= ALLOWED[component], set(payload) - ALLOWED[component]
    assert REQUIRED[component] <= set(payload)
    assert payload["unique_id"] and payload["device"]["identifiers"]
    assert set(payload["device"]) <= DEVICE_KEYS
    assert set(payload["origin"]) <= ORIGIN_KEYS and payload["origin"]["name"]
    assert payload.get("device_class") in DEVICE_CLASSES[component]
    for item in payload.get("availability", []):
        assert set(item) <= AVAILABILITY_KEYS and "topic" in item
    assert not ({"availability", "availability_topic"} <= set(payload))
    json.dumps(payload)


def test_sensor_classes_and_units_are_valid(configs):
    sensors = [p for t, p in configs.items() if "/sensor/" in t]
    for payload in sensors:
        assert payload["state_class"] in STATE_CLASSES
        if payload.get("device_class") == "duration":
            assert payload["unit_of_measurement"] in DURATION_UNITS
        assert "options" not in payload  # not allowed together with state_class


def test_unique_ids_are_unique_across_mirrors():
    other = MirrorIdentity("demo-store", "fitting-1")
    ids = [p["unique_id"] for m in (MIRROR, other) for p in discovery_configs(m).values()]
    assert len(ids) == len(set(ids)) == 6


def test_templates_read_what_the_mirror_publishes(configs):
    by_object = {t.split("/")[-2]: p for t, p in configs.items()}
    online = MirrorState(mirror="fitting-3", status="online").model_dump()
    offline = MirrorState(mirror="fitting-3", status="offline").model_dump()
    assert render(by_object["online"]["value_template"], online) == by_object["online"]["payload_on"]
    assert render(by_object["online"]["value_template"], offline) == by_object["online"]["payload_off"]
    availability = by_object["open_requests"]["availability"][0]
    assert render(availability["value_template"], offline) == availability["payload_not_available"]
    live = LiveStats(clock=lambda: 0.0)
    assert render(by_object["median_response"]["value_template"], live.snapshot()) == "null"
    stats = {"v": 1, "ts": 0, "open_requests": 3, "median_response_s": 62.5}
    assert render(by_object["open_requests"]["value_template"], stats) == "3"
    assert render(by_object["median_response"]["value_template"], stats) == "62.5"


def test_state_topics_are_the_mirrors_topics(configs):
    topics = {p["state_topic"] for p in configs.values()}
    assert topics == {"retail/v1/demo-store/mirror/fitting-3/state",
                      "retail/v1/demo-store/mirror/fitting-3/insight"}


def test_published_retained_and_removed_with_empty_payloads():
    bus = InMemoryBus()
    topics = publish_discovery(bus, MIRROR, prefix="ha")
    assert all(t.startswith("ha/") for t in topics)
    assert all(p.retain and p.qos == 1 for p in bus.published)
    assert bus.retained(topics[0])["unique_id"] == "demo-store_fitting-3_online"
    remove_discovery(bus, MIRROR, prefix="ha")
    assert all(bus.retained(t) is None for t in topics)


def test_kiosk_insight_discovery_prints_the_configs(tmp_path, capsys):
    from kiosk.__main__ import main

    config = tmp_path / "store.yaml"
    config.write_text("store: {id: demo-store}\nmirror: {id: fitting-3, zone: menswear, "
                      "room: Fitting room 3}\ninsight: {ha_prefix: ha}\n")
    assert main(["insight", "discovery", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    printed = {line for line in out.splitlines() if line.endswith("/config")}
    assert printed == set(discovery_configs(MIRROR, prefix="ha"))
    assert '"suggested_area": "Fitting room 3"' in out
