"""``kiosk staff --zone Z --name NAME``: the staff console, sized for a handheld.

    kiosk staff --config store.yaml --zone womenswear --name Anna
    kiosk staff --config store.yaml --role floor_lead --name Léa --username staff \\
                --password-env STAFF_MQTT_PASSWORD
    kiosk staff ... --offscreen --screenshot out/staff.png --quit-after 3
"""

from __future__ import annotations

import os
import re
import signal
import unicodedata
from dataclasses import replace
from pathlib import Path

from kiosk.errors import ConfigError, Location

DEMO_CONFIG = Path(__file__).resolve().parents[2] / "config" / "demo.yaml"


def register(sub) -> None:
    parser = sub.add_parser("staff", help="staff console for size requests (handheld)")
    parser.add_argument("--config", default=str(DEMO_CONFIG), help="store config (store id, mqtt)")
    parser.add_argument("--zone", help="zone whose requests to show (zone staff)")
    parser.add_argument("--name", required=True, help="display name shown to shoppers")
    parser.add_argument("--id", help="staff id (default: from the name)")
    parser.add_argument("--role", choices=["zone", "floor_lead", "manager"], default="zone")
    parser.add_argument("--host", help="broker host (default: from the config)")
    parser.add_argument("--port", type=int, help="broker port (default: from the config)")
    parser.add_argument("--protocol", choices=["3.1.1", "5"], help="MQTT version (3.1.1 for the demo)")
    parser.add_argument("--username", help="broker user for handhelds")
    parser.add_argument("--password-env", help="environment variable holding its password")
    parser.add_argument("--sound-command", help="command playing the chime, e.g. 'paplay ding.wav'")
    parser.add_argument("--offscreen", action="store_true", help="no display (tests, screenshots)")
    parser.add_argument("--screenshot", help="save a PNG of the console before quitting")
    parser.add_argument("--quit-after", type=float, help="quit after SECONDS")
    parser.set_defaults(func=staff)


def staff_id_from(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:64] or "staff"


def staff(args) -> int:
    if args.role == "zone" and not args.zone:
        raise ConfigError("zone staff need a zone", location=Location(field="--zone"),
                          fix="pass --zone womenswear (or --role floor_lead for every zone)")
    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.config import load_config
    from kiosk.messaging.payloads import Staff, build
    from kiosk.messaging.settings import MqttSettings

    config = load_config(args.config)
    settings = _overrides(MqttSettings.from_config(config), args)
    member = build(Staff, id=args.id or staff_id_from(args.name), name=args.name)
    return _run(settings, config.store.id, member, args)


def _overrides(settings, args):
    changes = {k: getattr(args, k) for k in ("host", "port", "protocol", "username") if getattr(args, k)}
    if args.password_env:
        if args.password_env not in os.environ:
            raise ConfigError(f"environment variable {args.password_env} is not set",
                              location=Location(field="--password-env"),
                              fix=f"export {args.password_env}=... first")
        changes["password"] = os.environ[args.password_env]
    return replace(settings, **changes)


def _run(settings, store: str, member, args) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.staff.app import build_staff_app, staff_bus
    from kiosk.ui.staff.sound import Chime

    qt_app = QApplication.instance() or QApplication([])
    app = build_staff_app(staff_bus(settings, store, member), store=store, staff=member, zone=args.zone, role=args.role,
                          chime=Chime(args.sound_command))
    app.window.show()
    signal.signal(signal.SIGINT, lambda *_: qt_app.quit())
    signal.signal(signal.SIGTERM, lambda *_: qt_app.quit())
    keep_signals = QTimer()
    keep_signals.start(200)  # lets Python run its signal handlers while Qt's loop runs
    keep_signals.timeout.connect(lambda: None)
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), lambda: _finish(qt_app, app, args.screenshot))
    try:
        return qt_app.exec()
    finally:
        app.stop()


def _finish(qt_app, app, screenshot: str | None) -> None:
    if screenshot:
        Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
        app.window.grab().save(screenshot)
    qt_app.quit()
