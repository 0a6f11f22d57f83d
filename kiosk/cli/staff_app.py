"""``kiosk staff-app``: the associates' web app (kiosk/storeweb), and its PIN hashes.

    kiosk staff-app serve --config store.yaml        # serve /staff (foreground, Ctrl+C stops)
    echo 1357 | kiosk staff-app pin                  # print a hash for mqtt.staff[].pin_hash

`kiosk demo` starts the same service in-process and prints `Staff app: URL`.
"""

from __future__ import annotations

import getpass
import signal
import sys
import threading


def register(sub) -> None:
    parser = sub.add_parser("staff-app", help="associates' web app (serve) and PIN hashes (pin)")
    commands = parser.add_subparsers(dest="staff_app_command", required=True)
    serve = commands.add_parser("serve", help="serve /staff for the store's associates")
    serve.add_argument("--config", required=True, help="store config (mqtt.staff, staff_app)")
    serve.set_defaults(func=_serve)
    pin = commands.add_parser("pin", help="hash a staff PIN (read from the prompt or stdin)")
    pin.set_defaults(func=_pin)


def _pin(_args) -> int:
    from kiosk.insight.manager import hash_pin

    pin = getpass.getpass("Staff PIN (4-8 digits): ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    print(hash_pin(pin))  # a ConfigError (not 4-8 digits) is reported by kiosk's main
    return 0


def _serve(args) -> int:
    from kiosk.config import load_config
    from kiosk.storeweb.server import start

    config = load_config(args.config)
    running = start(config)
    print(f"Staff app: {running.staff_url}", flush=True)
    if config.back_office.enabled:
        print(f"Back office: {running.manage_url}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    while not done.wait(1.0):
        if not running.thread.is_alive():
            return 1
    running.stop()
    return 0
