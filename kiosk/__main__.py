"""``kiosk`` command line: every sub-command lives in its own module in kiosk/cli/.

Each module there defines ``register(subparsers)`` and sets ``func`` on the
parsers it adds; ``func(args) -> int`` is the exit code.  Modules are found by
name, so adding a command touches no shared file.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

from kiosk import cli
from kiosk.errors import KioskError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Smart-mirror kiosk for fashion stores")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"kiosk.cli.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for chatty in ("amqtt", "transitions", "uvicorn.access"):  # their INFO is per-packet noise
        logging.getLogger(chatty).setLevel(logging.WARNING)
    try:
        return int(args.func(args) or 0)
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
