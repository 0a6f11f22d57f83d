"""Build the light adapter from the store config's ``lights`` section (called by kiosk/app.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hardware.lights.zigbee2mqtt import Bus, Zigbee2MqttLights


class LightsSection(Protocol):
    """The fields read from the config's ``lights`` section (kiosk.config.LightsSection
    satisfies it; declared here so hardware imports nothing from kiosk)."""

    @property
    def enabled(self) -> bool: ...
    @property
    def devices(self) -> Sequence[str]: ...
    @property
    def base_topic(self) -> str: ...
    @property
    def transition_s(self) -> float: ...


def lights_from_config(section: LightsSection, bus: Bus) -> Zigbee2MqttLights | None:
    """None when the store has no controllable lights (the UI then hides the presets)."""
    if not section.enabled:
        return None
    return Zigbee2MqttLights(bus, section.devices, base_topic=section.base_topic,
                             transition_s=section.transition_s)
