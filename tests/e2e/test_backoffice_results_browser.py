"""The back office's Results page in headless Chromium at 1366x768 and 390x844, over the
store web service (real mosquitto) and a simulated week of mirror events.

Proves the layout a newcomer found wrong: the report lines up with the page's heading and
date form; on a phone every chart is its phone variant, whose smallest text is >= 12 CSS px
as shown, the tables are cards, nothing overflows sideways.  Screenshots desk-results.png,
phone-results.png and phone-results-charts.png go to $KIOSK_SCREENSHOTS (docs/screenshots/backoffice), or a temporary folder.
"""

from __future__ import annotations

import pytest

from kiosk.insight.charts import text_px
from kiosk.storeweb.manage.results import Results
from kiosk.storeweb.server import start
from tests.e2e.test_backoffice_browser import STORE, browser, shoot, shots, sign_in  # noqa: F401
from tests.support.backoffice import broker_config
from tests.support.insight import simulated_store
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WEEK = "from=2026-11-16&to=2026-11-22"


@pytest.fixture
def site(mosquitto, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", mosquitto.users["staff-app"])
    monkeypatch.setenv("BACKOFFICE_MQTT_PASSWORD", mosquitto.users["manager"])
    config = broker_config(tmp_path / "data", mosquitto.port, store=STORE, mqtt_username="manager",
                           mqtt_password_env="BACKOFFICE_MQTT_PASSWORD")
    db = Results(config).db_path
    db.parent.mkdir(parents=True, exist_ok=True)
    simulated_store(db)[0].close()
    running = start(config)
    try:
        yield running.manage_url
    finally:
        running.stop()


def open_results(driver, url: str) -> None:
    sign_in(driver, url)
    driver.get(f"{url}/results?{WEEK}&lang=en")
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "kpi-visits"))


def test_desk_report_lines_up_with_the_page_heading_and_date_form(site, tmp_path, shots):  # noqa: F811
    driver = browser(tmp_path / "profile", "desk")
    try:
        open_results(driver, site)
        left = driver.execute_script("""
            const x = s => Math.round(document.querySelector(s).getBoundingClientRect().left);
            return [x('main > h1'), x('form.period'), x('.report h1'), x('.report .kpis')];""")
        assert len(set(left)) == 1, f"page heading, date form, report heading, cards: {left}"
        shoot(driver, shots, "desk-results")
    finally:
        driver.quit()


def test_phone_charts_and_tables_are_readable(site, tmp_path, shots):  # noqa: F811
    driver = browser(tmp_path / "profile", "phone")
    try:
        open_results(driver, site)
        charts = driver.execute_script("""
            return [...document.querySelectorAll('.report figure picture')].map(p => {
              const img = p.querySelector('img'), source = p.querySelector('source');
              return {alt: img.alt, phone: !!source && img.currentSrc === source.srcset,
                      shown: img.clientWidth, natural: img.naturalWidth};});""")
        assert len(charts) == 7
        for chart in charts:
            assert chart["phone"], chart
            smallest = text_px(True) * chart["shown"] / chart["natural"]
            assert smallest >= 12, f"{chart['alt']}: smallest text {smallest:.1f} px"
        # Many columns: one card per row (manage.css's table.cards); the funnel's three fit.
        tables = driver.execute_script("""
            return [...document.querySelectorAll('.report table.cards')].map(t => [t.id,
              getComputedStyle(t.querySelector('tbody tr')).display,
              getComputedStyle(t.querySelector('tbody td'), '::before').content]);""")
        assert {t[0] for t in tables} == {"staff-zones", "staff-hours", "out-of-stock"}
        for table_id, display, label in tables:
            assert display == "block" and label not in ("none", "normal", ""), (table_id, label)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
        funnel = driver.find_element(By.ID, "funnel")
        assert funnel.rect["x"] + funnel.rect["width"] <= 390 - 8
        shoot(driver, shots, "phone-results")
        driver.execute_script("document.getElementById('heatmap').scrollIntoView()")
        driver.save_screenshot(str(shots / "phone-results-charts.png"))  # the charts as shown
    finally:
        driver.quit()
