"""End to end in headless Chromium at a phone viewport (390x844):
mirror basket -> QR (decoded from its pixels) -> phone page -> delivery choice -> target URL.

Screenshots go to a temporary folder, or to $KIOSK_SCREENSHOTS (docs/screenshots
when refreshing the documentation set).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kiosk.basket import BasketStore
from kiosk.config import CheckoutSection
from kiosk.handoff.qr import decode_qr, render_gray
from kiosk.messaging.bus import InMemoryBus
from tests.support.debian import missing_package
from tests.support.handoff import (
    BELT,
    MIRROR,
    PLATFORM_IDS,
    SHIRT,
    STORE,
    TROUSERS,
    fake_shop,
    running_service,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
    missing_package("Debian chromium + chromium-driver are not installed",
                    allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def phone(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=390,844", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                 "--lang=en-GB", "--force-color-profile=srgb", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    yield driver
    driver.quit()


def mirror_basket():
    basket = BasketStore().basket("shopper-session")
    basket.add(SHIRT)
    basket.add(TROUSERS, 2)
    basket.add(BELT)
    return basket


def scan(handoff) -> str:
    """What a phone camera reads: decode the QR from the pixels the mirror would paint."""
    matrix = handoff.qr_matrix
    url = decode_qr(render_gray(matrix, matrix.scale_for(360)))
    assert url == handoff.url
    return url


def fill_address(driver) -> None:
    values = {"first_name": "Léa", "last_name": "Martin", "address1": "12 rue de Rivoli",
              "zip": "75004", "city": "Paris", "country": "FR", "email": "lea@example.fr"}
    for name, value in values.items():
        driver.find_element(By.NAME, name).send_keys(value)


def test_delivery_to_shopify_permalink(tmp_path, phone, shots):
    bus = InMemoryBus()
    with fake_shop() as (shop_url, seen), running_service(
            tmp_path, CheckoutSection(kind="shopify", shop_url=shop_url), bus=bus) as (_server, _svc, client):
        handoff = client.create(mirror_basket())
        phone.get(scan(handoff))
        assert phone.current_url.endswith("/basket")
        assert phone.find_element(By.ID, "total").text == "€242.90"
        assert [m.payload["token"] for m in bus.published] == [handoff.token_hash]
        phone.save_screenshot(str(shots / "phone-basket.png"))

        fill_address(phone)
        phone.execute_script("document.querySelector('.choices').scrollIntoView()")
        phone.save_screenshot(str(shots / "phone-delivery.png"))
        phone.find_element(By.NAME, "city").clear()
        phone.find_element(By.ID, "continue").click()  # a missing field is named, never guessed
        error = WebDriverWait(phone, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error"))
        assert error[0].text == "Please fill in: City"
        phone.find_element(By.NAME, "city").send_keys("Paris")
        phone.find_element(By.ID, "continue").click()
        WebDriverWait(phone, 10).until(lambda d: d.current_url.startswith(shop_url))

        landed = urlsplit(phone.current_url)
        assert f"{landed.scheme}://{landed.netloc}" == shop_url
        ids = f"{PLATFORM_IDS[SHIRT]}:1,{PLATFORM_IDS[TROUSERS]}:2,{PLATFORM_IDS[BELT]}:1"
        assert landed.path == f"/cart/{ids}"
        query = parse_qs(landed.query)
        assert query["checkout[shipping_address][address1]"] == ["12 rue de Rivoli"]
        assert query["attributes[fulfilment]"] == ["delivery"]
        carts = [path for path in seen if path.startswith("/cart/")]
        assert len(carts) == 1 and carts[0].startswith(f"/cart/{ids}?")
        assert handoff.url.rsplit("/", 1)[1] not in " ".join(seen)  # the token never reaches the shop


def test_click_and_collect_as_our_own_order(tmp_path, phone, shots):
    bus = InMemoryBus()
    with running_service(tmp_path, CheckoutSection(kind="order"), bus=bus) as (_server, _svc, client):
        phone.get(scan(client.create(mirror_basket())))
        phone.find_element(By.CSS_SELECTOR, "label.choice:has(#f-collect)").click()
        assert not phone.find_element(By.NAME, "address1").is_displayed()  # no address for collect
        phone.find_element(By.ID, "continue").click()
        WebDriverWait(phone, 10).until(lambda d: "/order/" in d.current_url)
        order_id = phone.find_element(By.ID, "order-id").text
        assert "pay at the till" in phone.page_source.lower()
        phone.save_screenshot(str(shots / "phone-order.png"))
    order = bus.published[-1]
    assert order.topic == f"retail/v1/{STORE}/orders/{order_id.lower()}"
    assert order.payload["fulfilment"] == "collect" and order.payload["mirror"] == MIRROR


def test_a_scanned_code_works_on_one_phone_only(tmp_path, phone, shots):
    with running_service(tmp_path) as (server, _svc, client):
        url = scan(client.create(mirror_basket()))
        phone.get(url)
        phone.delete_all_cookies()  # now it is "another phone"
        phone.get(url)
        assert "already opened" in phone.find_element(By.TAG_NAME, "h1").text
        phone.save_screenshot(str(shots / "phone-used.png"))


@pytest.mark.parametrize(("lang", "title"), [("fr", "Votre panier"), ("zh_CN", "您的购物袋")])
def test_basket_page_in_french_and_chinese(tmp_path, phone, shots, lang, title):
    with running_service(tmp_path) as (server, _svc, client):
        phone.get(scan(client.create(mirror_basket())))
        phone.get(f"{server.url}/basket?lang={lang}")
        assert phone.find_element(By.TAG_NAME, "h1").text == title
        phone.save_screenshot(str(shots / f"phone-basket-{lang}.png"))
