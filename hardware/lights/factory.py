"""Build the light adapter from the store config's ``lights`` section (called by kiosk/app.py)."""

from __future__ import annotations

from hardware.lights.zigbee2mqtt import Zigbee2MqttLights
from kiosk.config import LightsSection
from kiosk.messaging.bus import Bus


def lights_from_config(section: LightsSection, bus: Bus) -> Zigbee2MqttLights | None:
    """None when the store has no controllable lights (the UI then hides the presets)."""
    if not section.enabled:
        return None
    return Zigbee2MqttLights(bus, section.devices, base_topic=section.base_topic,
                             transition_s=section.transition_s)
