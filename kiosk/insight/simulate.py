"""A week of store traffic with known answers, for tests, demos and the bench.

The simulator draws visits per mirror and hour (lunch and after-work peaks, a
busy Saturday), walks each visit down the funnel, and writes the events the
mirrors would record.  While it draws, it tallies the answers the report must
give (``Truth``) from its own decisions, not from the events, so a test that
compares the two checks the report rather than itself.  Built-in stories a
manager should find: menswear is short-staffed 17:00-19:00 (slow claims,
expired requests) and two sizes sell out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from kiosk.insight.events import Event, make_event
from kiosk.insight.simulate_catalogue import MIRRORS, PRODUCTS, MirrorSpec, Product

OPEN_HOURS = range(10, 20)
HOUR_WEIGHT = {10: .5, 11: .8, 12: 1.4, 13: 1.2, 14: .8, 15: .8, 16: 1.0, 17: 1.5, 18: 1.7, 19: .9}
DAY_WEIGHT = (.7, .7, .8, .9, 1.2, 1.9, 1.1)  # Monday .. Sunday
VISITS_PER_MIRROR_HOUR = 3.0
EXPIRY_S = 300.0


@dataclass
class Truth:
    sessions_by_hour: Counter = field(default_factory=Counter)
    sessions_by_day: Counter = field(default_factory=Counter)
    sessions_by_day_hour: Counter = field(default_factory=Counter)
    funnel: Counter = field(default_factory=Counter)  # event kind -> visits reaching it
    claim_s: dict = field(default_factory=lambda: defaultdict(list))  # (zone, hour) -> [s]
    delivery_s: dict = field(default_factory=lambda: defaultdict(list))
    outcomes: dict = field(default_factory=lambda: defaultdict(Counter))  # zone -> Counter
    sizes: Counter = field(default_factory=Counter)
    colourways: Counter = field(default_factory=Counter)
    out_of_stock: Counter = field(default_factory=Counter)  # (gtin, size) -> requests


@dataclass
class Simulator:
    store: str = "demo-store"
    tz: ZoneInfo = ZoneInfo("Europe/Paris")
    seed: int = 7
    mirrors: tuple[MirrorSpec, ...] = MIRRORS
    products: tuple[Product, ...] = PRODUCTS
    events: list[Event] = field(default_factory=list)
    truth: Truth = field(default_factory=Truth)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)

    def run(self, first_day: date, days: int = 7) -> tuple[list[Event], Truth]:
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            for hour in OPEN_HOURS:
                for mirror in self.mirrors:
                    self._hour(mirror, day, hour)
        self.events.sort(key=lambda e: e.ts)
        return self.events, self.truth

    def _hour(self, mirror: MirrorSpec, day: date, hour: int) -> None:
        mean = VISITS_PER_MIRROR_HOUR * HOUR_WEIGHT[hour] * DAY_WEIGHT[day.weekday()]
        for _ in range(self.rng.poisson(mean)):
            start = datetime.combine(day, time(hour), self.tz) + timedelta(
                seconds=float(self.rng.uniform(0, 3600)))
            self._visit(mirror, start)

    def _emit(self, mirror: MirrorSpec, kind: str, at: datetime, **fields) -> None:
        self.events.append(make_event(kind, store=self.store, mirror=mirror.id, zone=mirror.zone,
                                      ts=at.astimezone(UTC), **fields))

    def _visit(self, mirror: MirrorSpec, start: datetime) -> None:
        visit = self.rng.bytes(8).hex()
        self._emit(mirror, "session_engaged", start, visit=visit)
        self._reach("session_engaged")
        self.truth.sessions_by_hour[start.hour] += 1
        self.truth.sessions_by_day[start.date()] += 1
        self.truth.sessions_by_day_hour[(start.date(), start.hour)] += 1
        if self.rng.random() > 0.72:
            return
        product = self._scan(mirror, start, visit)
        delivered = False
        if self.rng.random() < 0.42:
            delivered = self._request(mirror, start + self._secs(60, 200), visit, product)
        if self.rng.random() < (0.5 if delivered else 0.22):
            self._hand_off(mirror, start + self._secs(300, 900), visit)

    def _scan(self, mirror: MirrorSpec, start: datetime, visit: str) -> Product:
        zone_products = [p for p in self.products if p.zone == mirror.zone]
        for i in range(int(self.rng.integers(1, 4))):
            product = zone_products[int(self.rng.integers(len(zone_products)))]
            colourway = product.colourways[int(self.rng.integers(len(product.colourways)))]
            at = start + self._secs(20 + 40 * i, 60 + 40 * i)
            self._emit(mirror, "item_scanned", at, visit=visit, gtin=product.gtin,
                       colourway=colourway)
            self._maybe_out_of_stock(mirror, at, visit, product, colourway)
        self._reach("item_scanned")
        return product

    def _maybe_out_of_stock(self, mirror, at, visit, product: Product, colourway: str) -> None:
        if product.sold_out and self.rng.random() < 0.35:
            size = product.sold_out[int(self.rng.integers(len(product.sold_out)))]
            self._emit(mirror, "out_of_stock_requested", at + self._secs(5, 15), visit=visit,
                       gtin=product.gtin, size=size, colourway=colourway)
            self.truth.out_of_stock[(product.gtin, size)] += 1

    def _request(self, mirror: MirrorSpec, at: datetime, visit: str, product: Product) -> bool:
        size = product.sizes[int(self.rng.choice(len(product.sizes), p=product.size_weights))]
        colourway = product.colourways[0]
        request = "r" + self.rng.bytes(8).hex()
        self._emit(mirror, "size_requested", at, visit=visit, request=request, gtin=product.gtin,
                   size=size, colourway=colourway)
        self._reach("size_requested")
        self.truth.sizes[size] += 1
        self.truth.colourways[colourway] += 1
        outcome = self.truth.outcomes[mirror.zone]
        outcome["requested"] += 1
        claim_s = self._claim_seconds(mirror.zone, at.hour)
        if claim_s >= EXPIRY_S:
            self._emit(mirror, "size_expired", at + timedelta(seconds=EXPIRY_S), request=request,
                       elapsed_s=EXPIRY_S)
            outcome["expired"] += 1
            return False
        return self._claimed(mirror, at, request, claim_s)

    def _claimed(self, mirror: MirrorSpec, at: datetime, request: str, claim_s: float) -> bool:
        self._emit(mirror, "size_claimed", at + timedelta(seconds=claim_s), request=request,
                   elapsed_s=claim_s)
        self.truth.claim_s[(mirror.zone, at.hour)].append(claim_s)
        self.truth.outcomes[mirror.zone]["claimed"] += 1
        if self.rng.random() < 0.06:
            self._emit(mirror, "size_cancelled", at + timedelta(seconds=claim_s + 30),
                       request=request)
            self.truth.outcomes[mirror.zone]["cancelled"] += 1
            return False
        done_s = round(claim_s + float(self.rng.uniform(30, 150)), 1)
        self._emit(mirror, "size_delivered", at + timedelta(seconds=done_s), request=request,
                   elapsed_s=done_s)
        self.truth.delivery_s[(mirror.zone, at.hour)].append(done_s)
        self.truth.outcomes[mirror.zone]["delivered"] += 1
        self._reach("size_delivered")
        return True

    def _claim_seconds(self, zone: str, hour: int) -> float:
        median = 40.0
        if zone == "menswear" and 17 <= hour < 19:
            median = 190.0  # one person on the floor at the after-work peak
        elif hour in (12, 13):
            median = 75.0  # lunch breaks
        return round(float(median * self.rng.lognormal(0.0, 0.45)), 1)

    def _hand_off(self, mirror: MirrorSpec, at: datetime, visit: str) -> None:
        self._emit(mirror, "basket_handed_off", at, visit=visit,
                   items=int(self.rng.integers(1, 5)))
        self._reach("basket_handed_off")
        if self.rng.random() < 0.63:
            after = float(self.rng.uniform(4, 240))
            self._emit(mirror, "basket_opened", at + timedelta(seconds=after), visit=visit,
                       elapsed_s=round(after, 1))
            self._reach("basket_opened")

    def _reach(self, kind: str) -> None:
        self.truth.funnel[kind] += 1

    def _secs(self, low: float, high: float) -> timedelta:
        return timedelta(seconds=float(self.rng.uniform(low, high)))


def simulate_week(first_day: date, *, days: int = 7, seed: int = 7, store: str = "demo-store",
                  tz: str = "Europe/Paris") -> tuple[list[Event], Truth]:
    return Simulator(store=store, tz=ZoneInfo(tz), seed=seed).run(first_day, days)


def last_full_week(today: date) -> date:
    """The first day of the 7 days before ``today``, so `--since 7d` covers them."""
    return today - timedelta(days=7)
