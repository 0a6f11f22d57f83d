"""Head office: publish a catalogue (with each store's stock) to stores, see who runs what.

A catalogue notice is retained per store on the cluster, where JetStream replicates it:
a store whose WAN is down gets it when its bridge reconnects (to any node), and a mirror
that starts later gets it from its own store broker. Mirrors acknowledge by running it:
their retained state carries ``health.catalogue_version``, which the bridge sends up, so
``chain_status`` compares what each store was sent with what its mirrors run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.publish import MAX_NOTICE_BYTES, make_notice
from kiosk.chain import topics as chain_topics
from kiosk.errors import MessagingError
from kiosk.messaging import topics

log = logging.getLogger(__name__)

RETRY_PAUSE_S = 1.0   # between a publish the cluster did not retain and the next

ReadBack = Callable[[list[str]], dict[str, str | None]]


def publish_catalogues(bus, stores: Iterable[str], catalogue_for: Callable[[str], Catalogue],
                       timeout_s: float = 30.0, read_back: ReadBack | None = None) -> dict[str, str]:
    """Retained notice to each store; returns store -> version once the cluster holds them all.

    An acknowledgement alone does not prove the notice is retained: nats-server 2.9 acks a
    retained publish even when storing it in JetStream timed out (it logs "unable to store
    retained message", seen on a loaded 2-core PC right after the cluster starts), and a
    store that connects later would never get it.  With ``read_back`` (store ids -> the
    version the cluster hands a new subscriber), publishing repeats for the stores whose
    notice is not held, until ``timeout_s``.  Publishing the same notice again is harmless:
    a mirror already on that version leaves it be.
    """
    notices = {store: make_notice(catalogue_for(store), store) for store in stores}
    deadline = time.monotonic() + timeout_s
    pending = sorted(notices)
    while pending:
        _publish_acknowledged(bus, {s: notices[s] for s in pending}, deadline)
        if read_back is None:
            break
        held = read_back(pending)
        pending = [s for s in pending if held.get(s) != notices[s]["version"]]
        if pending and time.monotonic() >= deadline:
            raise MessagingError(
                f"the cluster acknowledged but does not hold the catalogue for {', '.join(pending)}",
                fix="check the cluster's JetStream health (nats-server logs 'unable to store "
                    "retained message'), then publish again (it is idempotent)")
        if pending:
            log.warning("catalogue not retained yet for %s: publishing again", ", ".join(pending))
            time.sleep(RETRY_PAUSE_S)
    return {store: notice["version"] for store, notice in notices.items()}



def _publish_acknowledged(bus, notices: dict[str, dict], deadline: float) -> None:
    acked: set[str] = set()
    done = threading.Condition()

    def on_ack(store: str) -> Callable[[bool], None]:
        def acknowledged(accepted: bool) -> None:
            with done:
                if accepted:
                    acked.add(store)
                done.notify_all()
        return acknowledged

    for store, notice in notices.items():
        bus.publish(topics.catalogue(store), notice, qos=1, retain=True, on_ack=on_ack(store))
    with done:
        done.wait_for(lambda: acked >= set(notices), max(0.0, deadline - time.monotonic()))
        missing = sorted(set(notices) - acked)
    if missing:
        raise MessagingError(f"the cluster did not acknowledge the catalogue for {', '.join(missing)}",
                             fix="check the head-office login's permissions and the cluster's health, "
                                 "then publish again (it is idempotent)")


def retained_versions(bus, stores: Iterable[str], wait_s: float = 3.0) -> dict[str, str | None]:
    """What a new subscriber gets: the retained notice's version per store (a fresh
    connection's subscription, so the cluster's retained map answers, not a live copy)."""
    wanted = set(stores)
    view = StatusView(wanted)
    everything = threading.Event()

    def on_catalogue(topic: str, payload: dict | None) -> None:
        view.on_catalogue(topic, payload)
        if all(view.stores[s].published for s in wanted):
            everything.set()

    bus.subscribe(chain_topics.CATALOGUE_FILTER, on_catalogue, max_bytes=MAX_NOTICE_BYTES)
    everything.wait(wait_s)
    return {row["store"]: row["published"] for row in view.snapshot()}


@dataclass
class StoreStatus:
    store: str
    published: str | None = None
    mirrors: dict[str, str | None] = field(default_factory=dict)   # mirror -> version it runs
    offline: set[str] = field(default_factory=set)

    @property
    def current(self) -> int:
        return sum(1 for v in self.mirrors.values() if v and v == self.published)

    def as_dict(self) -> dict:
        return {"store": self.store, "published": self.published, "mirrors": len(self.mirrors),
                "on_published": self.current, "offline": sorted(self.offline),
                "running": dict(sorted(self.mirrors.items()))}


class StatusView:
    """Retained catalogue notices and mirror states, as they arrive (bus handlers)."""

    def __init__(self, stores: Iterable[str]):
        self.stores = {s: StoreStatus(s) for s in stores}
        self._lock = threading.Lock()

    def on_catalogue(self, topic: str, payload: dict | None) -> None:
        status = self.stores.get(chain_topics.store_of(topic) or "")
        version = (payload or {}).get("version")
        if status and isinstance(version, str):
            with self._lock:
                status.published = version

    def on_state(self, topic: str, payload: dict | None) -> None:
        ids = topics.spec("mirror_state").match(topic)
        status = self.stores.get(ids["store"]) if ids else None
        if status is None or not isinstance(payload, dict):
            return
        health = payload.get("health") if isinstance(payload.get("health"), dict) else {}
        version = health.get("catalogue_version")
        with self._lock:
            status.mirrors[ids["mirror"]] = version if isinstance(version, str) else None
            (status.offline.add if payload.get("status") == "offline" else status.offline.discard)(ids["mirror"])

    def snapshot(self) -> list[dict]:
        with self._lock:
            return [self.stores[s].as_dict() for s in sorted(self.stores)]


def watch_status(bus, stores: Iterable[str]) -> StatusView:
    view = StatusView(stores)
    bus.subscribe(chain_topics.CATALOGUE_FILTER, view.on_catalogue, max_bytes=MAX_NOTICE_BYTES)
    bus.subscribe(chain_topics.STATES_FILTER, view.on_state)
    return view


def chain_status(bus, stores: Iterable[str], wait_s: float = 3.0) -> list[dict]:
    """One look: retained messages arrive right after subscribing, then ``wait_s`` passes."""
    view = watch_status(bus, stores)
    time.sleep(wait_s)
    return view.snapshot()
