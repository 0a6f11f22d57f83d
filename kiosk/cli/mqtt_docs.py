"""``kiosk mqtt-docs``: print (or check) docs/mqtt.md, generated from the topic table."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser("mqtt-docs", help="print the MQTT contract doc (docs/mqtt.md)")
    parser.add_argument("--check", metavar="PATH", help="exit 1 if PATH differs from the table")
    parser.set_defaults(func=mqtt_docs)


def mqtt_docs(args) -> int:
    from kiosk.messaging.docs import render

    text = render()
    if args.check:
        if Path(args.check).read_text(encoding="utf-8") != text:
            print(f"{args.check} is out of date: run `kiosk mqtt-docs > {args.check}`", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0
