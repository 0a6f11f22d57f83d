"""Drive fitting-room lights through Zigbee2MQTT over the store's MQTT broker (the Bus).

Zigbee2MQTT listens on ``<base_topic>/<friendly_name>/set`` for JSON such as
``{"state": "ON", "brightness": 254, "color_temp": 179, "transition": 1.5}``
(brightness 0-254, color_temp in mireds).  Set commands are QoS 1 and never
retained: a retained "set" would be replayed on every Zigbee2MQTT restart and
override whatever staff chose since.  A friendly name may contain "/" (Zigbee2MQTT
groups it), but never MQTT wildcards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from hardware.errors import ConfigError
from hardware.lights.presets import LightingPreset, preset

_NAME = re.compile(r"^[^#+\x00]{1,128}$")


class Bus(Protocol):
    """What the lights need of the store broker: kiosk.messaging.bus.Bus satisfies it
    (declared here so hardware imports nothing from kiosk)."""

    def publish(self, topic: str, payload: Any, qos: int = 1, retain: bool = False) -> None: ...


class Zigbee2MqttLights:
    def __init__(self, bus: Bus, devices: Sequence[str], *, base_topic: str = "zigbee2mqtt",
                 transition_s: float = 1.5):
        for name in (base_topic, *devices):
            if not _NAME.match(name) or name.startswith("/") or name.endswith("/"):
                raise ConfigError(f"light name {name!r} is not a usable MQTT topic part",
                                  fix="use the friendly name as shown in Zigbee2MQTT, "
                                      "without '#', '+' or a leading/trailing '/'")
        if not devices:
            raise ConfigError("no lights configured", fix="list the friendly names under lights.devices")
        self.bus, self.devices = bus, tuple(devices)
        self.base_topic, self.transition_s = base_topic, transition_s
        self.current: str | None = None

    def topic(self, device: str) -> str:
        return f"{self.base_topic}/{device}/set"

    def apply(self, name: str) -> LightingPreset:
        """Switch every light to a preset (daylight, evening, office); returns it."""
        chosen = preset(name)
        payload = {"state": "ON", "brightness": chosen.brightness,
                   "color_temp": chosen.mireds, "transition": self.transition_s}
        for device in self.devices:
            self.bus.publish(self.topic(device), payload, qos=1, retain=False)
        self.current = chosen.name
        return chosen

    def off(self) -> None:
        for device in self.devices:
            self.bus.publish(self.topic(device), {"state": "OFF", "transition": self.transition_s},
                             qos=1, retain=False)
        self.current = None
