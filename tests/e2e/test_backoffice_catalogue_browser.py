"""The catalogue pages in headless Chromium (real mosquitto, two mirrors, as the other
back-office browser tests): on a phone (390x844) the mirrors' status and the published
versions are cards (table class "cards", manage.css) with every cell and the Roll back button
inside the screen, each value under its column's name; on a desk they stay tables.  The
draft's action buttons share one font and height.  As in the demo, the mirrors first run the
config's catalogue file: the home page shows it and the draft preview compares with it.
Screenshots to $KIOSK_SCREENSHOTS."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from kiosk.catalogue import load_catalogue
from tests.e2e.test_backoffice_browser import (
    browser,
    changed_shopify,
    publish,
    shots,  # noqa: F401  (fixture)
    sign_in,
    store,  # noqa: F401  (fixture)
    upload,
    wait_acknowledged,
)
from tests.e2e.test_backoffice_item_browser import shoot_page
from tests.support.catalogue import DEMO, SHOPIFY_APPAREL
from tests.support.messaging import wait_for
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# every cell of a table: where it is, and the column name its ::before shows (phone cards)
CELLS = """
const width = document.documentElement.clientWidth;
return [...document.querySelectorAll(arguments[0] + ' tbody td')].map(td => {
  const r = td.getBoundingClientRect();
  return {left: r.left, right: r.right, width: width, label: td.dataset.label,
          before: getComputedStyle(td, '::before').content, display: getComputedStyle(td).display, empty: !td.childNodes.length};
});"""


def button_look(driver, selector: str) -> tuple:
    return tuple(driver.execute_script(
        "const e = document.querySelector(arguments[0]), s = getComputedStyle(e);"
        "return [s.fontFamily, s.fontSize, s.fontWeight, Math.round(e.getBoundingClientRect().height)];",
        selector))


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_catalogue_tables_fit_a_phone_as_cards_and_draft_buttons_match(store, tmp_path, shots, size,  # noqa: F811
                                                                       monkeypatch):
    mirrors, running = store
    url = running.manage_url
    monkeypatch.chdir(DEMO.parents[1])  # the test config's catalogue.path is config/demo-catalogue.yaml
    demo = load_catalogue(DEMO)
    for mirror in mirrors:  # as the demo's mirror: its config's file, reported in its state
        assert mirror.catalogue.apply_file(DEMO)
    driver = browser(tmp_path / f"profile-{size}", size)
    try:
        sign_in(driver, url)
        assert wait_for(lambda: demo.version[:8] in driver.find_element(By.ID, "live-version").text
                        or driver.refresh(), 10)
        shoot_page(driver, shots, f"{size}-home")
        upload(driver, url, SHOPIFY_APPAREL)
        baseline = driver.find_element(By.ID, "baseline")
        assert baseline.get_attribute("data-version") == demo.version[:16]
        removed = driver.find_element(By.CSS_SELECTOR, '[data-count="styles_removed"] b').text
        assert int(removed) == len(demo) > 0  # the Shopify sample shares no style with the demo
        driver.execute_script("document.getElementById('preview').scrollIntoView()")
        driver.save_screenshot(str(shots / f"{size}-draft-preview.png"))
        looks = {name: button_look(driver, selector) for name, selector in (
            ("download", "#download"), ("fix", "#fix-here"), ("upload", 'a[href$="#upload"]'),
            ("publish", '[data-action="publish"]'))}
        assert len(set(looks.values())) == 1, looks
        first = publish(driver)
        wait_acknowledged(driver, first)
        upload(driver, url, changed_shopify(tmp_path))
        wait_acknowledged(driver, publish(driver))
        driver.get(f"{url}/catalogue")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= \
            driver.execute_script("return document.documentElement.clientWidth")
        for table in ("#acks", "#versions-table"):
            cells = driver.execute_script(CELLS, table)
            assert cells
            for cell in cells:
                assert cell["left"] >= 0 and cell["right"] <= cell["width"], (table, cell)
                if size == "phone" and cell["empty"]:
                    assert cell["display"] == "none", cell
                elif size == "phone":
                    assert cell["display"] == ("flex" if cell["label"] == "" else "block"), cell  # actions: a column
                    assert cell["before"] == (f'"{cell["label"]}"' if cell["label"] else "none"), cell
                else:
                    assert cell["display"] == "table-cell" and cell["before"] == "none", cell
        rollback = driver.find_element(By.CSS_SELECTOR, f'tr[data-version="{first}"] [data-action="rollback"]')
        box = driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                    "return [r.left, r.right, r.height, document.documentElement.clientWidth];",
                                    rollback)
        assert box[0] >= 0 and box[1] <= box[3] and box[2] >= 44, box
        if size == "phone":
            assert box[1] - box[0] > box[3] * 0.7, box  # full width: a big target
        shoot_page(driver, shots, f"{size}-published")
        rollback.click()
        wait_acknowledged(driver, first)
        assert "Rolled back to version" in driver.find_element(By.ID, "published").text
        shoot_page(driver, shots, f"{size}-rolled-back")
    finally:
        driver.quit()
