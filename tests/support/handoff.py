"""Shared helpers for the hand-off tests: a small real catalogue, a service, a fake shop.

The catalogue is built from kiosk.catalogue's own model classes (the same
objects load_catalogue produces), so pricing goes through the real lookup.
"""

from __future__ import annotations

import http.server
import secrets
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np

from kiosk.catalogue import Catalogue, Colour, Style, Variant
from kiosk.config import CheckoutSection, HandoffSection, StoreConfig, StoreSection
from kiosk.handoff.catalogue_lookup import catalogue_lookup
from kiosk.handoff.client import HandoffClient
from kiosk.handoff.server import Keys, RunningServer, start_in_process
from kiosk.handoff.service import HandoffService
from kiosk.handoff.storage import HandoffStore
from kiosk.handoff.tokens import TokenSigner
from kiosk.handoff.web import create_app

STORE = "demo-store"
MIRROR = "mirror-1"
SHIRT, TROUSERS, BELT = "04006381333931", "00012345678905", "05901234123457"
PLATFORM_IDS = {SHIRT: "44012345678901", TROUSERS: "44012345678902", BELT: "44012345678903"}
_ITEMS = [  # gtin, style, title, colour, hex, size, price
    (SHIRT, "linen-shirt", "Linen shirt", "White", "#f4f1ea", "M", "49.90"),
    (TROUSERS, "wide-trousers", "Wide-leg trousers", "Navy", "#1f2a44", "38", "79.00"),
    (BELT, "leather-belt", "Leather belt", "Tan", "#b07a4a", "85", "35.00"),
]


def swatch(path: Path, hex_colour: str) -> None:
    """A plain product-colour swatch PNG (test data, written by the test, not by the kiosk)."""
    rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    image = np.zeros((192, 144, 3), np.uint8)
    image[:] = rgb[::-1]
    cv2.imwrite(str(path), image)


def demo_catalogue(image_dir: Path | None = None, refs: dict[str, str] | None = None) -> Catalogue:
    """``refs``: GTIN -> image reference written as given, past every catalogue check (the
    hand-off service must refuse a poisoned one on its own)."""
    styles = []
    for gtin, style_id, title, colour, hex_colour, size, price in _ITEMS:
        images: tuple[str, ...] = ()
        if image_dir is not None:
            swatch(image_dir / f"{style_id}.png", hex_colour)
            images = (f"{style_id}.png",)
        if refs and gtin in refs:
            images = (refs[gtin],)
        variant = Variant(key=gtin, gtin=gtin, sku=style_id.upper(), style_id=style_id,
                          colour=Colour(colour, hex_colour, None, "hex"), size=size,
                          size_system="INT", stock=3, price=Decimal(price), images=images)
        styles.append(Style(id=style_id, title=title, kind="garment", category="top",
                            variants=(variant,), images=images))
    return Catalogue(styles, currency="EUR", store=STORE)


class FakeClock:
    def __init__(self, start: float | None = None):
        self.now = start if start is not None else time.time()

    def __call__(self) -> float:
        return self.now


def make_keys() -> Keys:
    return Keys(secrets.token_bytes(32), {MIRROR: secrets.token_bytes(32)})


def make_service(tmp_path: Path, checkout: CheckoutSection | None = None, *, bus=None,
                 clock=time.time, public_url: str = "http://127.0.0.1:8088",
                 keys: Keys | None = None, with_images: bool = False,
                 db: HandoffStore | None = None, image_refs: dict[str, str] | None = None
                 ) -> HandoffService:
    keys = keys or make_keys()
    image_dir = tmp_path if with_images else None
    lookup = catalogue_lookup(demo_catalogue(image_dir, image_refs), image_dir, PLATFORM_IDS)
    return HandoffService(
        store_id=STORE, currency="EUR", public_url=public_url,
        signer=TokenSigner({1: keys.token_key}, 1), db=db or HandoffStore(tmp_path / "handoff.sqlite3"),
        lookup=lookup, image_file=lookup.image_file,
        checkout_config=checkout or CheckoutSection(), bus=bus, clock=clock)


@contextmanager
def running_service(tmp_path: Path, checkout: CheckoutSection | None = None, *, bus=None,
                    clock=time.time, redeem_per_minute: int = 20, with_images: bool = True,
                    image_refs: dict[str, str] | None = None):
    """A real uvicorn server on a loopback port; yields (server, service, client)."""
    keys = make_keys()
    service = make_service(tmp_path, checkout, bus=bus, clock=clock, keys=keys,
                           with_images=with_images, image_refs=image_refs)
    app = create_app(service, keys.mirror_keys, redeem_per_minute, "Maison Demo", "en")
    server: RunningServer = start_in_process(app)
    service.public_url = server.url
    client = HandoffClient(server.url, STORE, MIRROR, keys.mirror_keys[MIRROR], timeout_s=2.0)
    try:
        yield server, service, client
    finally:
        server.stop()
        service.db.close()


def store_config(tmp_path: Path, checkout: CheckoutSection | None = None) -> StoreConfig:
    return StoreConfig(store=StoreSection(id=STORE, name="Maison Demo"), data_dir=str(tmp_path),
                       handoff=HandoffSection(checkout=checkout or CheckoutSection()))


class _ShopHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.seen.append(self.path)
        body = b"<!doctype html><title>Shop checkout</title><h1>Shop checkout</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@contextmanager
def fake_shop():
    """A real HTTP server standing in for the shop's checkout: records every path it gets."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ShopHandler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, name="fake-shop", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
