"""The back office (/manage) on an InMemoryBus, with mirrors that follow the catalogue.

    office = OfficeSite(tmp_path)                   # managers: manager (store), rita (regional)
    client = office.client()
    office.sign_in(client, "manager")               # the real form: nonce cookie, CSRF, password
    mirror = office.mirror("mirror-1")              # CatalogueStore + follow_published, acks on change
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from starlette.testclient import TestClient

from kiosk.catalogue.store import CatalogueStore, follow_published
from kiosk.config import ManagerEntry
from kiosk.insight.manager import hash_password
from kiosk.messaging import topics
from kiosk.messaging.payloads import MirrorState, build
from kiosk.storeweb.server import build as build_service
from tests.support.storeweb import ORIGIN, staff_config

PASSWORDS = {"manager": "demo-manager", "rita": "regional-pass-1", "paul": "second-manager"}
ROLES = {"manager": "manager", "rita": "regional_manager", "paul": "manager"}
_HASHES = {m: hash_password(p, iterations=1000) for m, p in PASSWORDS.items()}  # fast tests
STORE = "s1"


def office_config(data_dir: Path, store: str = STORE, **back_office):
    config = staff_config(store=store)
    config.back_office.managers = [ManagerEntry(id=m, name=m.title(), role=ROLES[m], password_hash=_HASHES[m])
                                   for m in PASSWORDS]
    for key, value in back_office.items():
        setattr(config.back_office, key, value)
    config.data_dir = str(data_dir)
    return config


def broker_config(data_dir: Path, port: int, store: str = STORE, **back_office):
    """``office_config`` for the store web service on a test mosquitto at ``port``: any free
    HTTP port, the relay login 'staff-app' (password in $STAFF_APP_MQTT_PASSWORD)."""
    config = office_config(data_dir, store=store, **back_office)
    config.staff_app.listen_port, config.staff_app.mqtt_username = 0, "staff-app"
    config.staff_app.mqtt_password_env = "STAFF_APP_MQTT_PASSWORD"
    config.mqtt.port = port
    return config


class MirrorFollower:
    """A mirror's catalogue side: the project's follower (CatalogueStore + follow_published)
    and the retained state it publishes, carrying the version it switched to."""

    def __init__(self, bus, store: str, mirror: str):
        self.bus, self.store_id, self.mirror = bus, store, mirror
        self.catalogue = CatalogueStore(store_id=store)
        self.catalogue.add_listener(on_change=lambda *_: self.report(), on_reject=lambda *_: self.report())
        self.report()
        follow_published(bus, self.catalogue)

    def report(self) -> None:
        health = {"uptime_s": 3723.0, "camera": "live", "catalogue_version": self.catalogue.version,
                  "catalogue_error": self.catalogue.refusal}  # as kiosk/app.py reports them
        self.bus.publish(topics.mirror_state(self.store_id, self.mirror),
                         build(MirrorState, mirror=self.mirror, status="online",
                               health={k: v for k, v in health.items() if v is not None}), retain=True)


@dataclass
class OfficeSite:
    data_dir: Path
    back_office: dict | None = None

    def __post_init__(self):
        from tests.support.messaging import Store
        self.store = Store()
        self.bus = self.store.bus
        self.config = office_config(self.data_dir, **(self.back_office or {}))
        self.web, self.app = build_service(self.config, self.bus, ORIGIN, clock=self.store.clock)
        self.office = self.app.state.backoffice

    def client(self, address: str = "10.0.0.8") -> TestClient:
        return TestClient(self.app, base_url=ORIGIN, headers={"Origin": ORIGIN},
                          client=(address, 50000), follow_redirects=False)

    def sign_in(self, client: TestClient, username: str, password: str | None = None):
        token = signin_csrf_of(client.get("/manage").text)
        return client.post("/manage/signin", data={"csrf": token, "username": username,
                                                   "password": PASSWORDS.get(username, "x") if password is None else password})

    def signed_in(self, who: str = "manager", address: str = "10.0.0.8") -> TestClient:
        client = self.client(address)
        assert self.sign_in(client, who).status_code == 303
        return client

    def mirror(self, mirror_id: str) -> MirrorFollower:
        return MirrorFollower(self.bus, STORE, mirror_id)

    def upload(self, client: TestClient, name: str, content: bytes, csrf: str | None = None):
        token = csrf if csrf is not None else csrf_of(client.get("/manage/catalogue").text)
        return client.post("/manage/catalogue/upload", data={"csrf": token},
                           files={"file": (name, content, "text/csv")})


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found[1]


signin_csrf_of = csrf_of
