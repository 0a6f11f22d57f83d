"""Offline alerts: a webhook POST and/or an e-mail (kiosk/storeweb/manage/alert_channels.py)
when a mirror has been offline longer than ``back_office.offline_alerts.after_minutes``, and
one when it is back.

"Offline" is the mirror's retained state as the MirrorBoard holds it (the broker's last
will, or the mirror's own goodbye); the time counts from when this service saw it change
(a mirror already offline when the service starts counts from the start).  Each outage
gives one "offline" alert per channel and, if that one went out, one "back" alert on that
channel: a channel that delivered is never sent the same transition again while another
one is still retrying.  A delivery that fails is tried again after a backoff (15 s, doubling
up to 15 min, per channel: a server that is down is not hammered once per mirror) and shown
on the Mirrors page; one that can never go out (a header with a line break) is dropped,
logged and shown.  Nothing here ends the checking thread.  The JSON names the store, the
mirror and times: no manager, no shopper, no address (docs/security.md).

    {"event": "mirror_offline", "store": "demo-store", "store_name": "Demo Store",
     "mirror": "mirror-1", "offline_since": 1795418400.0, "offline_minutes": 12,
     "ts": 1795419120.0, "text": "Mirror mirror-1 (Demo Store) has been offline for 12 min"}
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.config import StoreConfig
from kiosk.errors import KioskError
from kiosk.storeweb.manage import outbound
from kiosk.storeweb.manage.alert_channels import BACK, OFFLINE, TEST, Alert, Channel, channels
from kiosk.storeweb.manage.db import BackOfficeDb
from kiosk.storeweb.manage.mail import HeaderRefused
from kiosk.storeweb.manage.mirrors import MirrorBoard, MirrorHealth
from kiosk.storeweb.manage.periodic import Periodic

log = logging.getLogger(__name__)
CHECK_EVERY_S = 15.0
BACKOFF_S = (15.0, 30.0, 60.0, 120.0, 300.0, 900.0)   # after 1, 2, 3 … failures in a row
TEST_EVERY_S = 10.0   # the page's test button, at most this often


@dataclass
class Delivery:
    ts: float
    mirror: str
    event: str
    error: str | None = None
    channel: str = "webhook"
    target: str = ""


@dataclass
class Route:
    """One channel and what it has done: the outages it announced, its backoff."""
    channel: Channel
    alerted: dict[str, float] = field(default_factory=dict)  # mirror -> offline since, announced
    refused: set[str] = field(default_factory=set)           # Alert.key that can never go out
    failures: int = 0
    retry_at: float = 0.0
    last: Delivery | None = None        # the newest try, for the page
    tested: Delivery | None = None      # the newest test from the page


class OfflineAlerts(Periodic):
    thread_name = "offline-alerts"

    def __init__(self, board: MirrorBoard, config: StoreConfig, db: BackOfficeDb,
                 clock: Callable[[], float], post: Callable[[str, dict, float], int] = outbound.post_json):
        self.board, self.db, self.clock = board, db, clock
        self.section = config.back_office.offline_alerts
        self.routes = [Route(channel) for channel in channels(config, post)]
        self.last: Delivery | None = None     # the newest delivery or failure, any channel
        self.tested_at: float | None = None
        slowest = max(self.section.timeout_s, self.section.email.timeout_s if self.section.email else 0)
        super().__init__(join_s=slowest * 2 + 1)   # a send under way may take its timeout twice

    @property
    def enabled(self) -> bool:
        return bool(self.routes)

    @property
    def target(self) -> str:
        return "; ".join(route.channel.target for route in self.routes)

    @property
    def alerted(self) -> set[str]:
        """Mirrors whose offline alert went out on some channel (and are not back yet)."""
        return {mirror for route in self.routes for mirror in route.alerted}

    @property
    def failing(self) -> list[Delivery]:
        return [route.last for route in self.routes if route.last and route.last.error]

    @property
    def tests(self) -> list[Delivery]:
        return [route.tested for route in self.routes if route.tested]

    def interval(self) -> float:
        return CHECK_EVERY_S

    def tick(self) -> list[Delivery]:
        return self.check()

    def check(self) -> list[Delivery]:
        """Send what is due now; the deliveries tried."""
        now, tried = self.clock(), []
        threshold = self.section.after_minutes * 60
        mirrors = {m.mirror: m for m in self.board.mirrors()}
        for route in self.routes:
            for gone in set(route.alerted) - set(mirrors):   # retired: its state was cleared
                route.alerted.pop(gone, None)
            for mirror in mirrors.values():
                alert = self._due(route, mirror, now, threshold)
                if alert is None or alert.key in route.refused:
                    continue
                if now < route.retry_at:   # backing off: this channel's server had a failure
                    break
                tried.append(self._send(route, alert))
        return tried

    def test(self) -> list[Delivery] | None:
        """A test alert on every channel (the page's button); None when asked too soon."""
        now = self.clock()
        if not self.enabled or (self.tested_at is not None and now - self.tested_at < TEST_EVERY_S):
            return None
        self.tested_at = now
        alert, done = Alert(TEST, "", now, now), []
        for route in self.routes:
            route.tested = self._deliver(route, alert)
            done.append(route.tested)
        return done

    @staticmethod
    def _due(route: Route, mirror: MirrorHealth, now: float, threshold: float) -> Alert | None:
        since = mirror.since or mirror.seen or now
        if mirror.status == "offline" and mirror.mirror not in route.alerted and now - since >= threshold:
            return Alert(OFFLINE, mirror.mirror, since, now)
        if mirror.status == "online" and mirror.mirror in route.alerted:
            return Alert(BACK, mirror.mirror, route.alerted[mirror.mirror], now, back=mirror.since or now)
        return None

    def _send(self, route: Route, alert: Alert) -> Delivery:
        delivery = self._deliver(route, alert)
        if delivery.error is None:
            route.failures, route.retry_at = 0, 0.0
            if alert.event == OFFLINE:
                route.alerted[alert.mirror] = alert.since
            else:
                route.alerted.pop(alert.mirror, None)
        elif not delivery.error.startswith(REFUSED):
            route.failures += 1
            route.retry_at = alert.now + BACKOFF_S[min(route.failures, len(BACKOFF_S)) - 1]
        route.last = self.last = delivery
        return delivery

    def _deliver(self, route: Route, alert: Alert) -> Delivery:
        """One try; logged, audited when it went out, never raising."""
        channel = route.channel
        delivery = Delivery(alert.now, alert.mirror, alert.event, channel=channel.name,
                            target=channel.target)
        try:
            channel.send(alert)
        except HeaderRefused as exc:   # would never go out: not retried
            if len(route.refused) > 1000:
                route.refused.clear()
            route.refused.add(alert.key)
            delivery.error = f"{REFUSED}{exc}"[:300]
            log.error("offline alert %s for %r by %s dropped: %s", alert.event, alert.mirror,
                      channel.name, exc)
        except KioskError as exc:
            delivery.error = str(exc)[:300]
            log.warning("offline alert %s for %s by %s not delivered: %s", alert.event, alert.mirror,
                        channel.name, exc)
        except Exception as exc:  # a bug in a channel must not stop the checks
            delivery.error = f"{type(exc).__name__}: {exc}"[:300]
            log.exception("offline alert %s for %s by %s failed", alert.event, alert.mirror, channel.name)
        else:
            log.info("offline alert %s for %s sent to %s", alert.event, alert.mirror or "-", channel.target)
            self.db.record(alert.now, "alerts", "-", "alert-sent",
                           f"{alert.event} {alert.mirror or '-'} -> {channel.target}")
        return delivery


REFUSED = "not sent, never will be: "
