"""Fitting-room lighting presets behind one small interface (``Lights``), with a fake.

    lights = Zigbee2MqttLights(bus, ["fitting-room-1/ceiling", "fitting-room-1/mirror"])
    lights.apply("evening")      # daylight | evening | office
    lights.off()
"""

from typing import Protocol

from hardware.lights.fake import FakeLights
from hardware.lights.presets import PRESETS, LightingPreset, preset
from hardware.lights.zigbee2mqtt import Zigbee2MqttLights


class Lights(Protocol):
    current: str | None

    def apply(self, name: str) -> LightingPreset: ...

    def off(self) -> None: ...


__all__ = ["PRESETS", "FakeLights", "LightingPreset", "Lights", "Zigbee2MqttLights", "preset"]
