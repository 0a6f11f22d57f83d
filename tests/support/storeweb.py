"""A store web service on an InMemoryBus with a real mirror (SizeRequests) beside it.

    site = StaffSite()                     # anna + li (womenswear), bob (menswear), marc (floor lead)
    client = site.client()                 # Starlette TestClient, same-origin headers
    site.sign_in(client, "anna")           # real form: nonce cookie, CSRF token, PIN
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from starlette.testclient import TestClient

from kiosk.config import StaffEntry, StoreConfig
from kiosk.insight.manager import hash_pin
from kiosk.storeweb.server import build
from tests.support.messaging import Store

ORIGIN = "http://testserver"
PINS = {"anna": "1357", "li": "2580", "bob": "1111", "marc": "4680"}
_HASHES = {staff_id: hash_pin(pin, iterations=1000) for staff_id, pin in PINS.items()}  # fast tests


def staff_config(store: str = "s1", **staff_app) -> StoreConfig:
    roster = [
        StaffEntry(id="anna", name="Anna", zones=["womenswear"], pin_hash=_HASHES["anna"]),
        StaffEntry(id="li", name="Li", zones=["womenswear"], pin_hash=_HASHES["li"]),
        StaffEntry(id="bob", name="Bob", zones=["menswear"], pin_hash=_HASHES["bob"]),
        StaffEntry(id="marc", name="Marc", role="floor_lead", zones=["womenswear"], pin_hash=_HASHES["marc"]),
        StaffEntry(id="nopin", name="No Pin", zones=["womenswear"]),
    ]
    config = StoreConfig.model_validate({"store": {"id": store, "name": "Test store"},
                                         "staff_app": staff_app})
    config.mqtt.staff = roster
    return config


@dataclass
class StaffSite:
    store: Store = field(default_factory=Store)
    staff_app: dict = field(default_factory=dict)

    def __post_init__(self):
        self.config = staff_config(**self.staff_app)
        self.origin = self.config.staff_app.base_url or ORIGIN
        self.web, self.app = build(self.config, self.store.bus, self.origin, clock=self.store.clock)

    def client(self, address: str = "10.0.0.7") -> TestClient:
        return TestClient(self.app, base_url=self.origin, headers={"Origin": self.origin},
                          client=(address, 50000), follow_redirects=False)

    def sign_in(self, client: TestClient, staff_id: str, pin: str | None = None):
        form = client.get("/staff")
        token = csrf_of(form.text)
        return client.post("/staff/signin", data={"csrf": token, "staff": staff_id,
                                                  "pin": PINS[staff_id] if pin is None else pin})

    def act(self, client: TestClient, request_id: str, action: str, csrf: str | None = None):
        token = csrf if csrf is not None else csrf_of(client.get("/staff").text)
        return client.post(f"/staff/requests/{request_id}/{action}",
                           headers={"X-CSRF-Token": token, "Accept": "application/json"})


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found[1]
