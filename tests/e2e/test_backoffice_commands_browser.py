"""The Mirrors page's remote commands on the real demo: `kiosk demo` (the real app, demo camera,
its embedded broker, its back office) prints `Back office: URL`; headless Chromium signs in
as manager / demo-manager and presses Check placement, Lights, Lock (the mirror's own
scenario waits for its closed screen and screenshots it), Unlock and Restart (confirmed
first; the app then exits with 75, the status systemd restarts).  A POST without the CSRF
token is refused.  Screenshots of the Mirrors page at 1366x768 and 390x844 go to
$KIOSK_SCREENSHOTS (docs/screenshots/backoffice), or a temporary folder."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from kiosk.remote import RESTART_STATUS
from tests.e2e.test_backoffice_browser import browser, shoot, shots, sign_in  # noqa: F401 (skips without Chromium)
from tests.support.demo import start_demo

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCENARIO = """\
- expect: attract
- expect: {state: closed, within: 300}
- wait: 1
- screenshot: SHOTS/mirror-closed.png
- expect: {state: attract, within: 300}
- wait: 600
"""


@pytest.fixture
def demo(tmp_path):
    """The demo mirror process and the back office URL it printed."""
    scenario = tmp_path / "closed.yaml"
    scenario.write_text(SCENARIO.replace("SHOTS", str(tmp_path)), encoding="utf-8")
    process, url, output = start_demo(tmp_path, "--scenario", str(scenario), printed="Back office")
    try:
        assert url and url.endswith("/manage"), "".join(output)[-3000:]
        yield process, url, output
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def mirrors_page(driver, url: str) -> None:
    """The Mirrors page once the demo mirror's retained state listed it."""
    for _ in range(60):
        driver.get(f"{url}/mirrors")
        if driver.find_elements(By.CSS_SELECTOR, 'tr[data-controls="mirror-1"]'):
            return
        time.sleep(1)
    raise AssertionError("the demo mirror never appeared on the Mirrors page")


def press(driver, action: str) -> None:
    """Click and wait for the answer's new page: until then the old page (and its #answer,
    from the command before) is still there to be read (CI: a stale element)."""
    driver.execute_script("window.__before_press = true")
    driver.find_element(By.CSS_SELECTOR, f'tr[data-controls="mirror-1"] [data-action="{action}"]').click()
    WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !window.__before_press"))


def answer(driver) -> dict:
    panel = WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "answer"))[0]
    return {"status": panel.get_attribute("data-status"), "command": panel.get_attribute("data-command"),
            "text": panel.text}


def row_text(driver, field: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f'tr[data-mirror="mirror-1"] [data-field="{field}"]').text


def offered(driver) -> list[str]:
    buttons = driver.find_elements(By.CSS_SELECTOR, 'tr[data-controls="mirror-1"] button[data-action]')
    return [b.get_attribute("data-action") for b in buttons]


def test_lock_placement_lights_restart_from_the_back_office(demo, tmp_path, shots):  # noqa: F811
    process, url, output = demo
    desk = browser(tmp_path / "profile-desk", "desk")
    phone = browser(tmp_path / "profile-phone", "phone")
    try:
        sign_in(desk, url)
        mirrors_page(desk, url)
        # the demo has no pairing set up: how to set it up, not a form that can only fail
        assert desk.find_elements(By.ID, "pair-not-set-up") and not desk.find_elements(By.ID, "pair-code")
        assert offered(desk) == ["lock", "placement", "restart", "lights"]
        shoot(desk, shots, "desk-mirrors-commands")

        for _ in range(10):  # the demo's vision needs a few seconds to load its models
            press(desk, "placement")
            placed = answer(desk)
            if placed["status"] == "ok":
                break
            time.sleep(2)
        assert placed["command"] == "placement" and placed["status"] == "ok", placed["text"]
        verdict = desk.find_element(By.CSS_SELECTOR, '#answer [data-field="placement"]')
        assert verdict.text and (verdict.get_attribute("class") == "ok" or
                                 desk.find_elements(By.CSS_SELECTOR, "#placement-hints li"))
        assert "Face centre" not in placed["text"] and " × " not in placed["text"]   # words, not numbers
        shoot(desk, shots, "desk-mirrors-placement")

        Select(desk.find_element(By.ID, "preset-mirror-1")).select_by_value("evening")
        press(desk, "lights")
        lit = answer(desk)
        assert lit["status"] == "ok" and "2700" in lit["text"], lit["text"]

        press(desk, "lock")
        locked = answer(desk)
        assert locked["command"] == "lock" and locked["status"] == "ok", locked["text"]
        assert desk.find_element(By.CSS_SELECTOR, '#answer dd[data-key="screen"]').text == "closed"
        assert desk.find_element(By.CSS_SELECTOR, '#answer dd[data-key="camera"]').text == "stopped"
        # the table agrees with the answer: closed, camera stopped, only Unlock offered
        assert row_text(desk, "status") == "closed (locked)" and row_text(desk, "camera") == "stopped"
        assert offered(desk) == ["unlock", "restart", "lights"]
        for _ in range(20):   # the mirror's own retained state (contract 1.6) says so too
            mirrors_page(desk, url)
            if desk.find_elements(By.CSS_SELECTOR, 'tr[data-mirror="mirror-1"] [data-locked="yes"]'):
                break
            time.sleep(0.5)
        assert row_text(desk, "status") == "closed (locked)"
        closed = tmp_path / "mirror-closed.png"
        deadline = time.monotonic() + 60
        while not closed.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert closed.exists(), "".join(output)[-3000:]
        (shots / "mirror-closed.png").write_bytes(closed.read_bytes())
        shoot(desk, shots, "desk-mirrors-locked")
        sign_in(phone, url)
        mirrors_page(phone, url)
        phone.execute_script("document.getElementById('mirrors').scrollIntoView()")  # the cards
        shoot(phone, shots, "phone-mirrors-locked")

        # A POST without the CSRF token (a forged form from the page's own origin) is refused.
        status = desk.execute_async_script(
            "const done = arguments[0]; fetch('/manage/mirrors/mirror-1/commands/unlock', {method: 'POST',"
            " credentials: 'same-origin', body: new URLSearchParams({csrf: 'forged'})}).then(r => done(r.status));")
        assert status == 403

        press(phone, "unlock")
        unlocked = answer(phone)
        assert unlocked["command"] == "unlock" and unlocked["status"] == "ok", unlocked["text"]
        assert row_text(phone, "status") == "online" and offered(phone) == ["lock", "placement", "restart", "lights"]
        phone.execute_script("document.getElementById('answer').scrollIntoView()")
        shoot(phone, shots, "phone-mirrors-unlocked")
        for driver, size in ((desk, "desk"), (phone, "phone")):
            driver.get(f"{url}/audit")
            lines = driver.find_element(By.ID, "audit").text
            assert "Locked mirror-1: done, the mirror is closed and its camera stopped." in lines
            assert "Set the lights of mirror-1 to Evening: done." in lines
            assert "Unlocked mirror-1: done" in lines and "(login manager, store manager)" in lines and "{'" not in lines
            shoot(driver, shots, f"{size}-audit-commands")
        mirrors_page(desk, url)

        press(desk, "restart")
        WebDriverWait(desk, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-action="confirm-restart"]'))
        assert process.poll() is None  # asked, not done
        shoot(desk, shots, "desk-restart-confirm")
        desk.find_element(By.CSS_SELECTOR, '[data-action="confirm-restart"]').click()
        restarting = answer(desk)
        assert restarting["command"] == "restart" and restarting["status"] == "ok", restarting["text"]
        assert process.wait(timeout=60) == RESTART_STATUS, "".join(output)[-3000:]
        assert "restart asked by 'manager'" in "".join(output)
    finally:
        desk.quit()
        phone.quit()
