"""The hand-off service's logic, HTTP-free: create, redeem, show, check out.

``web.py`` maps HTTP onto these methods; tests and the benchmark can drive
them directly.  Time comes from ``clock`` so expiry is testable without sleeping.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import CheckoutSection
from kiosk.errors import HandoffError
from kiosk.handoff import orders, targets
from kiosk.handoff.pricing import Lookup, PricedBasket, price_snapshot
from kiosk.handoff.security import new_secret, secret_hash
from kiosk.handoff.snapshot import Created, Snapshot
from kiosk.handoff.storage import HandoffStore, OpenBasket
from kiosk.handoff.tokens import TokenRejected, TokenSigner, VerifiedToken
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.payloads import HandoffClaimed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Redirect:
    url: str


@dataclass(frozen=True)
class AppLink:
    url: str
    app: str   # "wechat" | "alipay"


@dataclass(frozen=True)
class OrderPlaced:
    order_id: str


Outcome = Redirect | AppLink | OrderPlaced


@dataclass
class HandoffService:
    store_id: str
    currency: str
    public_url: str
    signer: TokenSigner
    db: HandoffStore
    lookup: Lookup
    checkout_config: CheckoutSection
    bus: Bus | None = None
    clock: Callable[[], float] = time.time
    ttl_s: int = 180
    order_retention_s: float = 30 * 86400
    # GTIN -> the one picture /img may send (``CatalogueLookup.image_file``); none by default.
    image_file: Callable[[str], Path | None] = lambda _gtin: None

    def create(self, snapshot: Snapshot) -> Created:
        if snapshot.store != self.store_id:
            raise HandoffError(f"snapshot for store {snapshot.store!r}, this service serves "
                               f"{self.store_id!r}", fix="point the mirror at its own store's service")
        price_snapshot(snapshot, self.lookup, self.currency)  # unknown GTIN -> CatalogueError
        self.purge()  # cheap, and keeps "forgotten at expiry" true without a timer thread
        now = self.clock()
        issued = self.signer.issue(now, self.ttl_s)
        self.db.put(issued.id_hash, snapshot, now, issued.expires_at)
        log.info("basket of %d line(s) from %s, code %s… valid %d s", len(snapshot.lines),
                 snapshot.mirror, issued.id_hash[:8], self.ttl_s)
        return Created(url=f"{self.public_url}/h/{issued.token}", expires_at=issued.expires_at,
                       token_hash=issued.id_hash)

    def verify(self, token: str) -> VerifiedToken:
        """Signature and expiry only, no I/O: cheap enough to run before any rate limit."""
        return self.signer.verify(token, self.clock())

    def redeem(self, token: str, current_session: str | None) -> str:
        """Open the basket on this phone; returns the phone session id (for a cookie)."""
        return self.claim(self.verify(token), current_session)

    def claim(self, verified: VerifiedToken, current_session: str | None) -> str:
        """``redeem`` for a token already verified; raises TokenRejected("used")."""
        now = self.clock()
        if current_session and self.db.session_owns(verified.id_hash, secret_hash(current_session)):
            return current_session  # the same phone reloading the QR link
        session = new_secret()
        if not self.db.redeem(verified.id_hash, secret_hash(session), new_secret(), now):
            raise TokenRejected("used", "this basket was already opened")
        opened = self.db.open_basket(self.store_id, secret_hash(session), now)
        if opened is not None:
            log.info("code %s… opened on a phone", verified.id_hash[:8])
            self._announce_opened(opened)
        return session

    def basket(self, session: str | None) -> tuple[OpenBasket, PricedBasket] | None:
        if not session:
            return None
        opened = self.db.open_basket(self.store_id, secret_hash(session), self.clock())
        if opened is None:
            return None
        return opened, price_snapshot(opened.snapshot, self.lookup, self.currency)

    def language(self, session: str) -> str | None:
        """The language the shopper used on the mirror (the phone pages start in it)."""
        opened = self.db.open_basket(self.store_id, secret_hash(session), self.clock())
        return opened.snapshot.language if opened else None

    def checkout(self, opened: OpenBasket, basket: PricedBasket, choice: targets.Choice) -> Outcome:
        config, store = self.checkout_config, self.store_id
        if config.kind == "shopify":
            return Redirect(targets.shopify_permalink(config.shop_url, basket, choice, store))
        if config.kind == "woocommerce":
            return Redirect(targets.woocommerce_url(config.shop_url, basket))
        if config.kind == "wechat":
            return AppLink(targets.wechat_link(config.app_id, config.page, basket, choice, store), "wechat")
        if config.kind == "alipay":
            return AppLink(targets.alipay_link(config.app_id, config.page, basket, choice, store), "alipay")
        return OrderPlaced(self._place_order(opened, basket, choice))

    def order(self, order_id: str, session: str | None):
        return self.db.order_for(self.store_id, order_id, secret_hash(session)) if session else None

    def payment_url(self, order_id: str) -> str | None:
        link = self.checkout_config.payment_link
        return targets.payment_link(link, order_id) if link else None

    def purge(self) -> int:
        return self.db.purge(self.clock(), self.order_retention_s)

    def _place_order(self, opened: OpenBasket, basket: PricedBasket, choice: targets.Choice) -> str:
        order_id = orders.new_order_id()
        row = orders.order_row(order_id, basket, choice, bool(self.checkout_config.payment_link))
        self.db.add_order(self.store_id, row, opened.id_hash, self.clock())
        log.info("order request %s (%s, %s %s)", order_id, choice.fulfilment, row.total, row.currency)
        if self.bus is not None:
            message = orders.order_message(row, self.store_id, opened.snapshot.mirror)
            self.bus.publish(orders.order_topic(self.store_id, order_id), message, qos=1)
        return order_id

    def _announce_opened(self, opened: OpenBasket) -> None:
        if self.bus is None:
            return
        mirror = opened.snapshot.mirror
        payload = HandoffClaimed(mirror=mirror, token=opened.id_hash)
        try:
            self.bus.publish(topics.handoff_claimed(self.store_id, mirror), payload, qos=1)
        except Exception:  # the phone must not fail because the broker hiccupped
            log.exception("could not publish handoff claimed for mirror %s", mirror)
