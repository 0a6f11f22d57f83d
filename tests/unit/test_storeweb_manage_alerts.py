"""Offline alerts (issue 16, Mirrors): a real HTTP server on 127.0.0.1 receives the webhook.
Once when a mirror has been offline longer than the threshold, once when it is back; no
personal data in the JSON; failures retried and shown; redirects and slow servers bounded."""

from __future__ import annotations

import json
import time

import pytest
from pydantic import ValidationError

from kiosk.config import OfflineAlertsSection
from kiosk.messaging import topics
from kiosk.messaging.payloads import MirrorState, build
from kiosk.storeweb.manage import alerts as alerts_module
from tests.support.backoffice import PASSWORDS, STORE, OfficeSite
from tests.support.httpd import Answer, LocalHttp
from tests.support.messaging import wait_for

SECRET_PATH = "/hooks/T0KEN-s3cret"


@pytest.fixture
def hook():
    with LocalHttp() as server:
        yield server


@pytest.fixture
def site_with(tmp_path):
    """An office whose alerts go to ``url`` (its checking thread stopped after the test)."""
    made: list[OfficeSite] = []

    def make(url: str, minutes: float = 10, timeout_s: float = 5) -> OfficeSite:
        made.append(OfficeSite(tmp_path, {"offline_alerts": OfflineAlertsSection(
            webhook_url=url, after_minutes=minutes, timeout_s=timeout_s)}))
        return made[-1]
    yield make
    for site in made:
        site.office.alerts.stop()


def state(site: OfficeSite, mirror: str, status: str) -> None:
    site.bus.publish(topics.mirror_state(STORE, mirror),
                     build(MirrorState, mirror=mirror, status=status,
                           health={"uptime_s": 5.0} if status == "online" else {}), retain=True)


def posts(hook: LocalHttp) -> list[dict]:
    assert all(r.method == "POST" and r.path == SECRET_PATH for r in hook.received)
    return [json.loads(r.body) for r in hook.received]


def test_one_alert_when_offline_past_the_threshold_and_one_when_back(site_with, hook):
    site = site_with(hook.url(SECRET_PATH))
    alerts, clock = site.office.alerts, site.store.clock
    state(site, "mirror-1", "online")
    state(site, "mirror-2", "online")
    state(site, "mirror-1", "offline")
    went = clock()
    clock.advance(9 * 60)
    assert alerts.check() == [] and hook.received == []          # not yet 10 min
    clock.advance(61)
    assert [d.error for d in alerts.check()] == [None]
    for _ in range(3):                                              # once, not at every check
        clock.advance(60)
        assert alerts.check() == []
    [offline] = posts(hook)
    assert offline == {"event": "mirror_offline", "store": STORE, "store_name": "Test store",
                       "mirror": "mirror-1", "offline_since": went, "offline_minutes": 10,
                       "ts": went + 601, "text": "Mirror mirror-1 (Test store) has been offline for 10 min"}
    assert hook.received[0].headers["Content-Type"].startswith("application/json")
    state(site, "mirror-1", "online")
    clock.advance(1)
    alerts.check()
    clock.advance(60)
    alerts.check()
    assert [p["event"] for p in posts(hook)] == ["mirror_offline", "mirror_back"]
    assert posts(hook)[1]["offline_since"] == went and posts(hook)[1]["mirror"] == "mirror-1"
    # never a person: no manager, no staff, no address in what leaves the store
    sent = b"".join(r.body for r in hook.received).decode()
    for person in (*PASSWORDS, "anna", "Anna", "10.0.0.8", "127.0.0.1"):
        assert person not in sent
    assert "alert-sent" in [e.action for e in site.office.db.audit()]


def test_a_short_outage_sends_nothing_and_a_second_outage_alerts_again(site_with, hook):
    site = site_with(hook.url(SECRET_PATH), minutes=5)
    alerts, clock = site.office.alerts, site.store.clock
    state(site, "mirror-1", "offline")
    clock.advance(4 * 60)
    state(site, "mirror-1", "online")
    clock.advance(10 * 60)
    assert alerts.check() == [] and hook.received == []
    for _ in range(2):
        state(site, "mirror-1", "offline")
        clock.advance(5 * 60)
        alerts.check()
        state(site, "mirror-1", "online")
        alerts.check()
    assert [p["event"] for p in posts(hook)] == ["mirror_offline", "mirror_back"] * 2


def test_a_failing_webhook_is_retried_until_it_answers_and_the_page_says_so(site_with, hook):
    site = site_with(hook.url(SECRET_PATH), minutes=1)
    client = site.signed_in()
    alerts, clock = site.office.alerts, site.store.clock
    hook.answer = [Answer(500, b"down"), Answer(204)]
    state(site, "mirror-1", "offline")
    clock.advance(120)
    [failed] = alerts.check()
    assert "HTTP 500" in failed.error and "mirror-1" not in alerts.alerted
    page = client.get("/manage/mirrors").text
    assert 'id="alert-error"' in page and "HTTP 500" in page
    # the page names the webhook's host, never its path (a Slack or Teams URL is a secret)
    assert f"http://127.0.0.1:{hook.server.server_address[1]}" in page and "s3cret" not in page
    clock.advance(15)
    [delivered] = alerts.check()
    assert delivered.error is None and "mirror-1" in alerts.alerted
    assert 'data-alerted="yes"' in client.get("/manage/mirrors").text
    assert len(hook.received) == 2


def test_redirects_are_not_followed_and_a_slow_webhook_does_not_hold_the_checks(site_with, hook):
    with LocalHttp() as elsewhere:
        site = site_with(hook.url(SECRET_PATH), minutes=1, timeout_s=0.5)
        hook.answer = [Answer(302, headers={"Location": elsewhere.url("/steal")}), Answer(200, delay_s=2)]
        state(site, "mirror-1", "offline")
        site.store.clock.advance(120)
        [redirected] = site.office.alerts.check()
        assert "HTTP 302" in redirected.error and "redirect" in redirected.error
        assert elsewhere.received == []
        site.store.clock.advance(alerts_module.BACKOFF_S[0])      # the retry after the backoff
        started = time.monotonic()
        [slow] = site.office.alerts.check()
        assert time.monotonic() - started < 1.8 and "could not be reached" in slow.error


def test_unreachable_webhook_is_an_error_not_a_crash(site_with):
    site = site_with("http://127.0.0.1:9/hook", minutes=1, timeout_s=1)
    state(site, "mirror-1", "offline")
    site.store.clock.advance(120)
    [failed] = site.office.alerts.check()
    assert "could not be reached" in failed.error


def test_the_service_checks_on_its_own(site_with, hook, monkeypatch):
    monkeypatch.setattr(alerts_module, "CHECK_EVERY_S", 0.05)
    site = site_with(hook.url(SECRET_PATH), minutes=1)
    state(site, "mirror-1", "offline")
    site.store.clock.advance(61)
    assert wait_for(lambda: len(hook.received) == 1, 5)
    site.office.alerts.stop()
    assert site.office.alerts._thread is not None and not site.office.alerts._thread.is_alive()


def test_alerts_off_by_default_and_the_page_says_how_to_turn_them_on(tmp_path):
    site = OfficeSite(tmp_path)
    state(site, "mirror-1", "offline")
    site.store.clock.advance(86400)
    assert site.office.alerts.check() == [] and site.office.alerts._thread is None
    assert "offline_alerts.webhook_url" in site.signed_in().get("/manage/mirrors").text


@pytest.mark.parametrize("url", ["http://hooks.example.com/x", "http://8.8.8.8/x", "ftp://192.168.1.2/x",
                                 "https://user:pass@hooks.example.com/x", "javascript:alert(1)",
                                 "http://192.168.1.2/x y"])
def test_the_config_refuses_webhooks_off_the_lan_without_https_or_with_credentials(url):
    with pytest.raises(ValidationError):
        OfflineAlertsSection(webhook_url=url)


@pytest.mark.parametrize("url", ["https://hooks.example.com/services/T/B/X", "http://192.168.1.20:8123/api/webhook/m",
                                 "http://homeassistant.local:8123/api/webhook/m", "http://nas/hook"])
def test_the_config_takes_https_anywhere_and_http_on_the_lan(url):
    assert OfflineAlertsSection(webhook_url=url).webhook_url == url


def test_the_webhook_url_is_redacted_from_support_bundles(site_with):
    from kiosk.health.redact import REDACTED, redact_config
    config = site_with("https://hooks.example.com/services/T0/B0/s3cret").config
    dumped = redact_config(config.model_dump())
    assert dumped["back_office"]["offline_alerts"]["webhook_url"] == REDACTED
    assert "s3cret" not in json.dumps(dumped)
