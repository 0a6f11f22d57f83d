"""Every checkout target, through the real service: the phone ends at the documented URL."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import httpx
import pytest

from kiosk.basket import BasketStore
from kiosk.config import CheckoutSection
from tests.support.handoff import BELT, PLATFORM_IDS, SHIRT, running_service

pytestmark = pytest.mark.integration
IDS = f"{PLATFORM_IDS[SHIRT]}:2,{PLATFORM_IDS[BELT]}:1"

CASES = [
    (CheckoutSection(kind="shopify", shop_url="https://maison.myshopify.com"), "redirect",
     f"https://maison.myshopify.com/cart/{IDS}?attributes%5Bfulfilment%5D=collect"
     "&attributes%5Bstore%5D=demo-store&ref=smart-mirror"),
    (CheckoutSection(kind="woocommerce", shop_url="https://shop.example"), "redirect",
     f"https://shop.example/checkout-link/?products={IDS}"),
    (CheckoutSection(kind="wechat", app_id="wx4e1ba651bbe36d01"), "page",
     "weixin://dl/business/?appid=wx4e1ba651bbe36d01&path=pages/basket/basket&query="
     f"items%3D{IDS.replace(':', '%3A').replace(',', '%2C')}%26fulfilment%3Dcollect"
     "%26store%3Ddemo-store&env_version=release"),
    (CheckoutSection(kind="alipay", app_id="2021001234567890"), "page",
     "https://ds.alipay.com/?scheme=alipays%3A%2F%2Fplatformapi%2Fstartapp%3FappId%3D2021001234567890"
     "%26page%3Dpages%2Fbasket%2Fbasket%26query%3Ditems%253D"
     + IDS.replace(":", "%253A").replace(",", "%252C")
     + "%2526fulfilment%253Dcollect%2526store%253Ddemo-store"),
]


def checkout(server, client, fulfilment: str = "collect") -> httpx.Response:
    basket = BasketStore().basket("s")
    basket.add(SHIRT, 2)
    basket.add(BELT)
    with httpx.Client(base_url=server.url) as phone:
        phone.get(client.create(basket).url)
        csrf = re.search(r'name="csrf" value="([^"]+)"', phone.get("/basket").text).group(1)
        return phone.post("/basket/checkout", data={"csrf": csrf, "fulfilment": fulfilment},
                          headers={"Origin": server.url})


@pytest.mark.parametrize(("section", "how", "expected"), CASES, ids=lambda c: getattr(c, "kind", None))
def test_each_target_lands_on_its_documented_url(tmp_path, section, how, expected):
    with running_service(tmp_path, section) as (server, _service, client):
        answer = checkout(server, client)
    if how == "redirect":
        assert answer.status_code == 303 and answer.headers["location"] == expected
        assert section.shop_url in answer.headers["content-security-policy"]  # form-action allows it
    else:
        link = re.search(r'id="open-app" href="([^"]+)"', answer.text).group(1)
        assert answer.status_code == 200 and html.unescape(link) == expected


def test_a_target_that_cannot_be_built_says_ask_staff(tmp_path):
    section = CheckoutSection(kind="shopify", shop_url="https://maison.myshopify.com")
    with running_service(tmp_path, section) as (server, service, client):
        with_ids = service.lookup
        service.lookup = lambda gtin: replace(with_ids(gtin), platform_id=None)  # no id map
        answer = checkout(server, client)
    assert answer.status_code == 409 and "member of staff" in answer.text
