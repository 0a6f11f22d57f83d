"""The report of a simulated week, opened in headless Chromium on a desktop and on a phone:
every chart loads, nothing overflows sideways, the key figures read right.

Screenshots go to a temporary folder, or to $KIOSK_SCREENSHOTS (docs/screenshots when
refreshing the documentation set): report.png (desktop), report-phone.png and
report-zh_CN.png (Simplified Chinese: the CJK font path, in the page and in the charts).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import cv2
import pytest

from kiosk.insight.html import write_report
from kiosk.insight.report import build_report
from tests.support.debian import missing_package
from tests.support.insight import WEEK_SINCE, WEEK_UNTIL, simulated_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
    missing_package("Debian chromium + chromium-driver are not installed",
                    allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

# name: (width, height, device scale, mobile, language, words of the staffing action)
VIEWPORTS = {"report": (1200, 900, 1, False, "en", "Add floor staff"),
             "report-phone": (390, 844, 2, True, "en", "Add floor staff"),
             "report-zh_CN": (1200, 900, 1, False, "zh_CN", "增加卖场人手")}


@pytest.fixture(scope="module")
def report_files(tmp_path_factory):
    store, truth = simulated_store()
    report = build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL, timezone="Europe/Paris")
    store.close()
    files = {}
    for lang in ("en", "zh_CN"):
        files[lang] = tmp_path_factory.mktemp(f"report-{lang}") / "report.html"
        write_report(report, files[lang], lang)
    return files, truth


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def browser(profile: Path, width: int, height: int, scale: int, mobile: bool):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 f"--window-size={width},{height}", f"--user-data-dir={profile}",
                 "--force-color-profile=srgb", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": scale,
                            "mobile": mobile})
    return driver


def full_page_png(driver, path: Path) -> None:
    import base64
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"captureBeyondViewport": True, "format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))


def phone_layout_reads_whole(driver) -> None:
    """Issue #14, 9: on a phone the staff table was cut off (scrolled inside its box) and the
    heat map's numbers were shrunk to about 3 px."""
    cut = driver.execute_script(
        "return Array.from(document.querySelectorAll('#staff-zones td, #staff-hours td'))"
        ".filter(td => td.getBoundingClientRect().right > window.innerWidth + 0.5"
        " || td.scrollWidth > td.clientWidth + 1).map(td => td.textContent)")
    boxes = driver.execute_script(
        "return Array.from(document.querySelectorAll('#staff-zones, #staff-hours'))"
        ".map(t => [t.parentElement.scrollWidth, t.parentElement.clientWidth])")
    assert not cut and all(inner <= outer for inner, outer in boxes), (cut, boxes)
    # The cells' 8 pt (13 px in the PNG) numbers must stay about 8 css px or larger.
    scale = driver.execute_script(
        "const i = document.querySelector('#heatmap img');"
        "return i.getBoundingClientRect().width / i.naturalWidth")
    assert scale >= 0.6, f"heat map shown at {scale:.2f} of its size"


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_report_renders_in_chromium(report_files, shots, tmp_path, name):
    files, truth = report_files
    width, height, scale, mobile, lang, staffing = VIEWPORTS[name]
    out = files[lang]
    driver = browser(tmp_path / "profile", width, height, scale, mobile)
    try:
        driver.get(out.as_uri())
        images = driver.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, "
            "i.getBoundingClientRect().width])")
        assert len(images) == 7
        assert all(done and natural > 300 and shown > 200 for done, natural, shown in images)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"page scrolls sideways by {overflow}px"
        if mobile:
            phone_layout_reads_whole(driver)
        visits = driver.find_element(By.ID, "kpi-visits")
        assert visits.is_displayed() and visits.text == str(sum(truth.sessions_by_day.values()))
        actions = driver.find_elements(By.CSS_SELECTOR, "ol.actions li")
        assert any("Menswear" in a.text and staffing in a.text for a in actions)
        full_page_png(driver, shots / f"{name}.png")
    finally:
        driver.quit()
    image = cv2.imread(str(shots / f"{name}.png"))
    assert image.shape[1] == width * scale and image.shape[0] > 2 * height * scale
