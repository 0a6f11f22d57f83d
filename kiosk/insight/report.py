"""The manager report as data: what the mirrors did for the store over a period.

``build_report`` reads rows from an ``EventStore`` (one mirror's, or the
store-wide database the collector fills) and computes every figure the HTML
shows; rendering lives in kiosk/insight/html.py and charts.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from kiosk.errors import ConfigError, Location
from kiosk.insight import metrics
from kiosk.insight.actions import Action, describe, suggest_actions
from kiosk.insight.i18n import Messages
from kiosk.insight.metrics import FunnelStep, Spread
from kiosk.insight.store import EventRow, EventStore


@dataclass
class Report:
    store: str
    start: datetime  # local time
    end: datetime
    timezone: str
    mirrors: list[str]
    zones: list[str]
    events: int
    sessions_by_hour: dict[int, int]
    sessions_by_day: dict[date, int]
    sessions_by_day_hour: dict[tuple[date, int], int]
    funnel: list[FunnelStep]
    claim_overall: Spread | None
    claim_by_zone: list[Spread]
    claim_by_zone_hour: list[Spread]
    delivery_by_zone: list[Spread]
    outcomes: dict[str, Counter]
    top_sizes: list[tuple[str, int]]
    top_colourways: list[tuple[str, int]]
    out_of_stock: list[tuple[str, str, int]]
    product_names: dict[str, str]
    response_target_s: float
    actions: list[Action] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        return sum(self.sessions_by_day.values())

    def period_days(self) -> list[date]:
        """Every local calendar day the period touches, with or without visits: per-day
        figures divide by these (not by the days that had data).  A day the period covers
        only in part (``kiosk report --since 7d`` ends now) counts as a whole day."""
        last = (self.end - timedelta(microseconds=1)).date()
        first = self.start.date()
        return [first + timedelta(days=n) for n in range(max((last - first).days + 1, 1))]

    @property
    def partial_days(self) -> bool:
        return self.start.timetz().replace(tzinfo=None) != time() or \
            self.end.timetz().replace(tzinfo=None) != time()

    def product(self, gtin: str, m: Messages | None = None) -> str:
        return self.product_names.get(gtin) or (m or Messages()).t("product_unknown", gtin=gtin)

    def action_texts(self, m: Messages | None = None) -> list[str]:
        return [describe(a, self, m or Messages()) for a in self.actions]


def build_report(store: EventStore | Sequence[EventStore], *, since: datetime,
                 until: datetime | None = None, timezone: str = "UTC",
                 mirrors: list[str] | None = None, response_target_s: float = 180.0) -> Report:
    """One database, or several (mirrors' files copied off the devices): merged by event id."""
    until = until or datetime.now(UTC)
    stores = [store] if isinstance(store, EventStore) else list(store)
    rows: dict[str, EventRow] = {}
    names: dict[str, str] = {}
    for each in stores:
        rows.update((r.id, r) for r in each.rows(since, until, mirrors=mirrors))
        names.update(each.product_names())
    ordered = sorted(rows.values(), key=lambda r: (r.ts, r.id))
    return report_from_rows(ordered, since=since, until=until, timezone=timezone, names=names,
                            response_target_s=response_target_s)


def report_from_rows(rows: list[EventRow], *, since: datetime, until: datetime,
                     timezone: str = "UTC", names: dict[str, str] | None = None,
                     response_target_s: float = 180.0) -> Report:
    tz = ZoneInfo(timezone)
    report = Report(
        store=", ".join(sorted({r.store for r in rows})) or "-",
        start=since.astimezone(tz), end=until.astimezone(tz), timezone=timezone,
        mirrors=sorted({r.mirror for r in rows}), zones=sorted({r.zone for r in rows}),
        events=len(rows),
        sessions_by_hour=metrics.sessions_by_hour(rows, tz),
        sessions_by_day=metrics.sessions_by_day(rows, tz),
        sessions_by_day_hour=metrics.sessions_by_day_hour(rows, tz),
        funnel=metrics.funnel(rows),
        claim_overall=metrics.overall_spread(rows),
        claim_by_zone=metrics.staff_spread(rows, tz, by_hour=False),
        claim_by_zone_hour=metrics.staff_spread(rows, tz),
        delivery_by_zone=metrics.staff_spread(rows, tz, "size_delivered", by_hour=False),
        outcomes=metrics.request_outcomes(rows),
        top_sizes=metrics.top(rows, "size"),
        top_colourways=metrics.top(rows, "colourway"),
        out_of_stock=metrics.out_of_stock(rows),
        product_names=dict(names or {}),
        response_target_s=response_target_s,
    )
    report.actions = suggest_actions(report)
    return report


_SINCE = re.compile(r"^(\d{1,4})([hdw])$")


def parse_since(text: str, now: datetime | None = None, tz: tzinfo = UTC) -> datetime:
    """``24h`` (exactly), ``7d`` / ``2w`` (from local midnight that many days ago: whole days
    plus today so far), or an ISO date/time (in ``tz`` if it names no zone)."""
    now = now or datetime.now(UTC)
    found = _SINCE.match(text.strip())
    if found:
        amount, unit = int(found.group(1)), found.group(2)
        if unit == "h":
            return now - timedelta(hours=amount)
        day = now.astimezone(tz).date() - timedelta(days=amount * (7 if unit == "w" else 1))
        return datetime.combine(day, time(), tz)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"cannot read --since {text!r}", location=Location(field="--since"),
                          fix="write a duration such as 7d, 24h, 2w or a date such as 2026-11-16") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
