"""``kiosk lights``: switch a fitting room's lights to a preset through Zigbee2MQTT.

    kiosk lights --config store.yaml evening      # daylight | evening | office | off

Uses the store broker and the ``lights`` section of the config, exactly as the mirror does.
"""

from __future__ import annotations

from hardware.lights.factory import lights_from_config
from hardware.lights.presets import PRESETS
from kiosk.config import load_config
from kiosk.errors import ConfigError, MessagingError


def register(sub) -> None:
    parser = sub.add_parser("lights", help="switch the room's lights to a preset")
    parser.add_argument("--config", required=True, help="store config (mqtt + lights sections)")
    parser.add_argument("preset", choices=[*PRESETS, "off"])
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to reach the broker")
    parser.set_defaults(func=lights)


def lights(args) -> int:
    from kiosk.messaging.mqtt import MqttBus
    from kiosk.messaging.settings import MqttSettings
    config = load_config(args.config)
    bus = MqttBus(MqttSettings.from_config(config), f"lights-{config.mirror.id}").start()
    try:
        if not bus.wait_connected(args.timeout):
            raise MessagingError(f"no broker at {config.mqtt.host}:{config.mqtt.port}",
                                 fix="check the mqtt section and that mosquitto runs")
        adapter = lights_from_config(config.lights, bus)
        if adapter is None:
            raise ConfigError("lights are not enabled in this config",
                              fix="set lights.enabled: true and list lights.devices")
        if args.preset == "off":
            adapter.off()
        else:
            chosen = adapter.apply(args.preset)
            print(f"{chosen.name}: {chosen.kelvin} K, level {chosen.brightness}/254 "
                  f"-> {', '.join(adapter.devices)}")
        return 0
    finally:
        bus.stop()
