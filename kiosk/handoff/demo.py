"""The demo's in-process hand-off service: ephemeral keys, reachable from phones on the LAN.

    running, client = start_demo_service(config, bus, catalogue)
    ...  client.create(basket) on a worker thread  ...
    running.stop()

Keys are random per run (nothing to configure, nothing left on disk); the
database lives in the config's data_dir and forgets unredeemed baskets at
expiry like the real service.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.catalogue import Catalogue
from kiosk.config import StoreConfig
from kiosk.handoff.client import HandoffClient
from kiosk.handoff.server import Keys, RunningServer, build_app, lan_address, start_in_process
from kiosk.handoff.service import HandoffService
from kiosk.messaging.bus import Bus


@dataclass
class DemoHandoff:
    server: RunningServer
    service: HandoffService
    client: HandoffClient

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()
        self.service.db.close()


def start_demo_service(config: StoreConfig, bus: Bus | None,
                       catalogue: Catalogue | Callable[[], Catalogue | None] | None = None,
                       *, lan: bool = True, port: int | None = None) -> DemoHandoff:
    """Start the service on a background thread; ``lan=False`` keeps it on loopback (tests).
    Pass ``lambda: catalogue_store.current`` so a newly published catalogue prices at once."""
    mirror = config.mirror.id
    keys = Keys(secrets.token_bytes(32), {mirror: secrets.token_bytes(32)})
    service, app = build_app(config, keys, bus=bus, catalogue=catalogue)
    host, public_host = ("0.0.0.0", lan_address()) if lan else ("127.0.0.1", "127.0.0.1")
    server = start_in_process(app, host, config.handoff.listen_port if port is None else port,
                              public_host=public_host)
    service.public_url = server.url
    client = HandoffClient(server.url, config.store.id, mirror, keys.mirror_keys[mirror],
                           timeout_s=config.handoff.timeout_s, language=config.store.default_language)
    return DemoHandoff(server, service, client)
