"""``kiosk broker``: the zero-setup demo broker (amqtt, MQTT 3.1.1, loopback only).

For a store, run mosquitto with config/mosquitto/ instead (docs/brokers.md).
"""

from __future__ import annotations

import signal
import threading


def register(sub) -> None:
    parser = sub.add_parser("broker", help="run the embedded demo MQTT broker on 127.0.0.1")
    parser.add_argument("--port", type=int, default=1883, help="port (default 1883)")
    parser.set_defaults(func=broker)


def broker(args) -> int:
    from kiosk.messaging.demo_broker import DemoBroker

    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with DemoBroker("127.0.0.1", args.port) as running:
        print(f"demo broker (MQTT 3.1.1, anonymous, loopback) on 127.0.0.1:{running.port}", flush=True)
        stop.wait()
    return 0
