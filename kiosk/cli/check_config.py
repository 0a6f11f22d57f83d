"""``kiosk check-config PATH``: validate a store config, print every problem with its line."""

from __future__ import annotations

import sys

from kiosk.config import ConfigErrors, load_config
from kiosk.errors import ConfigError


def register(sub) -> None:
    parser = sub.add_parser("check-config", help="validate a store config file")
    parser.add_argument("path")
    parser.set_defaults(func=check)


def check(args) -> int:
    try:
        config = load_config(args.path)
    except ConfigErrors as exc:
        for error in exc.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{len(exc.errors)} error(s) in {args.path}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.path}: OK (store {config.store.id}, mirror {config.mirror.id})")
    return 0
