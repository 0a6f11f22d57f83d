"""Pure aggregations over event rows: counts by local hour/day, funnel, percentiles.

Every function takes ``EventRow``s and a time zone and returns plain data, so
tests check them against hand-computed logs and the simulator's ground truth.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from kiosk.insight.store import EventRow

# The funnel a manager reads left to right; label is what the report prints.
FUNNEL: tuple[tuple[str, str], ...] = (
    ("session_engaged", "Engaged"),
    ("item_scanned", "Item scanned"),
    ("size_requested", "Size requested"),
    ("size_delivered", "Size delivered"),
    ("basket_handed_off", "Sent to phone"),
    ("basket_opened", "Opened on phone"),
)


@dataclass(frozen=True)
class FunnelStep:
    kind: str
    label: str
    visits: int
    # Share of the engaged visits, 0..1.  There is no "share of the previous step": the
    # steps do not nest (a shopper may ask for a size without scanning), so that ratio
    # went above 100 % ("167 % of previous step", issue #14, 9).
    of_engaged: float | None


@dataclass(frozen=True)
class Spread:
    """Staff timing for one zone (and optionally one hour of the day)."""
    zone: str
    hour: int | None
    count: int
    p50_s: float
    p90_s: float


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (the usual 'type 7' definition)."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def local(ts: float, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(ts, tz)


def sessions_by_hour(rows: Iterable[EventRow], tz: tzinfo) -> dict[int, int]:
    counts = Counter(local(r.ts, tz).hour for r in rows if r.kind == "session_engaged")
    return {hour: counts.get(hour, 0) for hour in range(24)}


def sessions_by_day(rows: Iterable[EventRow], tz: tzinfo) -> dict[date, int]:
    counts = Counter(local(r.ts, tz).date() for r in rows if r.kind == "session_engaged")
    return dict(sorted(counts.items()))


def sessions_by_day_hour(rows: Iterable[EventRow], tz: tzinfo) -> dict[tuple[date, int], int]:
    """Visits per (local day, hour): the staffing heat map."""
    counts = Counter((t.date(), t.hour) for t in (local(r.ts, tz) for r in rows
                                                 if r.kind == "session_engaged"))
    return dict(sorted(counts.items()))


def funnel(rows: Sequence[EventRow]) -> list[FunnelStep]:
    """Distinct visits reaching each step (an event without a visit counts once on its own).

    A delivery names its request, not its visit: the visit comes from the request."""
    visit_of_request = {r.request: r.visit for r in rows if r.kind == "size_requested"}
    reached: dict[str, set] = defaultdict(set)
    for r in rows:
        visit = r.visit or (visit_of_request.get(r.request) if r.request else None)
        reached[r.kind].add(visit or ("event", r.id))
    engaged = len(reached[FUNNEL[0][0]])
    return [FunnelStep(kind, label, len(reached[kind]), _share(len(reached[kind]), engaged))
            for kind, label in FUNNEL]


def _share(n: int, of: int | None) -> float | None:
    return n / of if of else None


def staff_spread(rows: Iterable[EventRow], tz: tzinfo, kind: str = "size_claimed",
                 by_hour: bool = True) -> list[Spread]:
    """p50/p90 of ``elapsed_s`` per zone (and per local hour *of the request*)."""
    groups: dict[tuple[str, int | None], list[float]] = defaultdict(list)
    for r in rows:
        if r.kind == kind and r.elapsed_s is not None:
            hour = local(r.ts - r.elapsed_s, tz).hour if by_hour else None
            groups[(r.zone, hour)].append(r.elapsed_s)
    return [Spread(zone, hour, len(v), percentile(v, 50), percentile(v, 90))
            for (zone, hour), v in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))]


def overall_spread(rows: Iterable[EventRow], kind: str = "size_claimed") -> Spread | None:
    values = [r.elapsed_s for r in rows if r.kind == kind and r.elapsed_s is not None]
    if not values:
        return None
    return Spread("all", None, len(values), percentile(values, 50), percentile(values, 90))


def top(rows: Iterable[EventRow], field: str, kind: str = "size_requested",
        limit: int = 10) -> list[tuple[str, int]]:
    counts = Counter(getattr(r, field) for r in rows if r.kind == kind and getattr(r, field))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def out_of_stock(rows: Iterable[EventRow], limit: int = 15) -> list[tuple[str, str, int]]:
    """(gtin, size, requests) asked for while not in stock here: the lost sales list."""
    counts = Counter((r.gtin, r.size) for r in rows if r.kind == "out_of_stock_requested")
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(gtin, size, n) for (gtin, size), n in ranked[:limit]]


def request_outcomes(rows: Iterable[EventRow]) -> dict[str, Counter]:
    """Per zone: how many requests were made, claimed, delivered, expired, cancelled."""
    per_zone: dict[str, Counter] = defaultdict(Counter)
    names = {"size_requested": "requested", "size_claimed": "claimed",
             "size_delivered": "delivered", "size_expired": "expired",
             "size_cancelled": "cancelled"}
    for r in rows:
        if r.kind in names:
            per_zone[r.zone][names[r.kind]] += 1
    return dict(sorted(per_zone.items()))
