"""``kiosk insight``: tools around the manager report.

    kiosk insight simulate --db demo.sqlite3          # a week of store traffic with known answers
    kiosk insight collect --config store.yaml         # gather every mirror's events over MQTT
    kiosk insight discovery --config store.yaml       # print (or --publish) Home Assistant configs
    kiosk insight pin --out var/manager.pin           # hash a manager PIN (read from stdin/prompt)
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import signal
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.errors import ConfigError, Location


def register(subparsers) -> None:
    parser = subparsers.add_parser("insight", help="simulate / collect events, HA discovery, PIN",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="insight_command", required=True, metavar="ACTION")
    sim = sub.add_parser("simulate", help="write a simulated week of events to a database")
    sim.add_argument("--db", required=True)
    sim.add_argument("--first-day", default=None, help="YYYY-MM-DD (default: 7 days ago)")
    sim.add_argument("--days", type=int, default=7)
    sim.add_argument("--seed", type=int, default=7)
    sim.set_defaults(func=_simulate)
    col = sub.add_parser("collect", help="store every mirror's events (runs until Ctrl+C)")
    col.add_argument("--config", required=True)
    col.add_argument("--db", default=None, help="default: <data_dir>/store-events.sqlite3")
    col.add_argument("--count", type=int, default=None, help="stop after this many events")
    col.set_defaults(func=_collect)
    disc = sub.add_parser("discovery", help="Home Assistant MQTT discovery configs")
    disc.add_argument("--config", required=True)
    disc.add_argument("--publish", action="store_true", help="publish them retained")
    disc.set_defaults(func=_discovery)
    pin = sub.add_parser("pin", help="hash a manager PIN into a file")
    pin.add_argument("--out", required=True)
    pin.set_defaults(func=_pin)


def _simulate(args: argparse.Namespace) -> int:
    from kiosk.insight.simulate import simulate_week
    from kiosk.insight.simulate_catalogue import product_names
    from kiosk.insight.store import EventStore

    try:
        first = date.fromisoformat(args.first_day) if args.first_day else None
    except ValueError:
        raise ConfigError("cannot read --first-day", location=Location(field="--first-day"),
                          fix="write a date as YYYY-MM-DD") from None
    first = first or date.today() - timedelta(days=args.days)
    events, truth = simulate_week(first, days=args.days, seed=args.seed)
    store = EventStore(args.db)
    added = store.add_many(events, published=True)
    store.set_product_names(product_names())
    store.close()
    print(f"{args.db}: {added} events, {sum(truth.sessions_by_day.values())} visits "
          f"from {first} for {args.days} days (Europe/Paris)")
    return 0


def _bus(config, client_id: str):
    from kiosk.messaging.mqtt import MqttBus
    from kiosk.messaging.settings import MqttSettings

    return MqttBus(MqttSettings.from_config(config), client_id)


def _collect(args: argparse.Namespace) -> int:
    from kiosk.config import load_config
    from kiosk.insight.collect import EventCollector
    from kiosk.insight.store import EventStore

    config = load_config(args.config)
    db = Path(args.db) if args.db else config.resolve(config.data_dir) / "store-events.sqlite3"
    store = EventStore(db)
    store.prune(datetime.now(UTC) - timedelta(days=config.insight.retention_days))
    bus = _bus(config, f"insight-collector-{config.store.id}")
    collector = EventCollector(store, bus, config.store.id).start()
    bus.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # systemd stop: close cleanly
    try:
        while not stop.is_set():
            if args.count is not None and collector.wait_for(args.count, timeout=0.5):
                break
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        bus.stop()
        store.close()
    print(f"{db}: {collector.accepted} events stored, {collector.duplicates} duplicates, "
          f"{collector.rejected} refused")
    return 0


def _discovery(args: argparse.Namespace) -> int:
    from kiosk.config import load_config
    from kiosk.insight.discovery import MirrorIdentity, discovery_configs, publish_discovery

    config = load_config(args.config)
    mirror = MirrorIdentity(config.store.id, config.mirror.id, config.mirror.zone, config.mirror.room)
    prefix = config.insight.ha_prefix
    if not args.publish:
        for topic, payload in discovery_configs(mirror, prefix).items():
            print(topic)
            print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    bus = _bus(config, f"insight-discovery-{config.mirror.id}").start()
    try:
        if not bus.wait_connected(10):
            raise ConfigError("broker not reachable", location=Location(args.config, field="mqtt"),
                              fix="check mqtt.host, port and credentials")
        acked = threading.Semaphore(0)
        for topic in publish_discovery(bus, mirror, prefix, on_ack=lambda ok: acked.release()):
            print(f"published {topic}")
        for _ in range(3):
            acked.acquire(timeout=10)
    finally:
        bus.stop()
    return 0


def _pin(args: argparse.Namespace) -> int:
    from kiosk.insight.manager import hash_pin

    pin = getpass.getpass("Manager PIN (4-8 digits): ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    encoded = hash_pin(pin)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never world-readable
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(encoded + "\n")
    out.chmod(0o600)  # an existing file keeps its old mode otherwise
    print(f"{out}: PIN hash written; set insight.manager_pin_file to this path")
    return 0
