"""Broker side of ``kiosk catalogue publish`` / ``follow`` (kept apart from the file commands)."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
import uuid

from kiosk.catalogue.store import CatalogueStore, follow_published
from kiosk.errors import KioskError, MessagingError


def add_broker_arguments(parser) -> None:
    parser.add_argument("--config", help="store config: broker address, user, password source")
    parser.add_argument("--host", help="broker host (overrides the config)")
    parser.add_argument("--port", type=int, help="broker port (overrides the config)")
    parser.add_argument("--username", help="broker user (overrides the config)")
    parser.add_argument("--password-env", help="environment variable holding the password")
    parser.add_argument("--protocol", choices=["3.1.1", "5"], help="MQTT version")


def resolve_store(args) -> str:
    """--store, else the store id of --config; checked as a topic segment."""
    from kiosk.config import load_config
    from kiosk.messaging.topics import check_segment
    store = args.store or (load_config(args.config).store.id if args.config else None)
    if not store:
        raise MessagingError("which store? pass --store (e.g. paris-01) or --config",
                             fix="the store id is the one in the mirrors' store config")
    return check_segment("store", store)


def broker_settings(args):
    from kiosk.config import StoreConfig, load_config
    from kiosk.messaging.settings import MqttSettings
    settings = MqttSettings.from_config(load_config(args.config) if args.config else StoreConfig())
    overrides = {k: v for k, v in (("host", args.host), ("port", args.port),
                                   ("username", args.username), ("protocol", args.protocol))
                 if v is not None}
    if args.password_env:
        overrides["password"] = os.environ.get(args.password_env)
    # A one-shot tool keeps no session on the broker.
    return dataclasses.replace(settings, session_expiry_s=0, **overrides)


def _connect(args, role: str):
    from kiosk.messaging.mqtt import MqttBus
    settings = broker_settings(args)
    bus = MqttBus(settings, f"kiosk-catalogue-{role}-{uuid.uuid4().hex[:8]}").start()
    if not bus.wait_connected(args.timeout):
        error = bus.last_error or "no answer"
        bus.stop()
        raise MessagingError(f"cannot connect to {settings.host}:{settings.port}: {error}",
                             fix="check --host/--port, the user and password, and that the "
                                 "broker runs")
    return bus


def publish(args, catalogue) -> int:
    from kiosk.catalogue.publish import publish_catalogue, published_version
    args.store = resolve_store(args)
    bus = _connect(args, "publish")
    acked = threading.Event()
    accepted = {"ok": False}

    def on_ack(ok: bool) -> None:
        accepted["ok"] = ok
        acked.set()
    try:
        # Same content, same version: say so instead of a "published" that changed nothing.
        if published_version(bus, args.store) == catalogue.version[:16]:
            print(f"already published: version {catalogue.version[:16]}, nothing changed "
                  f"({len(catalogue)} styles, {catalogue.variant_count} variants on "
                  f"retail/v1/{args.store}/catalogue)")
            return 0
        notice = publish_catalogue(bus, args.store, catalogue, on_ack=on_ack)
        if not acked.wait(args.timeout) or not accepted["ok"]:
            print("error: the broker did not accept the catalogue (check the user may write "
                  f"retail/v1/{args.store}/catalogue)")
            return 1
    finally:
        bus.stop()
    print(f"published version {notice['version']} ({len(catalogue)} styles, "
          f"{catalogue.variant_count} variants) to retail/v1/{args.store}/catalogue, retained")
    return 0


def follow(args) -> int:
    """Run as a mirror would: hold the catalogue, print one JSON line per swap or rejection."""
    def emit(**event) -> None:
        print(json.dumps(event, ensure_ascii=False), flush=True)

    args.store = resolve_store(args)
    store = CatalogueStore(store_id=args.store)
    store.add_listener(
        on_change=lambda c, origin: emit(event="accepted", version=c.version[:16],
                                         styles=len(c), variants=c.variant_count, origin=origin),
        on_reject=lambda e, origin: emit(event="rejected", error=str(e), origin=origin,
                                         keeping=(store.version or "")[:16] or None))
    watcher = None
    if args.file:
        from kiosk.catalogue.watcher import CatalogueFileWatcher
        watcher = CatalogueFileWatcher(args.file, store, args.interval)
        watcher.load()
        watcher.start()
    bus = _connect(args, "follow")
    follow_published(bus, store)
    emit(event="following", store=args.store)
    try:
        _sleep(args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        bus.stop()
        if watcher:
            watcher.stop()
    return 0


def _sleep(seconds: float) -> None:
    deadline = time.monotonic() + seconds if seconds > 0 else float("inf")
    while time.monotonic() < deadline:
        time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))


__all__ = ["KioskError", "add_broker_arguments", "follow", "publish"]
