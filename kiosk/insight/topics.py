"""Insight topics, built with the contract's segment rules (kiosk.messaging.topics).

``retail/v1/{store}/mirror/{mirror}/events`` is in the messaging topic table.
``…/mirror/{mirror}/insight`` (retained: open requests, median answer time)
is the state topic of the Home Assistant sensors; it is built here until the
topic table lists it.
"""

from __future__ import annotations

from kiosk.messaging import topics

STATS_SUFFIX = "insight"


def events(store: str, mirror: str) -> str:
    return topics.events(store, mirror)


def events_filter(store: str) -> str:
    """Every mirror's events in one store: what the store-wide collector subscribes to."""
    return topics.spec("events").filter(store=store)


def mirror_state(store: str, mirror: str) -> str:
    return topics.mirror_state(store, mirror)


def stats(store: str, mirror: str) -> str:
    topics.check_segment("store", store)
    topics.check_segment("mirror", mirror)
    return f"{topics.ROOT}/{store}/mirror/{mirror}/{STATS_SUFFIX}"
