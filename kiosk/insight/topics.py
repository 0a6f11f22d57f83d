"""The insight topics, from the contract's topic table (kiosk.messaging.topics).

``…/mirror/{mirror}/events``: anonymous events (not retained).
``…/mirror/{mirror}/insight``: live figures, retained; the Home Assistant sensors read it.
"""

from __future__ import annotations

from kiosk.messaging import topics


def events(store: str, mirror: str) -> str:
    return topics.events(store, mirror)


def events_filter(store: str) -> str:
    """Every mirror's events in one store: what the store-wide collector subscribes to."""
    return topics.spec("events").filter(store=store)


def mirror_state(store: str, mirror: str) -> str:
    return topics.mirror_state(store, mirror)


def stats(store: str, mirror: str) -> str:
    return topics.mirror_insight(store, mirror)
