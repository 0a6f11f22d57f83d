"""Home Assistant MQTT discovery: each mirror appears as a device with three entities.

    binary_sensor  online              <- retail/v1/{store}/mirror/{mirror}/state   (status)
    sensor         open size requests  <- retail/v1/{store}/mirror/{mirror}/insight (open_requests)
    sensor         median answer time  <- retail/v1/{store}/mirror/{mirror}/insight (median_response_s)

Config topics follow HA's ``<prefix>/<component>/<node_id>/<object_id>/config``
with node_id ``{store}_{mirror}``; payloads use the documented long key
names, are published retained (HA re-reads them after a restart), and an
empty retained payload removes an entity.  The sensors go unavailable when
the mirror's last will marks it offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from kiosk.insight import topics

ORIGIN = {"name": "smart-mirror-kiosk"}
STATUS_TEMPLATE = "{{ value_json.status }}"


@dataclass(frozen=True)
class MirrorIdentity:
    store: str
    mirror: str
    zone: str = ""
    room: str = ""

    @property
    def node_id(self) -> str:
        return f"{self.store}_{self.mirror}"


def _version() -> str:
    try:
        return metadata.version("smart-mirror-kiosk")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _device(m: MirrorIdentity) -> dict:
    device = {"identifiers": [f"smart_mirror_{m.node_id}"], "name": f"Mirror {m.mirror}",
              "manufacturer": "smart-mirror-kiosk (open source)", "model": "Smart mirror",
              "sw_version": _version()}
    if m.room or m.zone:
        device["suggested_area"] = m.room or m.zone
    return device


def _common(m: MirrorIdentity, object_id: str, name: str) -> dict:
    return {"name": name, "unique_id": f"{m.node_id}_{object_id}", "device": _device(m),
            "origin": {**ORIGIN, "sw_version": _version()}, "qos": 1}


def _availability(m: MirrorIdentity) -> dict:
    return {"availability": [{"topic": topics.mirror_state(m.store, m.mirror),
                              "value_template": STATUS_TEMPLATE,
                              "payload_available": "online", "payload_not_available": "offline"}]}


def discovery_configs(m: MirrorIdentity, prefix: str = "homeassistant") -> dict[str, dict]:
    """Config topic -> payload for the three entities of one mirror."""
    stats = topics.stats(m.store, m.mirror)
    online = {**_common(m, "online", "Online"), "device_class": "connectivity",
              "state_topic": topics.mirror_state(m.store, m.mirror),
              "value_template": STATUS_TEMPLATE, "payload_on": "online", "payload_off": "offline"}
    open_requests = {**_common(m, "open_requests", "Open size requests"), **_availability(m),
                     "state_topic": stats, "value_template": "{{ value_json.open_requests }}",
                     "state_class": "measurement", "icon": "mdi:hanger"}
    median = {**_common(m, "median_response", "Median answer time"), **_availability(m),
              "state_topic": stats, "device_class": "duration", "unit_of_measurement": "s",
              "state_class": "measurement", "suggested_display_precision": 0,
              "value_template": "{{ 'null' if value_json.median_response_s is none "
                                "else value_json.median_response_s }}"}
    base = f"{prefix}/{{component}}/{m.node_id}/{{object_id}}/config"
    return {base.format(component="binary_sensor", object_id="online"): online,
            base.format(component="sensor", object_id="open_requests"): open_requests,
            base.format(component="sensor", object_id="median_response"): median}


def publish_discovery(bus, m: MirrorIdentity, prefix: str = "homeassistant",
                      on_ack=None) -> list[str]:
    """Publish the configs retained, QoS 1 (call at start and on every reconnect)."""
    configs = discovery_configs(m, prefix)
    for topic, payload in configs.items():
        bus.publish(topic, payload, qos=1, retain=True, on_ack=on_ack)
    return list(configs)


def remove_discovery(bus, m: MirrorIdentity, prefix: str = "homeassistant") -> list[str]:
    """Empty retained payloads: HA removes the entities (mirror decommissioned)."""
    configs = discovery_configs(m, prefix)
    for topic in configs:
        bus.publish(topic, None, qos=1, retain=True)
    return list(configs)
