"""Checkout targets produce the URL formats each platform documents (see docs/handoff.md)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from kiosk.errors import HandoffError
from kiosk.handoff.pricing import ItemInfo, PricedBasket, PricedLine
from kiosk.handoff.targets import (
    Address,
    Choice,
    alipay_link,
    alipay_scheme,
    payment_link,
    shopify_permalink,
    wechat_link,
    woocommerce_url,
)

SHIRT = ItemInfo("04006381333931", "Linen shirt", Decimal("49.90"), "M", "White", None, "111")
BELT = ItemInfo("05901234123457", "Leather belt", Decimal("35.00"), "85", "Tan", None, "222")
TWO = PricedBasket((PricedLine(SHIRT, 2), PricedLine(BELT, 1)), "EUR")
ONE = PricedBasket((PricedLine(SHIRT, 1),), "EUR")
HOME = Address("Léa", "Martin", "12 rue de Rivoli", "Paris", "75004", "FR", "3e étage", "lea@example.fr")


def test_shopify_permalink_lists_variant_ids_and_quantities():
    url = shopify_permalink("https://maison-demo.myshopify.com", TWO, Choice("collect"), "demo-store")
    assert url == ("https://maison-demo.myshopify.com/cart/111:2,222:1?"
                   "attributes%5Bfulfilment%5D=collect&attributes%5Bstore%5D=demo-store&ref=smart-mirror")


def test_shopify_permalink_prefills_the_shipping_address_for_delivery():
    url = shopify_permalink("https://shop.example/", ONE, Choice("delivery", HOME), "demo-store")
    parts = urlsplit(url)
    assert parts.path == "/cart/111:1"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query["checkout[email]"] == "lea@example.fr"
    assert query["checkout[shipping_address][first_name]"] == "Léa"
    assert query["checkout[shipping_address][address1]"] == "12 rue de Rivoli"
    assert query["checkout[shipping_address][address2]"] == "3e étage"
    assert query["checkout[shipping_address][zip]"] == "75004"
    assert query["checkout[shipping_address][country]"] == "FR"
    assert query["attributes[fulfilment]"] == "delivery"


def test_woocommerce_single_line_uses_the_classic_add_to_cart_url():
    assert woocommerce_url("https://shop.example", ONE) == "https://shop.example/?add-to-cart=111&quantity=1"


def test_woocommerce_several_lines_use_the_shareable_checkout_link():
    assert woocommerce_url("https://shop.example/", TWO) == \
        "https://shop.example/checkout-link/?products=111:2,222:1"


def test_wechat_plain_url_scheme():
    url = wechat_link("wx4e1ba651bbe36d01", "/pages/basket/basket", TWO, Choice("take_now"), "demo-store")
    assert url.startswith("weixin://dl/business/?appid=wx4e1ba651bbe36d01&path=pages/basket/basket&query=")
    query = parse_qs(urlsplit(url).query)
    assert query["env_version"] == ["release"]
    inner = parse_qs(query["query"][0])
    assert inner == {"items": ["111:2,222:1"], "fulfilment": ["take_now"], "store": ["demo-store"]}
    assert "49.90" not in url and "Linen" not in url  # ids and quantities only


def test_wechat_refuses_a_query_over_its_512_character_limit():
    long_ids = ItemInfo("04006381333931", "Shirt", Decimal(1), platform_id="44012345678901")
    many = PricedBasket(tuple(PricedLine(long_ids, 1) for _ in range(30)), "EUR")
    with pytest.raises(HandoffError, match="WeChat"):
        wechat_link("wx1", "pages/a", many, Choice("collect"), "demo-store")


def test_alipay_scheme_and_its_https_wrapper():
    scheme = alipay_scheme("2021001234567890", "pages/basket/basket", ONE, Choice("collect"), "demo-store")
    assert scheme == ("alipays://platformapi/startapp?appId=2021001234567890&page=pages/basket/basket"
                      "&query=items%3D111%3A1%26fulfilment%3Dcollect%26store%3Ddemo-store")
    link = alipay_link("2021001234567890", "pages/basket/basket", ONE, Choice("collect"), "demo-store")
    assert link.startswith("https://ds.alipay.com/?scheme=")
    assert unquote(link.split("scheme=", 1)[1]) == scheme


def test_without_platform_ids_shop_links_fail_with_a_fix():
    no_id = PricedBasket((PricedLine(ItemInfo("04006381333931", "Shirt", Decimal(1)), 1),), "EUR")
    with pytest.raises(HandoffError) as error:
        shopify_permalink("https://shop.example", no_id, Choice("collect"), "s")
    assert "id_map_file" in error.value.fix
    with pytest.raises(HandoffError):
        woocommerce_url("https://shop.example", no_id)


def test_mini_programs_fall_back_to_gtins_without_platform_ids():
    no_id = PricedBasket((PricedLine(ItemInfo("04006381333931", "Shirt", Decimal(1)), 3),), "EUR")
    url = wechat_link("wx1", "pages/a", no_id, Choice("collect"), "s")
    assert "04006381333931%3A3" in url


def test_payment_link_carries_our_order_reference():
    assert payment_link("https://buy.stripe.com/test_abc", "k7qm-2rxd") == \
        "https://buy.stripe.com/test_abc?client_reference_id=k7qm-2rxd"
    assert payment_link("https://pay.example/x?lang=fr", "k7qm-2rxd").endswith("&client_reference_id=k7qm-2rxd")
