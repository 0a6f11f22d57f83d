"""A store's bridge config: config/mosquitto/bridge.conf with this store's names filled in.

The shipped file is the template (its store is ``example-store``), so what the tests run is
exactly what a store installs: only the store id, the cluster addresses, the passwords and
the CA path change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kiosk.errors import ConfigError, Location
from kiosk.messaging.topics import check_segment

TEMPLATE = Path(__file__).resolve().parents[2] / "config" / "mosquitto" / "bridge.conf"
EXAMPLE_STORE = "example-store"


def render_bridge(store: str, addresses: Sequence[tuple[str, int]], *, remote_password: str,
                  local_password: str, ca_file: str | None, template: Path = TEMPLATE) -> str:
    """The bridge section for ``store``; ``ca_file`` None means a plain (test-only) link."""
    check_segment("store", store)
    if not addresses:
        raise ConfigError("a bridge needs at least one cluster address",
                          fix="list every cluster node's host:port")
    lines = []
    for line in template.read_text().splitlines():
        key = line.split(" ", 1)[0]
        if key == "address":
            line = "address " + " ".join(f"{host}:{port}" for host, port in addresses)
        elif key == "remote_password":
            line = f"remote_password {remote_password}"
        elif key == "local_password":
            line = f"local_password {local_password}"
        elif key == "bridge_cafile":
            line = f"bridge_cafile {ca_file}" if ca_file else "# no TLS (loopback test)"
        elif key == "bridge_insecure" and not ca_file:
            continue
        lines.append(line.replace(EXAMPLE_STORE, store))
    text = "\n".join(lines) + "\n"
    if EXAMPLE_STORE in text or "CHANGE-ME" in text:
        raise ConfigError("the bridge template left a placeholder", location=Location(str(template)))
    return text
