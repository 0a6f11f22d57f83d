"""``kiosk chain``: head office of a chain of stores on a NATS JetStream cluster (docs/chain.md).

    kiosk chain publish --chain chain.yaml --catalogue cat.yaml [--stock-dir DIR]
                        [--store paris-01 ...] [--region sud-est]
    kiosk chain status  --chain chain.yaml [--region R] [--json]
    kiosk chain collect --chain chain.yaml               # events into PostgreSQL, acks to stores
    kiosk chain report  --chain chain.yaml --by store|region|chain [--json]
    kiosk chain relay   --config store.yaml --password-env RELAY_MQTT_PASSWORD   # at a store
                        [--cluster nats-1.chain.example.com:8883 --cluster-ca-file CA]
    kiosk chain broker-watchdog --config store.yaml [--interval 15 --failures 3]   # at a store
                        [--restart-command "systemctl restart mosquitto"]

``--stock-dir``: a store with its own file there (``DIR/{store}.csv`` or ``.yaml``) gets it,
with its own stock; the others get ``--catalogue``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
import uuid
from pathlib import Path

from kiosk.errors import ConfigError, MessagingError


def register(subparsers) -> None:
    parser = subparsers.add_parser("chain", help="head office: publish, status, collect, report",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="chain_command", required=True, metavar="ACTION")
    pub = sub.add_parser("publish", help="catalogue + stock to all stores or a group")
    _chain_args(pub)
    pub.add_argument("--catalogue", required=True)
    pub.add_argument("--stock-dir", default=None)
    pub.set_defaults(func=_publish)
    status = sub.add_parser("status", help="which store runs which catalogue version")
    _chain_args(status)
    status.add_argument("--wait", type=float, default=3.0)
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=_status)
    col = sub.add_parser("collect", help="every store's events into PostgreSQL (until Ctrl+C)")
    col.add_argument("--chain", required=True)
    col.set_defaults(func=_collect)
    rep = sub.add_parser("report", help="stores side by side, per region or the chain")
    rep.add_argument("--chain", required=True)
    rep.add_argument("--by", choices=["store", "region", "chain"], default="store")
    rep.add_argument("--json", action="store_true")
    rep.set_defaults(func=_report)
    relay = sub.add_parser("relay", help="at a store: keep events until head office has them")
    relay.add_argument("--config", required=True)
    relay.add_argument("--username", default="chain-relay")
    relay.add_argument("--password-env", default="RELAY_MQTT_PASSWORD")
    relay.add_argument("--db", default=None, help="default: <data_dir>/chain-relay.sqlite3")
    relay.add_argument("--cluster", default=None, metavar="HOST:PORT",
                       help="the relay's own session on the cluster for acks and resends (docs/chain.md);"
                            " without it they go through the store's bridge")
    relay.add_argument("--cluster-username", default=None, help="default: bridge-{store}")
    relay.add_argument("--cluster-password-env", default="CHAIN_BRIDGE_PASSWORD")
    relay.add_argument("--cluster-ca-file", default=None)
    relay.set_defaults(func=_relay)
    dog = sub.add_parser("broker-watchdog", help="at a store: restart the store broker when it stops answering")
    dog.add_argument("--config", required=True)
    dog.add_argument("--username", default="broker-watchdog")
    dog.add_argument("--password-env", default="WATCHDOG_MQTT_PASSWORD")
    dog.add_argument("--interval", type=float, default=15.0, help="seconds between probes")
    dog.add_argument("--failures", type=int, default=3, help="probes failed in a row before a restart")
    dog.add_argument("--probe-timeout", type=float, default=5.0)
    dog.add_argument("--restart-command", default=None, help='default: "systemctl restart mosquitto"')
    dog.set_defaults(func=_broker_watchdog)


def _chain_args(parser) -> None:
    parser.add_argument("--chain", required=True, help="chain.yaml (docs/chain.md)")
    parser.add_argument("--store", action="append", default=None, help="only this store (repeat)")
    parser.add_argument("--region", default=None, help="only the stores of this region")
    parser.add_argument("--timeout", type=float, default=30.0)


def _head_office_bus(config, role: str, persistent: bool = False):
    from kiosk.messaging.mqtt import MqttBus
    from kiosk.messaging.settings import MqttSettings
    host, port = config.cluster.addresses[0].rsplit(":", 1)
    settings = MqttSettings(host=host, port=int(port), username=config.cluster.username,
                            password=config.password(), protocol="3.1.1", ca_file=config.cluster.ca_file)
    # The collector keeps one durable session (the cluster queues for it while it is away);
    # one-shot tools take a fresh id.
    client_id = f"head-office-{role}" if persistent else f"head-office-{role}-{uuid.uuid4().hex[:8]}"
    bus = MqttBus(settings, client_id).start()
    if not bus.wait_connected(15):
        error = bus.last_error or "no answer"
        bus.stop()
        raise MessagingError(f"cannot connect to the cluster at {host}:{port}: {error}",
                             fix="check cluster.addresses, the head-office password and the CA file")
    return bus


def _catalogue_for(args):
    from kiosk.catalogue.loader import load_catalogue
    shared = load_catalogue(args.catalogue)
    folder = Path(args.stock_dir) if args.stock_dir else None

    def pick(store: str):
        for suffix in (".csv", ".yaml", ".yml"):
            own = folder / f"{store}{suffix}" if folder else None
            if own and own.is_file():
                return load_catalogue(own)
        return shared
    return pick


def _publish(args) -> int:
    from kiosk.chain.config import load_chain_config
    from kiosk.chain.headoffice import publish_catalogues, retained_versions
    config = load_chain_config(args.chain)
    stores = config.select(args.store, args.region)

    def read_back(pending: list[str]) -> dict[str, str | None]:
        # a new connection, as a store's bridge would be: it gets what the cluster retained
        check = _head_office_bus(config, "check")
        try:
            return retained_versions(check, pending)
        finally:
            check.stop()

    bus = _head_office_bus(config, "publish")
    try:
        versions = publish_catalogues(bus, stores, _catalogue_for(args), args.timeout, read_back)
    finally:
        bus.stop()
    for store, version in sorted(versions.items()):
        print(f"{store}: {version}")
    return 0


def _status(args) -> int:
    from kiosk.chain.config import load_chain_config
    from kiosk.chain.headoffice import chain_status
    config = load_chain_config(args.chain)
    bus = _head_office_bus(config, "status")
    try:
        rows = chain_status(bus, config.select(args.store, args.region), args.wait)
    finally:
        bus.stop()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        running = ", ".join(f"{m}={v or '-'}" for m, v in row["running"].items()) or "no mirror seen"
        print(f"{row['store']:<16} published {row['published'] or '-':<18} "
              f"{row['on_published']}/{row['mirrors']} mirrors on it   {running}")
    return 0


def _collect(args) -> int:
    from kiosk.chain.collector import ChainCollector
    from kiosk.chain.config import load_chain_config
    from kiosk.chain.database import ChainDatabase
    config = load_chain_config(args.chain)
    database = ChainDatabase(config.database_url or os.environ.get("CHAIN_DATABASE_URL", ""))
    database.set_regions(config.regions())
    bus = _head_office_bus(config, "collector", persistent=True)
    collector = ChainCollector(bus, database).start()

    def finish() -> None:
        collector.flush_acks()
        bus.stop()
        database.close()
    _serve(collector.run, finish)
    print(json.dumps(collector.stats))
    return 0


def _report(args) -> int:
    from kiosk.chain.config import load_chain_config
    from kiosk.chain.database import ChainDatabase
    from kiosk.chain.report import as_table, chain_report
    config = load_chain_config(args.chain)
    database = ChainDatabase(config.database_url or os.environ.get("CHAIN_DATABASE_URL", ""))
    database.set_regions(config.regions())
    rows = chain_report(database, args.by)
    database.close()
    print(json.dumps(rows, indent=2) if args.json else as_table(rows, args.by), end="\n" if args.json else "")
    return 0


def _relay(args) -> int:
    import dataclasses

    from kiosk.chain.relay import Ledger, StoreRelay
    from kiosk.config import load_config
    from kiosk.messaging.mqtt import MqttBus
    from kiosk.messaging.settings import MqttSettings
    config = load_config(args.config)
    settings = dataclasses.replace(MqttSettings.from_config(config), username=args.username,
                                   password=os.environ.get(args.password_env))
    db = Path(args.db) if args.db else config.resolve(config.data_dir) / "chain-relay.sqlite3"
    bus = MqttBus(settings, f"chain-relay-{config.store.id}")
    cluster_bus = None
    if args.cluster:
        host, _, port = args.cluster.rpartition(":")
        if not host or not port.isdigit():
            raise ConfigError(f"--cluster {args.cluster!r} is not HOST:PORT", fix="e.g. nats-1.chain.example.com:8883")
        cluster_bus = MqttBus(MqttSettings(host=host, port=int(port), protocol="3.1.1",
                                           username=args.cluster_username or f"bridge-{config.store.id}",
                                           password=os.environ.get(args.cluster_password_env),
                                           ca_file=args.cluster_ca_file),
                              f"chain-relay-{config.store.id}")
    relay = StoreRelay(bus, config.store.id, Ledger(db), cluster_bus=cluster_bus).start()
    bus.start()
    if cluster_bus is not None:
        cluster_bus.start()

    def finish() -> None:
        bus.stop()
        if cluster_bus is not None:
            cluster_bus.stop()
    _serve(relay.run, finish)
    print(json.dumps({**relay.stats, **relay.ledger.counts()}))
    return 0


def _broker_watchdog(args) -> int:
    import dataclasses

    from kiosk.chain.watchdog import DEFAULT_RESTART, BrokerWatchdog, mqtt_answers, restart_command
    from kiosk.config import load_config
    from kiosk.messaging.settings import MqttSettings
    if args.failures < 1 or args.interval <= 0 or args.probe_timeout <= 0:
        raise ConfigError("--failures must be 1 or more, --interval and --probe-timeout above 0",
                          fix="e.g. --interval 15 --failures 3 --probe-timeout 5")
    config = load_config(args.config)
    settings = dataclasses.replace(MqttSettings.from_config(config), username=args.username,
                                   password=os.environ.get(args.password_env))
    client_id = f"broker-watchdog-{config.store.id}"
    watchdog = BrokerWatchdog(lambda: mqtt_answers(settings, client_id, args.probe_timeout),
                              restart_command(args.restart_command or DEFAULT_RESTART),
                              failures_to_restart=args.failures)
    _serve(lambda stop: watchdog.run(stop, args.interval), lambda: None)
    print(json.dumps(watchdog.stats))
    return 0


def _serve(run, finish) -> None:
    """A service loop until Ctrl+C or systemd's SIGTERM, then ``finish`` (close cleanly)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        finish()
