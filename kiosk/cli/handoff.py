"""``kiosk handoff-server``: the basket hand-off service (phone pages + mirror API).

    kiosk handoff-server --config store.yaml            # serve (SQLite in data_dir)
    kiosk handoff-server --new-key                      # print a fresh hex key for the key files

Keys never live in the store config: ``handoff.token_key_env|file`` names the
store's token key, ``handoff.mirror_keys_file`` lists ``mirror-id hex-key``.
"""

from __future__ import annotations

import logging
import secrets

log = logging.getLogger("kiosk.handoff")


def register(sub) -> None:
    parser = sub.add_parser("handoff-server", help="run the basket-to-phone hand-off service")
    parser.add_argument("--config", help="store config (store, catalogue, handoff, mqtt sections)")
    parser.add_argument("--host", help="listen address (default handoff.listen_host)")
    parser.add_argument("--port", type=int, help="listen port (default handoff.listen_port)")
    parser.add_argument("--no-mqtt", action="store_true",
                        help="do not tell mirrors when a basket is opened (testing only)")
    parser.add_argument("--new-key", action="store_true", help="print a new 32-byte hex key and exit")
    parser.set_defaults(func=handoff_server)


def handoff_server(args) -> int:
    if args.new_key:
        print(secrets.token_hex(32))
        return 0
    if not args.config:
        print("error: --config is required (or --new-key)")
        return 2
    import uvicorn  # noqa: PLC0415 (keep `kiosk --help` fast)

    from kiosk.config import load_config
    from kiosk.handoff.server import build_app, keys_from_config

    config = load_config(args.config)
    bus = None if args.no_mqtt or not config.mqtt.enabled else _start_bus(config)
    _service, app = build_app(config, keys_from_config(config), bus=bus)
    host = args.host or config.handoff.listen_host
    port = config.handoff.listen_port if args.port is None else args.port
    log.info("hand-off service for %s on %s:%s, phones see %s", config.store.id, host, port,
             config.handoff.base_url)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
    finally:
        if bus is not None:
            bus.stop()
    return 0


def _start_bus(config):
    from kiosk.messaging.mqtt import MqttBus
    from kiosk.messaging.settings import MqttSettings

    bus = MqttBus(MqttSettings.from_config(config), f"handoff-{config.store.id}").start()
    if not bus.wait_connected(5.0):
        log.warning("broker %s:%s not reachable yet: 'opened' messages queue until it is",
                    config.mqtt.host, config.mqtt.port)
    return bus
