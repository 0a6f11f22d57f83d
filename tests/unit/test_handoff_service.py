"""HandoffService on a fake clock and the in-memory bus: create, redeem once, expire, order."""

from __future__ import annotations

import uuid

import pytest

from kiosk.catalogue.gtin import with_check_digit
from kiosk.config import CheckoutSection
from kiosk.errors import CatalogueError, HandoffError
from kiosk.handoff.service import AppLink, OrderPlaced, Redirect
from kiosk.handoff.snapshot import Snapshot, SnapshotLine
from kiosk.handoff.targets import Address, Choice
from kiosk.handoff.tokens import TokenRejected
from kiosk.messaging.bus import InMemoryBus
from tests.support.handoff import BELT, MIRROR, SHIRT, STORE, FakeClock, make_service


def snapshot(*lines: tuple[str, int], store: str = STORE) -> Snapshot:
    return Snapshot(snapshot_id=uuid.uuid4().hex, store=store, mirror=MIRROR,
                    lines=tuple(SnapshotLine(gtin=g, quantity=q) for g, q in lines))


@pytest.fixture
def world(tmp_path):
    clock, bus = FakeClock(1_800_000_000.0), InMemoryBus()
    service = make_service(tmp_path, bus=bus, clock=clock)
    yield service, clock, bus
    service.db.close()


def token_of(url: str) -> str:
    return url.rsplit("/h/", 1)[1]


def test_redeem_once_announces_opened_with_the_token_hash(world):
    service, _clock, bus = world
    created = service.create(snapshot((SHIRT, 2)))
    session = service.redeem(token_of(created.url), None)
    opened, priced = service.basket(session)
    assert [(line.item.gtin, line.quantity) for line in priced.lines] == [(SHIRT, 2)]
    assert str(priced.total) == "99.80"
    [message] = bus.published
    assert message.topic == f"retail/v1/{STORE}/handoff/{MIRROR}/claimed"
    assert message.payload["token"] == created.token_hash and message.payload["mirror"] == MIRROR
    assert created.url.split("/h/")[1] not in str(message.payload)


def test_a_second_phone_cannot_redeem_but_the_first_may_reload(world):
    service, *_ = world
    token = token_of(service.create(snapshot((SHIRT, 1))).url)
    session = service.redeem(token, None)
    assert service.redeem(token, session) == session
    with pytest.raises(TokenRejected) as second:
        service.redeem(token, None)
    assert second.value.reason == "used"


def test_expired_tokens_are_refused_and_forgotten(world):
    service, clock, _bus = world
    token = token_of(service.create(snapshot((SHIRT, 1))).url)
    clock.now += service.ttl_s
    with pytest.raises(TokenRejected) as late:
        service.redeem(token, None)
    assert late.value.reason == "expired"
    assert service.purge() == 1


def test_an_opened_basket_closes_after_the_session_ttl(world):
    service, clock, _bus = world
    session = service.redeem(token_of(service.create(snapshot((SHIRT, 1))).url), None)
    clock.now += 30 * 60 + 1
    assert service.basket(session) is None


def test_unknown_gtins_and_other_stores_are_refused(world):
    service, *_ = world
    with pytest.raises(CatalogueError, match="not in the catalogue"):
        service.create(snapshot(("0" + with_check_digit("400000000001"), 1)))
    with pytest.raises(HandoffError, match="store"):
        service.create(snapshot((SHIRT, 1), store="other-store"))


def test_the_same_snapshot_cannot_be_submitted_twice(world):
    service, *_ = world
    once = snapshot((SHIRT, 1))
    service.create(once)
    with pytest.raises(HandoffError, match="already"):
        service.create(once)


def test_own_order_is_stored_and_sent_to_staff_without_the_address(world):
    service, _clock, bus = world
    session = service.redeem(token_of(service.create(snapshot((SHIRT, 1), (BELT, 2))).url), None)
    opened, priced = service.basket(session)
    home = Address("Léa", "Martin", "12 rue de Rivoli", "Paris", "75004", "FR", email="lea@example.fr")
    outcome = service.checkout(opened, priced, Choice("delivery", home))
    assert isinstance(outcome, OrderPlaced)
    order = service.order(outcome.order_id, session)
    assert order.address["address1"] == "12 rue de Rivoli" and order.total == "119.90"
    sent = bus.published[-1]
    assert sent.topic == f"retail/v1/{STORE}/orders/{outcome.order_id}"
    assert sent.payload["lines"] == [{"gtin": SHIRT, "quantity": 1}, {"gtin": BELT, "quantity": 2}]
    assert "Rivoli" not in str(sent.payload) and "lea@" not in str(sent.payload)
    assert service.order(outcome.order_id, "another-phone") is None


@pytest.mark.parametrize(("kind", "extra", "expected"), [
    ("shopify", {"shop_url": "https://maison.myshopify.com"}, Redirect),
    ("woocommerce", {"shop_url": "https://shop.example"}, Redirect),
    ("wechat", {"app_id": "wx4e1ba651bbe36d01"}, AppLink),
    ("alipay", {"app_id": "2021001234567890"}, AppLink),
])
def test_each_target_kind_gives_its_outcome(tmp_path, kind, extra, expected):
    service = make_service(tmp_path, CheckoutSection(kind=kind, **extra))
    session = service.redeem(token_of(service.create(snapshot((SHIRT, 1))).url), None)
    assert isinstance(service.checkout(*service.basket(session), Choice("collect")), expected)
    service.db.close()


def test_a_newly_published_catalogue_prices_at_once():
    from dataclasses import replace
    from decimal import Decimal

    from kiosk.catalogue import Catalogue
    from kiosk.handoff.catalogue_lookup import catalogue_lookup
    from tests.support.handoff import demo_catalogue

    old = demo_catalogue()
    styles = [replace(s, variants=tuple(replace(v, price=v.price + 1) for v in s.variants))
              for s in old.styles]
    holder = [old]
    lookup = catalogue_lookup(lambda: holder[0])
    assert lookup(SHIRT).price == Decimal("49.90")
    holder[0] = Catalogue(styles, currency="EUR")
    assert lookup(SHIRT).price == Decimal("50.90")
    holder[0] = None
    assert lookup(SHIRT) is None
