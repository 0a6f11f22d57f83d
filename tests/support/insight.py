"""Helpers for insight tests: a tiny event-log builder and a simulated store week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.insight.events import Event, make_event
from kiosk.insight.simulate import Truth, simulate_week
from kiosk.insight.simulate_catalogue import product_names
from kiosk.insight.store import EventStore

PARIS = ZoneInfo("Europe/Paris")
WEEK_START = date(2026, 11, 16)  # a Monday, no DST change in the week
WEEK_SINCE = datetime(2026, 11, 16, tzinfo=PARIS)
WEEK_UNTIL = datetime(2026, 11, 23, tzinfo=PARIS)


class Log:
    """Write events at local Paris times: ``log.at(10, 5, "session_engaged", visit=…)``."""

    def __init__(self, day: date = WEEK_START, store: str = "s1"):
        self.day, self.store, self.events = day, store, []

    def at(self, hour: int, minute: int, kind: str, *, mirror: str = "m1",
           zone: str = "womenswear", day_offset: int = 0, second: float = 0, **fields) -> Event:
        local = datetime(self.day.year, self.day.month, self.day.day, hour, minute, tzinfo=PARIS)
        ts = local + timedelta(days=day_offset, seconds=second)
        event = make_event(kind, store=self.store, mirror=mirror, zone=zone,
                           ts=ts.astimezone(UTC), **fields)
        self.events.append(event)
        return event

    def into(self, store: EventStore) -> EventStore:
        store.add_many(self.events)
        return store


def visit(n: int) -> str:
    return f"{n:016x}"


def simulated_store(path=":memory:", seed: int = 7) -> tuple[EventStore, Truth]:
    events, truth = simulate_week(WEEK_START, seed=seed)
    store = EventStore(path)
    store.add_many(events)
    store.set_product_names(product_names())
    return store, truth
