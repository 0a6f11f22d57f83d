"""The chain's own topics, under each store's prefix (so the bridge and the per-store
cluster login carry them with no extra rule), and the filters head office reads with.

``retail/v1/{store}/chain/ack``: head office -> store relay, ``{v, ts, ids}``: event ids now
safely in head office's database; the relay stops resending them.
``retail/v1/{store}/chain/resend``: store relay -> head office, ``{v, ts, events}``: events
not acknowledged in time, sent again (head office dedupes by id).
"""

from __future__ import annotations

from kiosk.messaging import topics

MAX_ACK_IDS = 500        # ids per ack message (32 hex each: ~17 KB, well under 256 KiB)
MAX_RESEND_EVENTS = 200  # events per resend batch (~400 B each)


def ack(store: str) -> str:
    return f"{topics.ROOT}/{topics.check_segment('store', store)}/chain/ack"


def resend(store: str) -> str:
    return f"{topics.ROOT}/{topics.check_segment('store', store)}/chain/resend"


def store_of(topic: str) -> str | None:
    """The store id of any topic under ``retail/v1/{store}/``."""
    parts = topic.split("/")
    if len(parts) < 4 or "/".join(parts[:2]) != topics.ROOT:
        return None
    return parts[2] if topics.SEGMENT.match(parts[2]) else None


RESEND_FILTER = f"{topics.ROOT}/+/chain/resend"
EVENTS_FILTER = topics.spec("events").filter()
STATES_FILTER = topics.spec("mirror_state").filter()
CATALOGUE_FILTER = topics.spec("catalogue").filter()
