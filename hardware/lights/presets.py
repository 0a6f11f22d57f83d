"""Fitting-room lighting presets: how a garment will look in daylight, at dinner, at work.

Colour temperature in kelvin (what lighting people speak) is turned into mireds
(1e6 / K, what Zigbee's colour-temperature cluster and Zigbee2MQTT take), clamped to
the range most tunable-white bulbs accept (153-500 mireds = 6500-2000 K).
"""

from __future__ import annotations

from dataclasses import dataclass

from hardware.errors import ConfigError

MIN_MIREDS, MAX_MIREDS = 153, 500
MAX_BRIGHTNESS = 254   # Zigbee level cluster: 0-254


@dataclass(frozen=True)
class LightingPreset:
    name: str
    kelvin: int
    brightness: int        # 0-254
    label: dict[str, str]  # what the mirror shows, per language

    @property
    def mireds(self) -> int:
        return max(MIN_MIREDS, min(MAX_MIREDS, round(1_000_000 / self.kelvin)))


PRESETS: dict[str, LightingPreset] = {
    # Overcast daylight, as at a window: the colours a garment "really" has.
    "daylight": LightingPreset("daylight", 5600, 254, {"en": "Daylight", "fr": "Lumière du jour",
                                                         "zh_CN": "日光"}),
    # Warm, dimmer light of a restaurant or bar.
    "evening": LightingPreset("evening", 2700, 150, {"en": "Evening", "fr": "Soirée",
                                                      "zh_CN": "夜晚"}),
    # Neutral-white office fluorescents / LED panels.
    "office": LightingPreset("office", 4000, 230, {"en": "Office", "fr": "Bureau",
                                                    "zh_CN": "办公室"}),
}


def preset(name: str) -> LightingPreset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ConfigError(f"unknown lighting preset {name!r}",
                          fix=f"use one of {', '.join(PRESETS)}") from None
