"""Offline alerts by e-mail (issue 16, Mirrors): a real SMTP server (aiosmtpd) on 127.0.0.1
receives them.  One mail when a mirror has been offline past the threshold, one when it is
back, naming the mirror and the store's local times, in the store's language; a server
that is down or says "try later" is retried with backoff and shown, the checking thread
lives on; a transition a channel delivered is never sent again; a header with a line
break is refused; STARTTLS with a login; the page's test button."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from kiosk.config import ConfigErrors, EmailAlertsSection, OfflineAlertsSection, load_config
from kiosk.storeweb.manage import alerts as alerts_module
from kiosk.storeweb.manage.alerts import BACKOFF_S, REFUSED, OfflineAlerts
from kiosk.storeweb.manage.mail import HeaderRefused, Mailer
from tests.support.backoffice import PASSWORDS, OfficeSite, csrf_of
from tests.support.httpd import Answer, LocalHttp
from tests.support.messaging import wait_for
from tests.support.mosquitto import make_tls_files
from tests.support.smtp import LocalSmtp
from tests.unit.test_storeweb_manage_alerts import state

FROM, TO = "mirrors@example-store.com", ["shop-floor@example-store.com", "it@example-store.com"]
T0 = 1_800_000_000.0   # the test clock's start: 2027-01-15 08:00 UTC, 09:00 in Paris


def email(port: int, **kw) -> EmailAlertsSection:
    return EmailAlertsSection(**{"smtp_host": "127.0.0.1", "smtp_port": port, "security": "none",
                                 "from_address": FROM, "recipients": TO, "timeout_s": 3, **kw})


@pytest.fixture
def smtp():
    with LocalSmtp() as server:
        yield server


@pytest.fixture
def site_with(tmp_path):
    """An office whose offline alerts are ``section``, in Paris, speaking ``language``."""
    made: list[OfficeSite] = []

    def make(section: OfflineAlertsSection, language: str = "en", store_name: str = "Test store"):
        site = OfficeSite(tmp_path / f"site{len(made)}", {"offline_alerts": section})
        site.office.alerts.stop()
        site.config.store.timezone, site.config.store.default_language = "Europe/Paris", language
        site.config.store.name = store_name
        site.office.alerts = OfflineAlerts(site.office.board, site.config, site.office.db,
                                           site.store.clock)
        made.append(site)
        return site
    yield make
    for site in made:
        site.office.alerts.stop()


def mail_site(site_with, smtp, **kw) -> OfficeSite:
    return site_with(OfflineAlertsSection(email=email(smtp.port), after_minutes=10), **kw)


def test_one_mail_when_offline_past_the_threshold_and_one_when_back(site_with, smtp):
    site = mail_site(site_with, smtp)
    alerts, clock = site.office.alerts, site.store.clock
    assert clock() == T0
    state(site, "mirror-1", "online")
    state(site, "mirror-2", "online")
    state(site, "mirror-1", "offline")
    clock.advance(9 * 60)
    assert alerts.check() == [] and smtp.received == []            # not yet 10 min
    clock.advance(61)
    assert [(d.channel, d.error) for d in alerts.check()] == [("email", None)]
    for _ in range(3):                                              # once, not at every check
        clock.advance(60)
        assert alerts.check() == []
    [offline] = smtp.received
    assert offline.mail_from == FROM and offline.rcpt_tos == TO and not offline.tls
    mail = offline.message
    assert mail["Subject"] == "Mirror mirror-1 offline for 10 min – Test store"
    assert mail["From"] == FROM and mail["To"] == ", ".join(TO) and mail["Message-ID"].endswith("@example-store.com>")
    body = mail.get_content()
    assert "Mirror mirror-1 in Test store has been offline since 2027-01-15 09:00 CET (10 min so far)" in body
    state(site, "mirror-1", "online")                               # back at 09:13 Paris time
    clock.advance(1)
    alerts.check()
    clock.advance(60)
    alerts.check()
    assert len(smtp.received) == 2
    back = smtp.messages[1]
    assert back["Subject"] == "Mirror mirror-1 back online – Test store"
    assert "is back online since 2027-01-15 09:13 CET" in back.get_content()
    assert "It was offline from 2027-01-15 09:00 CET, for 13 min." in back.get_content()
    assert back["Message-ID"] != mail["Message-ID"]
    # never a person: no manager, no staff, no address of a browser in what leaves the store
    sent = b"".join(r.raw for r in smtp.received).decode()
    for person in (*PASSWORDS, "anna", "Anna", "10.0.0.8"):
        assert person not in sent
    assert [e.detail for e in site.office.db.audit() if e.action == "alert-sent"] == [
        f"mirror_back mirror-1 -> {', '.join(TO)} (127.0.0.1:{smtp.port})",
        f"mirror_offline mirror-1 -> {', '.join(TO)} (127.0.0.1:{smtp.port})"]


@pytest.mark.parametrize("language, subject, words", [
    ("fr", "Miroir mirror-1 hors ligne depuis 10 min – Boutique Été", "est hors ligne depuis le 2027-01-15 09:00 CET"),
    ("zh_CN", "试衣镜 mirror-1 已离线 10 分钟 – Boutique Été", "自 2027-01-15 09:00 CET 起离线")])
def test_the_mail_speaks_the_store_language(site_with, smtp, language, subject, words):
    site = mail_site(site_with, smtp, language=language, store_name="Boutique Été")
    state(site, "mirror-1", "offline")
    site.store.clock.advance(600)
    site.office.alerts.check()
    [mail] = smtp.messages
    assert mail["Subject"] == subject and words in mail.get_content()
    assert mail.get_content_charset() == "utf-8"


def test_a_server_that_is_down_is_retried_with_backoff_shown_and_mails_once(site_with, smtp, caplog):
    site = mail_site(site_with, smtp)
    alerts, clock = site.office.alerts, site.store.clock
    smtp.stop()
    state(site, "mirror-1", "offline")
    clock.advance(600)
    with caplog.at_level(logging.WARNING, "kiosk.storeweb.manage.alerts"):
        [failed] = alerts.check()
    assert "could not be reached" in failed.error and f"127.0.0.1:{smtp.port}" in failed.error
    assert "not delivered" in caplog.text and "mirror-1" in caplog.text
    page = site.signed_in().get("/manage/mirrors").text
    assert 'id="alert-error"' in page and 'data-channel="email"' in page and "could not be reached" in page
    assert alerts.check() == []                                     # backing off: nothing tried
    clock.advance(BACKOFF_S[0])
    [again] = alerts.check()                                         # 15 s later: tried, still down
    assert again.error and "mirror-1" not in alerts.alerted
    smtp.start()
    clock.advance(BACKOFF_S[0])
    assert alerts.check() == []                                     # the backoff doubled: 30 s
    clock.advance(BACKOFF_S[1] - BACKOFF_S[0])
    [delivered] = alerts.check()
    assert delivered.error is None and "mirror-1" in alerts.alerted
    clock.advance(BACKOFF_S[-1])
    assert alerts.check() == [] and len(smtp.received) == 1
    assert 'id="alert-error"' not in site.signed_in().get("/manage/mirrors").text


def test_a_try_later_answer_is_retried_and_the_thread_lives_on(site_with, smtp, monkeypatch):
    monkeypatch.setattr(alerts_module, "CHECK_EVERY_S", 0.05)
    site = mail_site(site_with, smtp)
    smtp.answer = ["451 4.3.0 mailbox busy, try later"]
    state(site, "mirror-1", "offline")
    site.store.clock.advance(600)
    site.office.alerts.start()
    assert wait_for(lambda: site.office.alerts.last is not None, 5)
    assert "answered 451 4.3.0 mailbox busy" in site.office.alerts.last.error and smtp.received == []
    site.store.clock.advance(BACKOFF_S[0])
    assert wait_for(lambda: len(smtp.received) == 1, 5)
    assert site.office.alerts._thread.is_alive()
    site.office.alerts.stop()
    assert len(smtp.received) == 1 and not site.office.alerts._thread.is_alive()


def test_with_webhook_and_mail_each_channel_sends_each_transition_once(site_with, smtp):
    with LocalHttp() as hook:
        site = site_with(OfflineAlertsSection(webhook_url=hook.url("/hook"), email=email(smtp.port),
                                              after_minutes=1))
        alerts, clock = site.office.alerts, site.store.clock
        hook.answer = [Answer(500, b"down"), Answer(204), Answer(204)]
        state(site, "mirror-1", "offline")
        clock.advance(60)
        assert [(d.channel, bool(d.error)) for d in alerts.check()] == [("webhook", True), ("email", False)]
        clock.advance(BACKOFF_S[0])
        assert [(d.channel, d.error) for d in alerts.check()] == [("webhook", None)]   # the mail is not resent
        state(site, "mirror-1", "online")
        clock.advance(1)
        assert {d.channel for d in alerts.check()} == {"webhook", "email"}
        clock.advance(3600)
        assert alerts.check() == []
        assert [m["Subject"].split()[2] for m in smtp.messages] == ["offline", "back"]
        assert len(hook.received) == 3


@pytest.mark.parametrize("store_name", ["Shop\r\nBcc: thief@evil.example", "Shop\nX-Evil: 1", "Shop\rX: y",
                                        "Shop\r\n"])
def test_a_line_break_in_a_header_is_refused_not_sent_not_retried(site_with, smtp, store_name, caplog):
    site = mail_site(site_with, smtp, store_name=store_name)
    alerts, clock = site.office.alerts, site.store.clock
    state(site, "mirror-1", "offline")
    clock.advance(600)
    with caplog.at_level(logging.ERROR, "kiosk.storeweb.manage.alerts"):
        [refused] = alerts.check()
    assert refused.error.startswith(REFUSED) and "line break" in refused.error
    assert "dropped" in caplog.text
    for _ in range(3):                                              # never retried: it cannot work
        clock.advance(BACKOFF_S[-1])
        assert alerts.check() == []
    assert smtp.received == []
    assert "line break" in site.signed_in().get("/manage/mirrors").text


@pytest.mark.parametrize("subject", ["mirror-1\r\nBcc: thief@evil.example", "m\n", "m\r\n",
                                     "m\rTo: x@evil.example"])
def test_the_mailer_refuses_a_header_with_a_line_break(site_with, smtp, subject):
    mailer = Mailer(email(smtp.port), site_with(OfflineAlertsSection(email=email(smtp.port))).config)
    with pytest.raises(HeaderRefused):
        mailer.message(subject, "body", "id")
    with pytest.raises(HeaderRefused):
        mailer.message("fine", "body", subject)   # the Message-ID carries the mirror id too


def test_starttls_with_a_login_and_what_goes_wrong_with_it(site_with, tmp_path, monkeypatch):
    files = make_tls_files(tmp_path / "tls")
    monkeypatch.setenv("SMTP_ALERT_PASSWORD", "s3cret-pw")
    with LocalSmtp(tls=files, logins={"alerts": "s3cret-pw"}) as smtp:
        good = email(smtp.port, security="starttls", ca_file=str(files["ca"]), username="alerts",
                     password_env="SMTP_ALERT_PASSWORD")
        site = site_with(OfflineAlertsSection(email=good, after_minutes=1))
        state(site, "mirror-1", "offline")
        site.store.clock.advance(60)
        [sent] = site.office.alerts.check()
        assert sent.error is None
        [received] = smtp.received
        assert received.tls and received.login == "alerts" and "s3cret" not in received.raw.decode()

        def error(section: EmailAlertsSection) -> str:
            mailer = Mailer(section, site.config)
            with pytest.raises(Exception) as caught:
                mailer.send(mailer.message("subject", "body", "id"))
            return str(caught.value)
        monkeypatch.setenv("SMTP_WRONG", "guess")
        assert "refused the login" in error(good.model_copy(update={"password_env": "SMTP_WRONG"}))
        assert "does not verify" in error(good.model_copy(update={"ca_file": None}))
        assert "environment variable SMTP_NOT_SET is not set" in error(
            good.model_copy(update={"password_env": "SMTP_NOT_SET"}))
        password_file = tmp_path / "smtp-password"
        password_file.write_text("s3cret-pw\n")
        assert Mailer(good.model_copy(update={"password_env": None, "password_file": str(password_file)}),
                      site.config).send(Mailer(good, site.config).message("s", "b", "id2")) == []
        assert [r.login for r in smtp.received] == ["alerts", "alerts"]
        # security none refuses to go on when the server insists on STARTTLS before mail
        plain = good.model_copy(update={"security": "none", "username": None, "password_env": None})
        assert "answered 530" in error(plain)


def test_the_test_button_mails_once_is_audited_and_needs_csrf(site_with, smtp):
    site = mail_site(site_with, smtp)
    client = site.signed_in()
    page = client.get("/manage/mirrors").text
    assert 'data-action="test-alert"' in page
    assert client.post("/manage/mirrors/test-alert", data={"csrf": "forged"}).status_code == 403
    assert site.client().post("/manage/mirrors/test-alert",
                              data={"csrf": csrf_of(page)}).status_code == 401   # signed out
    assert smtp.received == []
    answer = client.post("/manage/mirrors/test-alert", data={"csrf": csrf_of(page)})
    assert answer.status_code == 303 and answer.headers["location"] == "/manage/mirrors#alerts"
    [test] = smtp.messages
    assert test["Subject"] == "Test alert – Test store" and "10 min or more" in test.get_content()
    page = client.get("/manage/mirrors").text
    assert 'data-test="sent"' in page and "shop-floor@example-store.com" in page
    again = client.post("/manage/mirrors/test-alert", data={"csrf": csrf_of(page)})
    assert again.headers["location"].endswith("?test=wait#alerts") and len(smtp.received) == 1
    assert 'id="alert-test-wait"' in client.get(again.headers["location"]).text
    [audited] = [e for e in site.office.db.audit() if e.action == "tested-alerts"]
    assert audited.who == "manager" and f"email {', '.join(TO)}" in audited.detail
    smtp.stop()
    site.store.clock.advance(alerts_module.TEST_EVERY_S)
    client.post("/manage/mirrors/test-alert", data={"csrf": csrf_of(page)})
    assert 'data-test="failed"' in client.get("/manage/mirrors").text
    assert site.office.alerts.alerted == set()                     # a test is not an outage


def test_without_alerts_there_is_no_test_button(tmp_path):
    site = OfficeSite(tmp_path)
    client = site.signed_in()
    page = client.get("/manage/mirrors").text
    assert 'data-action="test-alert"' not in page
    assert client.post("/manage/mirrors/test-alert", data={"csrf": csrf_of(page)}).status_code == 404


def test_the_config_names_the_line_the_field_and_the_fix(tmp_path):
    path = tmp_path / "store.yaml"
    path.write_text("store: {id: s1}\nback_office:\n  offline_alerts:\n    email:\n"
                    "      smtp_host: smtp.example.com\n      security: none\n      password: hunter2\n"
                    "      from_address: mirrors\n"
                    '      recipients: [ok@example.com, "a@example.com\\nBcc: c@example.com"]\n')
    with pytest.raises(ConfigErrors) as caught:
        load_config(path)
    found = {(e.location.line, e.location.field): str(e) for e in caught.value.errors}
    assert set(found) == {(6, "back_office.offline_alerts.email.security"),
                          (7, "back_office.offline_alerts.email.password"),
                          (8, "back_office.offline_alerts.email.from_address"),
                          (9, "back_office.offline_alerts.email.recipients.1")}
    assert "use starttls or tls" in found[6, "back_office.offline_alerts.email.security"]
    assert "did you mean 'password_env'" in found[7, "back_office.offline_alerts.email.password"]
    assert "write it as name@example.com" in found[8, "back_office.offline_alerts.email.from_address"]


@pytest.mark.parametrize("fields, words", [
    ({"username": "alerts"}, "needs a password"),
    ({"password_env": "SMTP_PASSWORD"}, "without a username"),
    ({"username": "a", "password_env": "A", "password_file": "f"}, "not both"),
    ({"recipients": []}, "at least 1"),
    ({"recipients": ["it@example-store"]}, "not an e-mail address"),
    ({"from_address": "Mirrors <m@example.com>"}, "not an e-mail address"),
    ({"smtp_host": "smtp.example.com\nx"}, "pattern"),
    ({"security": "none", "smtp_host": "10.0.0.5"}, "unencrypted")])
def test_the_config_refuses_an_unsafe_or_incomplete_email_section(fields, words):
    with pytest.raises(ValidationError, match=words):
        EmailAlertsSection(**{"smtp_host": "smtp.example.com", "from_address": FROM, "recipients": TO, **fields})


def test_local_relay_without_encryption_and_default_ports():
    assert email(25, smtp_port=None).port == 25
    assert EmailAlertsSection(smtp_host="localhost", security="none", from_address="m@localhost",
                              recipients=TO).port == 25
    assert [EmailAlertsSection(smtp_host="smtp.example.com", security=s, from_address=FROM,
                               recipients=TO).port for s in ("starttls", "tls")] == [587, 465]


def test_mail_addresses_are_redacted_from_support_bundles(site_with, smtp):
    from kiosk.health.redact import REDACTED, redact_config
    dumped = redact_config(mail_site(site_with, smtp).config.model_dump())["back_office"]["offline_alerts"]["email"]
    assert dumped["from_address"] == dumped["recipients"] == REDACTED
    assert "example-store" not in str(dumped)


def test_tls_from_the_first_byte(site_with, tmp_path):
    files = make_tls_files(tmp_path / "tls")
    with LocalSmtp(tls=files, implicit_tls=True) as smtp:
        site = site_with(OfflineAlertsSection(email=email(smtp.port, security="tls", ca_file=str(files["ca"])),
                                              after_minutes=1))
        state(site, "mirror-1", "offline")
        site.store.clock.advance(60)
        assert [d.error for d in site.office.alerts.check()] == [None]
        [received] = smtp.received
        assert received.tls and received.message["Subject"].startswith("Mirror mirror-1 offline")


def test_starttls_asked_of_a_server_that_does_not_offer_it_sends_nothing(site_with, smtp):
    site = site_with(OfflineAlertsSection(email=email(smtp.port, security="starttls"), after_minutes=1))
    state(site, "mirror-1", "offline")
    site.store.clock.advance(60)
    [failed] = site.office.alerts.check()
    assert "cannot do what security asks" in failed.error and "STARTTLS" in failed.error
    assert smtp.received == []
