"""``kiosk pair --config PATH``: pair a headless mirror (the code printed, not shown on a screen)."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import load_config
from kiosk.errors import ConfigError, Location


def register(sub) -> None:
    parser = sub.add_parser("pair", help="get this mirror's broker password by a pairing code "
                                         "a manager approves in the back office")
    parser.add_argument("--config", required=True, help="store config YAML (mqtt.pairing_url, mqtt.password_file)")
    parser.add_argument("--again", action="store_true",
                        help="pair even though the password file exists (it is replaced once approved)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.pairing.client import pair

    config = load_config(args.config)
    section = config.mqtt
    if not section.pairing_url or not section.password_file:
        missing = "mqtt.pairing_url" if not section.pairing_url else "mqtt.password_file"
        raise ConfigError(f"{missing} is not set", location=Location(config.source_path, field=missing),
                          fix="set mqtt.pairing_url to the store web service (https://store-server:8443) "
                              "and mqtt.password_file to where the password goes (docs/back-office.md)")
    target = Path(config.resolve(section.password_file))
    if target.exists() and not args.again:
        print(f"already paired: {target} exists (kiosk pair --again to pair anew)")
        return 0
    path = pair(config, _show)
    print(f"paired: the broker password is in {path} (mode 600)")
    return 0


def _show(code: str, expires_s: int) -> None:
    from kiosk.pairing.codes import grouped

    print(f"\n    Pairing code:   {grouped(code)}\n\n"
          "    In the back office: Mirrors > Add a mirror, type this code "
          f"(within {max(1, expires_s // 60)} minutes).\n    Waiting for a manager...", flush=True)
