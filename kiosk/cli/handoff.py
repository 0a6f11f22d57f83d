"""``kiosk handoff-server``: the basket hand-off service (phone pages + mirror API).

    kiosk handoff-server --config store.yaml            # serve (SQLite in data_dir)
    kiosk handoff-server --new-key                      # print a fresh hex key for the key files
    kiosk handoff-orders --config store.yaml --since 24h   # our own order requests, with addresses
    kiosk handoff-orders --config store.yaml --mark k7qm-2rxd shipped

Keys never live in the store config: ``handoff.token_key_env|file`` names the
store's token key, ``handoff.mirror_keys_file`` lists ``mirror-id hex-key``.
"""

from __future__ import annotations

import logging
import secrets

log = logging.getLogger("kiosk.handoff")
ORDER_STATUSES = ("awaiting_payment", "pay_at_till", "paid", "ready", "shipped", "collected",
                  "cancelled")


def register(sub) -> None:
    parser = sub.add_parser("handoff-server", help="run the basket-to-phone hand-off service")
    parser.add_argument("--config", help="store config (store, catalogue, handoff, mqtt sections)")
    parser.add_argument("--host", help="listen address (default handoff.listen_host)")
    parser.add_argument("--port", type=int, help="listen port (default handoff.listen_port)")
    parser.add_argument("--no-mqtt", action="store_true",
                        help="do not tell mirrors when a basket is opened (testing only)")
    parser.add_argument("--new-key", action="store_true", help="print a new 32-byte hex key and exit")
    parser.set_defaults(func=handoff_server)
    orders = sub.add_parser("handoff-orders", help="list (or mark) order requests made on phones")
    orders.add_argument("--config", required=True, help="the hand-off service's store config")
    orders.add_argument("--since", default="7d", help="how far back: 90m, 24h, 7d (default 7d)")
    orders.add_argument("--json", action="store_true", help="one JSON object per line")
    orders.add_argument("--mark", nargs=2, metavar=("ORDER", "STATUS"),
                        help=f"set an order's status ({', '.join(ORDER_STATUSES)})")
    orders.set_defaults(func=handoff_orders)


def handoff_server(args) -> int:
    if args.new_key:
        print(secrets.token_hex(32))
        return 0
    if not args.config:
        print("error: --config is required (or --new-key)")
        return 2
    import uvicorn  # noqa: PLC0415 (keep `kiosk --help` fast)

    from kiosk.config import load_config
    from kiosk.handoff.server import build_app, keys_from_config, server_config

    config = load_config(args.config)
    bus = None if args.no_mqtt or not config.mqtt.enabled else _start_bus(config)
    _service, app = build_app(config, keys_from_config(config), bus=bus)
    host = args.host or config.handoff.listen_host
    port = config.handoff.listen_port if args.port is None else args.port
    log.info("hand-off service for %s on %s:%s, phones see %s", config.store.id, host, port,
             config.handoff.base_url)
    server = uvicorn.Server(server_config(app, host, port, log_level="info"))
    try:
        server.run()
    finally:
        if bus is not None:
            bus.stop()
    return 0 if server.started else 1


def _start_bus(config):
    from kiosk.messaging.mqtt import MqttBus
    from kiosk.messaging.settings import MqttSettings

    bus = MqttBus(MqttSettings.from_config(config), f"handoff-{config.store.id}").start()
    if not bus.wait_connected(5.0):
        log.warning("broker %s:%s not reachable yet: 'opened' messages queue until it is",
                    config.mqtt.host, config.mqtt.port)
    return bus


def handoff_orders(args) -> int:
    import json
    import time

    from kiosk.config import load_config
    from kiosk.errors import ConfigError
    from kiosk.handoff.storage import open_store

    config = load_config(args.config)
    store = open_store(config.handoff.database_url, config.resolve(config.data_dir))
    try:
        if args.mark:
            order_id, status = args.mark[0].lower(), args.mark[1]
            if status not in ORDER_STATUSES:
                raise ConfigError(f"unknown status {status!r}", fix=f"use one of {', '.join(ORDER_STATUSES)}")
            if not store.set_order_status(config.store.id, order_id, status):
                print(f"error: no order {order_id} in store {config.store.id}")
                return 1
            return 0
        for created, order in store.orders(config.store.id, time.time() - _seconds(args.since)):
            print(json.dumps({"created": created} | order.__dict__, ensure_ascii=False) if args.json
                  else _order_line(created, order))
    finally:
        store.close()
    return 0


def _seconds(text: str) -> float:
    from kiosk.errors import ConfigError

    units = {"m": 60, "h": 3600, "d": 86400}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise ConfigError(f"--since {text!r} is not a duration", fix="write e.g. 90m, 24h or 7d")
    return int(text[:-1]) * units[text[-1]]


def _order_line(created: float, order) -> str:
    import datetime

    when = datetime.datetime.fromtimestamp(created).strftime("%Y-%m-%d %H:%M")
    items = ", ".join(f"{line['quantity']}x {line['title']} ({line['gtin']})" for line in order.lines)
    address = order.address or {}
    where = ", ".join(address[k] for k in ("first_name", "last_name", "address1", "address2", "zip",
                                           "city", "country", "email") if address.get(k))
    return (f"{order.id.upper()}  {when}  {order.fulfilment:<8}  {order.status:<16}  "
            f"{order.total} {order.currency}  {items}" + (f"  -> {where}" if where else ""))
