"""The store's stock feed: a CSV of GTIN, quantity fetched every ``every_minutes`` from
``back_office.stock_feed.feed_url`` and published to the mirrors when the stock changed.

The feed is checked by the stock upload's own code (``drafts.check_stock_upload``, i.e.
``kiosk.catalogue.stock``): the same rules, the same row and field in every message.  A feed
that cannot be fetched (unreachable, an HTTP error, slower than ``timeout_s``, larger than
``max_mb``, cut off before its announced length) or that has a bad line changes nothing:
the mirrors keep the last good stock, and the catalogue page shows the error with its line
and field until a good feed arrives.  A feed with the same stock as the live catalogue
publishes nothing.  Every publish is in the audit log as ``stock-feed``; it is not one of
the versions to roll back to (a feed every 15 minutes would push the managers' out of the
last 10); a manager's publish or roll back wakes the feed, which puts its stock on that
catalogue at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.catalogue import Issue
from kiosk.catalogue.changes import compare
from kiosk.config import StoreConfig
from kiosk.errors import KioskError
from kiosk.storeweb.manage import outbound
from kiosk.storeweb.manage.channel import CatalogueChannel, NotPublished
from kiosk.storeweb.manage.db import BackOfficeDb
from kiosk.storeweb.manage.drafts import check_stock_upload
from kiosk.storeweb.manage.periodic import Periodic

log = logging.getLogger(__name__)
FILE_NAME = "stock-feed.csv"   # what the findings name as their file
WAIT_FOR_LIVE_S = 5.0          # no live catalogue yet (it arrives retained): try again soon
MIN_GAP_S = 10.0               # "fetch now" at most this often: the feed's server is not ours
WHO = "stock-feed"


@dataclass
class FeedStatus:
    fetched: float | None = None     # the last attempt
    good: float | None = None        # the last feed that passed its checks
    published: str | None = None     # the version the feed last published
    restocked: int = 0               # sizes whose stock that publish changed
    error: str | None = None         # why the last attempt changed nothing
    issues: list[Issue] = field(default_factory=list)  # its findings at their lines

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


class StockFeed(Periodic):
    thread_name = "stock-feed"

    def __init__(self, channel: CatalogueChannel, db: BackOfficeDb, config: StoreConfig,
                 clock: Callable[[], float], fetch: Callable[[str, float, int], bytes] = outbound.get_bytes):
        self.channel, self.db, self.clock, self._fetch = channel, db, clock, fetch
        self.section = config.back_office.stock_feed
        self.status = FeedStatus()
        self._lock = threading.Lock()      # one fetch at a time (timer and "fetch now")
        self._asked = 0.0                  # monotonic time the feed's server was last asked
        super().__init__(join_s=self.section.timeout_s + 1)

    @property
    def enabled(self) -> bool:
        return bool(self.section.feed_url)

    @property
    def source(self) -> str:
        return outbound.shown(self.section.feed_url or "")

    def interval(self) -> float:
        """Seconds to the next fetch: the configured period once a catalogue is live."""
        return self.section.every_minutes * 60 if self.channel.live else WAIT_FOR_LIVE_S

    def tick(self) -> FeedStatus:
        return self.poll()

    def poll(self, *, now_asked: bool = False) -> FeedStatus:
        """Fetch, check, publish if the stock changed; the status either way."""
        if not self.enabled:
            return self.status
        with self._lock:
            if now_asked and self._asked and time.monotonic() - self._asked < MIN_GAP_S:
                return self.status
            self._poll()
            return self.status

    def _poll(self) -> None:
        status, now = self.status, self.clock()
        status.fetched = now
        live = self.channel.live
        if live is None:
            self._failed("no catalogue is live yet: the feed's stock applies to one", [])
            return
        self._asked = time.monotonic()
        try:
            raw = self._fetch(self.section.feed_url, self.section.timeout_s, self.section.max_mb * 1024 * 1024)
        except KioskError as exc:
            self._failed(str(exc), [])
            return
        catalogue, issues = check_stock_upload(raw, FILE_NAME, live)
        if catalogue is None:
            errors = sum(i.severity == "error" for i in issues)
            self._failed(f"{errors} error(s) in the feed, at the lines below", issues)
            return
        restocked = compare(live.catalogue, catalogue).counts["restocked"]
        status.good, status.error, status.issues = now, None, issues
        if not restocked:
            return
        if self.channel.live is not live:   # a manager published meanwhile: apply to that next time
            status.error = "a new catalogue went live during the fetch: the next fetch applies to it"
            return
        try:
            notice = self.channel.publish(catalogue, who=WHO, source=f"stock feed {self.source}",
                                          remember=False)
        except NotPublished as exc:
            self._failed(str(exc), issues)
            self.db.record(now, WHO, "-", "stock-feed-failed", str(exc))
            return
        status.published, status.restocked = notice["version"], restocked
        self.db.record(now, WHO, "-", "published-stock-feed",
                       f"{live.version} -> {notice['version']} ({restocked} size(s) restocked from {self.source})")
        log.info("stock feed: %d size(s) restocked, version %s", restocked, notice["version"])

    def _failed(self, error: str, issues: list[Issue]) -> None:
        self.status.error, self.status.issues = error[:500], issues
        log.warning("stock feed %s: %s", self.source, error)
