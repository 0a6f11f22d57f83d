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
        log.error("config invalid, running out of service until it is fixed:\n%s", exc)
        config, errors = out_of_service_config(), [f"Configuration error - see the log ({args.config})"]
    if not errors and not _paired(config, args):
        return 0  # the pairing screen was closed before a manager approved
    return run_mirror(config, windowed=args.windowed, offscreen=args.offscreen,
                      size=parse_size(args.size), scenario=args.scenario, startup_errors=errors,
                      out_of_service=bool(errors))


def _paired(config: StoreConfig, args) -> bool:
    """A new mirror (mqtt.pairing_url, no password file yet) shows its pairing code first."""
    from kiosk.pairing.client import needs_pairing

    if not needs_pairing(config):
        return True
    if args.offscreen:
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.ui.pairing_screen import run_pairing

    return run_pairing(config, size=parse_size(args.size), windowed=args.windowed)


def out_of_service_config() -> StoreConfig:
    """What runs when the store config is broken: nothing that could act as the wrong store
    (no broker, no hand-off, no events, no demo catalogue, no camera), data in the service's
    state directory, and the error on screen, so staff see it instead of a blank screen."""
    import os
    import tempfile

    config = StoreConfig()
    config.camera.enabled = False
    config.mqtt.enabled = False
    config.handoff.enabled = False
    config.insight.enabled = False
    config.catalogue.path = "/nonexistent/catalogue.yaml"
    config.data_dir = os.environ.get("STATE_DIRECTORY") or tempfile.mkdtemp(prefix="smart-mirror-")
    return config
