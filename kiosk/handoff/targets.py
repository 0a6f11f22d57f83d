"""Checkout targets: the URL the phone continues to, built only after redemption.

Formats follow each platform's documentation (see docs/handoff.md for links):

* Shopify cart permalink: ``{shop}/cart/{variant_id}:{qty},{variant_id}:{qty}`` with
  ``checkout[email]``, ``checkout[shipping_address][…]``, ``attributes[…]`` and ``ref``.
* WooCommerce: one line ``{shop}/?add-to-cart={id}&quantity={qty}`` (every version);
  several lines ``{shop}/checkout-link/?products={id}:{qty},{id}:{qty}`` (WooCommerce 10+).
* WeChat plain URL scheme: ``weixin://dl/business/?appid=…&path=…&query=<urlencoded>&env_version=release``.
* Alipay: ``alipays://platformapi/startapp?appId=…&page=…&query=<urlencoded>``, wrapped in
  ``https://ds.alipay.com/?scheme=<urlencoded scheme>`` so any phone browser can open it.

A Shopify permalink is reusable by anyone who sees it, which is why it is
never put in the QR: only the phone that redeemed the token receives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

from kiosk.errors import HandoffError
from kiosk.handoff.pricing import PricedBasket

FulfilmentKind = Literal["delivery", "collect", "take_now"]
WECHAT_QUERY_MAX = 512  # WeChat's documented limit for the query parameter
REF = "smart-mirror"


@dataclass(frozen=True)
class Address:
    first_name: str
    last_name: str
    address1: str
    city: str
    zip: str
    country: str
    address2: str = ""
    email: str = ""


@dataclass(frozen=True)
class Choice:
    fulfilment: FulfilmentKind
    address: Address | None = None   # only for delivery, and only on targets that take it


def _platform_ids(basket: PricedBasket) -> list[tuple[str, int]]:
    missing = [line.item.gtin for line in basket.lines if not line.item.platform_id]
    if missing:
        raise HandoffError(f"no shop id for GTIN {', '.join(missing)}",
                           fix="add the GTIN to handoff.checkout.id_map_file")
    return [(str(line.item.platform_id), line.quantity) for line in basket.lines]


def shopify_permalink(shop_url: str, basket: PricedBasket, choice: Choice, store: str) -> str:
    items = ",".join(f"{vid}:{qty}" for vid, qty in _platform_ids(basket))
    params: list[tuple[str, str]] = []
    address = choice.address
    if address:
        if address.email:
            params.append(("checkout[email]", address.email))
        prefix = "checkout[shipping_address]"
        for key in ("first_name", "last_name", "address1", "address2", "city", "zip", "country"):
            if getattr(address, key):
                params.append((f"{prefix}[{key}]", getattr(address, key)))
    params += [("attributes[fulfilment]", choice.fulfilment), ("attributes[store]", store),
               ("ref", REF)]
    return f"{shop_url.rstrip('/')}/cart/{items}?{urlencode(params)}"


def woocommerce_url(shop_url: str, basket: PricedBasket) -> str:
    ids = _platform_ids(basket)
    base = shop_url.rstrip("/")
    if len(ids) == 1:
        product, quantity = ids[0]
        return f"{base}/?{urlencode({'add-to-cart': product, 'quantity': quantity})}"
    # Colons and commas stay literal, as in WooCommerce's own examples.
    products = ",".join(f"{pid}:{qty}" for pid, qty in ids)
    return f"{base}/checkout-link/?products={quote(products, safe=':,')}"


def mini_program_query(basket: PricedBasket, choice: Choice, store: str) -> str:
    """``items=id:qty,…&fulfilment=…&store=…``: ids and quantities only, never prices."""
    items = ",".join(f"{line.item.platform_id or line.item.gtin}:{line.quantity}"
                     for line in basket.lines)
    return urlencode({"items": items, "fulfilment": choice.fulfilment, "store": store}, safe=":,")


def wechat_link(app_id: str, path: str, basket: PricedBasket, choice: Choice, store: str) -> str:
    query = mini_program_query(basket, choice, store)
    if len(quote(query, safe="")) > WECHAT_QUERY_MAX:
        raise HandoffError("basket too large for a WeChat link", fix="split the basket")
    params = {"appid": app_id, "path": path.lstrip("/"), "query": query, "env_version": "release"}
    return "weixin://dl/business/?" + urlencode(params, quote_via=quote, safe="/")


def alipay_scheme(app_id: str, page: str, basket: PricedBasket, choice: Choice, store: str) -> str:
    params = {"appId": app_id, "page": page.lstrip("/"),
              "query": mini_program_query(basket, choice, store)}
    return "alipays://platformapi/startapp?" + urlencode(params, quote_via=quote, safe="/")


def alipay_link(app_id: str, page: str, basket: PricedBasket, choice: Choice, store: str) -> str:
    scheme = alipay_scheme(app_id, page, basket, choice, store)
    return "https://ds.alipay.com/?scheme=" + quote(scheme, safe="")


def payment_link(link: str, order_id: str) -> str:
    """A configured payment link (e.g. a Stripe Payment Link) tagged with our order id."""
    separator = "&" if "?" in link else "?"
    return f"{link}{separator}{urlencode({'client_reference_id': order_id})}"
