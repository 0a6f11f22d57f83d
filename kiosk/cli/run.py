"""``kiosk run --config PATH``: the real mirror."""

from __future__ import annotations

import logging

from kiosk.cli._mirror import parse_size, run_mirror
from kiosk.config import StoreConfig, load_config
from kiosk.errors import ConfigError

log = logging.getLogger(__name__)


def register(sub) -> None:
    parser = sub.add_parser("run", help="run the mirror (fullscreen, kiosk lockdown)")
    parser.add_argument("--config", required=True, help="store config YAML")
    parser.add_argument("--windowed", action="store_true", help="a normal window (development)")
    parser.add_argument("--offscreen", action="store_true", help="no display (tests)")
    parser.add_argument("--size", help="window size WxH")
    parser.add_argument("--scenario", help="drive the app through a scenario YAML and exit")
    parser.set_defaults(func=run)


def run(args) -> int:
    try:
        config, errors = load_config(args.config), []
    except ConfigError as exc:
        # Keep running where we can: safe defaults, camera off, the error on screen and in the log.
        log.error("config invalid, running with safe defaults:\n%s", exc)
        config = StoreConfig()
        config.camera.enabled = False
        errors = [f"Configuration error - see the log ({args.config})"]
    return run_mirror(config, windowed=args.windowed, offscreen=args.offscreen,
                      size=parse_size(args.size), scenario=args.scenario, startup_errors=errors)
