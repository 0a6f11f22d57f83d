"""Issue 16, preview before publishing: from a draft upload, a garment's item screen as the
mirror will render it, in headless Chromium at 1366x768 and 390x844 (real mosquitto and two
mirrors, as the other back-office browser tests).  Nothing reaches the mirrors: it is a
preview.  Screenshots to $KIOSK_SCREENSHOTS (docs/screenshots/backoffice)."""

from __future__ import annotations

import shutil

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.catalogue import load_catalogue
from kiosk.storeweb.manage.item_preview import item_preview
from tests.e2e.test_backoffice_browser import (
    browser,
    shots,  # noqa: F401  (fixture)
    sign_in,
    store,  # noqa: F401  (fixture)
    upload,
)
from tests.support.catalogue import DEMO
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def shoot_page(driver, folder, name: str) -> None:
    """The whole page, as tall as it is (the phone's viewport is fixed by the emulation)."""
    width, mobile = driver.execute_script("return window.innerWidth"), width_is_phone(driver)
    bottom = driver.execute_script(
        "return Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + window.scrollY)")
    metrics = {"width": width, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": min(max(bottom, 600), 4000)})
    driver.save_screenshot(str(folder / f"{name}.png"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": 844 if mobile else 768})


def width_is_phone(driver) -> bool:
    return driver.execute_script("return window.innerWidth") < 600


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_a_drafts_item_screen_shows_what_the_mirror_will(store, tmp_path, shots, size):  # noqa: F811
    mirrors, running = store
    url = running.manage_url
    demo = load_catalogue(DEMO)
    garment = demo.garments()[0]
    expected = item_preview(demo, garment.id, "fr")
    path = tmp_path / "demo-catalogue.yaml"
    shutil.copyfile(DEMO, path)
    driver = browser(tmp_path / f"profile-{size}", size)
    try:
        sign_in(driver, url)
        upload(driver, url, path)
        link = driver.find_element(By.CSS_SELECTOR, f'#items a[data-style="{garment.id}"]')
        driver.execute_script("arguments[0].scrollIntoView()", link)
        shoot_page(driver, shots, f"{size}-draft-items")
        link.click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "item-screen"))
        driver.find_element(By.CSS_SELECTOR, '.mirror-langs a[lang="fr"]').click()
        # the old page answers until the new one replaces it: a read in between is stale
        WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: d.find_element(By.ID, "item-title").text == expected.title)
        cards = driver.find_elements(By.CSS_SELECTOR, "#accessories li[data-accessory]")
        assert [c.get_attribute("data-accessory") for c in cards] == [a.style_id for a in expected.accessories]
        assert [c.find_element(By.CSS_SELECTOR, ".reason").text for c in cards] == [
            a.reason for a in expected.accessories]
        sizes = driver.find_elements(By.CSS_SELECTOR, "#sizes li")
        assert [s.get_attribute("data-stock") for s in sizes] == [str(s.stock) for s in expected.colourways[0].sizes]
        assert driver.find_elements(By.CSS_SELECTOR, "#item-picture svg.silhouette")
        # large type, and nothing wider than the screen (one-handed on a phone)
        assert float(driver.execute_script(
            "return parseFloat(getComputedStyle(document.getElementById('item-title')).fontSize)")) >= 24
        assert driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")
        shoot_page(driver, shots, f"{size}-item-preview")

        # another colour, as a tap on its swatch: a size at 0 is greyed as on the mirror
        sold = next(c for c in expected.colourways if any(s.sold_out for s in c.sizes))
        driver.find_element(By.CSS_SELECTOR, f'#swatches a[data-colour="{sold.key}"]').click()
        WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: d.find_element(By.CSS_SELECTOR, '#swatches a[aria-current]')
            .get_attribute("data-colour") == sold.key)
        greyed = driver.find_elements(By.CSS_SELECTOR, "#sizes li.sold-out")
        assert [g.get_attribute("data-size") for g in greyed] == [s.label for s in sold.sizes if s.sold_out]
        assert driver.execute_script(
            "return getComputedStyle(arguments[0]).color", greyed[0]) == "rgb(138, 138, 138)"
        shoot_page(driver, shots, f"{size}-item-preview-sold-out")
        assert all(m.catalogue.current is None for m in mirrors)   # a preview publishes nothing
    finally:
        driver.quit()
