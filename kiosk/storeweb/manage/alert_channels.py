"""Where an offline alert goes: a webhook (JSON POST, kiosk/storeweb/manage/outbound.py) and/or
e-mail (kiosk/storeweb/manage/mail.py), whichever ``back_office.offline_alerts`` names.

Each channel turns one ``Alert`` into its message and sends it, raising KioskError when it
could not (``mail.HeaderRefused`` when it never can).  The e-mail is in the store's default
language with the store's local times; both name the store and the mirror, no person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from kiosk.config import StoreConfig
from kiosk.storeweb.manage import i18n, outbound
from kiosk.storeweb.manage.mail import Mailer
from kiosk.storeweb.manage.results import _timezone

OFFLINE, BACK, TEST = "mirror_offline", "mirror_back", "alert_test"
Post = Callable[[str, dict, float], int]


@dataclass(frozen=True)
class Alert:
    event: str                  # OFFLINE | BACK | TEST
    mirror: str                 # "" for a test
    since: float                # offline since (a test: now)
    now: float                  # when the alert is made
    back: float | None = None   # when the mirror was seen online again (BACK)

    @property
    def minutes(self) -> int:
        return max(0, round(((self.back or self.now) - self.since) / 60))

    @property
    def key(self) -> str:
        """The same for every try of one transition (the e-mail's Message-ID)."""
        return f"{self.event}.{self.mirror or 'test'}.{round(self.since * 1000)}"


class Channel(Protocol):
    name: str

    @property
    def target(self) -> str: ...

    def send(self, alert: Alert) -> None: ...


class WebhookChannel:
    name = "webhook"

    def __init__(self, config: StoreConfig, post: Post):
        self.section, self._post = config.back_office.offline_alerts, post
        self.store, self.store_name = config.store.id, config.store.name

    @property
    def target(self) -> str:
        return outbound.shown(self.section.webhook_url or "")

    def send(self, alert: Alert) -> None:
        self._post(self.section.webhook_url or "", self.body(alert), self.section.timeout_s)

    def body(self, alert: Alert) -> dict[str, Any]:
        where = f"{alert.mirror} ({self.store_name})"
        if alert.event == TEST:
            return {"event": TEST, "store": self.store, "store_name": self.store_name,
                    "ts": round(alert.now, 3), "text": f"Test alert from {self.store_name}"}
        text = (f"Mirror {where} has been offline for {alert.minutes} min" if alert.event == OFFLINE
                else f"Mirror {where} is back online after {alert.minutes} min")
        return {"event": alert.event, "store": self.store, "store_name": self.store_name,
                "mirror": alert.mirror, "offline_since": round(alert.since, 3),
                "offline_minutes": alert.minutes, "ts": round(alert.now, 3), "text": text}


class EmailChannel:
    name = "email"

    def __init__(self, config: StoreConfig, mailer: Mailer):
        self.mailer, self.store_name = mailer, config.store.name
        self.after = round(config.back_office.offline_alerts.after_minutes)
        self.t = i18n.translator(config.store.default_language)
        self.zone = ZoneInfo(_timezone(config))

    @property
    def target(self) -> str:
        return self.mailer.target

    def send(self, alert: Alert) -> None:
        subject, body = self.texts(alert)
        self.mailer.send(self.mailer.message(subject, body, alert.key))

    def texts(self, alert: Alert) -> tuple[str, str]:
        """Subject and body in the store's language: the mirror, since when, how long, when back."""
        kind = {OFFLINE: "offline", BACK: "back", TEST: "test"}[alert.event]
        values = {"mirror": alert.mirror, "store": self.store_name, "minutes": alert.minutes,
                  "since": self._when(alert.since), "back": self._when(alert.back or alert.now),
                  "after": self.after}
        body = f"{self.t(f'mail_{kind}_body', **values)}\n\n-- \n{self.t('mail_footer', **values)}\n"
        return self.t(f"mail_{kind}_subject", **values), body

    def _when(self, ts: float) -> str:
        return datetime.fromtimestamp(ts, self.zone).strftime("%Y-%m-%d %H:%M %Z")


def channels(config: StoreConfig, post: Post = outbound.post_json) -> list[Channel]:
    section = config.back_office.offline_alerts
    found: list[Channel] = []
    if section.webhook_url:
        found.append(WebhookChannel(config, post))
    if section.email is not None:
        found.append(EmailChannel(config, Mailer(section.email, config)))
    return found
