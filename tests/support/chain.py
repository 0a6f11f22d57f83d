"""A whole chain on one machine: the 3-node cluster, N store brokers bridged to it through
cuttable WAN links, a relay and simulated mirrors per store, head office's collector on
PostgreSQL.  Used by tests/integration/test_chain_*.py and bench/chain.py.

    with chain_rig(tmp_path, stores=2, mirrors=1, database_url=url) as rig:
        rig.stores["s1"].mirrors[0].send_event(); rig.stores["s1"].cut(); rig.wait_all_stored(60)
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.chain.bridge import render_bridge
from kiosk.chain.collector import ChainCollector
from kiosk.chain.database import ChainDatabase
from kiosk.chain.headoffice import retained_versions
from kiosk.chain.nats import bridge_user
from kiosk.chain.relay import Ledger, StoreRelay
from kiosk.chain.simulate import SimMirror
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from tests.support.cluster import NatsCluster, running_cluster
from tests.support.mosquitto import MosquittoBroker, running_mosquitto
from tests.support.wan import WanLink

HEAD_OFFICE_PASSWORD = "hq-pw"
LOCAL_USERS = {"bridge": "bridge-pw", "relay": "relay-pw", "mirror": "mirror-pw"}


def store_acl(store: str) -> str:
    """The store broker's ACL for the logins of this rig (the shipped one has more users)."""
    return (f"user bridge\ntopic readwrite retail/v1/{store}/#\n\n"
            f"user relay\ntopic read retail/v1/{store}/mirror/+/events\n"
            f"topic read retail/v1/{store}/chain/ack\ntopic write retail/v1/{store}/chain/resend\n\n"
            f"user mirror\ntopic readwrite retail/v1/{store}/mirror/#\n"
            f"topic read retail/v1/{store}/catalogue\n")


def store_password(store: str) -> str:
    return f"{store}-bridge-pw"


@dataclass
class Store:
    name: str
    broker: MosquittoBroker | None        # None: simulated as a direct client of the cluster
    links: list[WanLink]
    relay: StoreRelay | None
    relay_bus: MqttBus | None
    mirrors: list[SimMirror] = field(default_factory=list)

    def cut(self) -> None:
        for link in self.links:
            link.cut()

    def restore(self) -> None:
        for link in self.links:
            link.restore()

    def sent(self) -> list[str]:
        return [i for m in self.mirrors for i in m.sent]


@dataclass
class ChainRig:
    cluster: NatsCluster
    database: ChainDatabase
    collector: ChainCollector
    head_office: MqttBus
    stores: dict[str, Store] = field(default_factory=dict)
    stop_event: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def sent(self) -> list[str]:
        return [i for s in self.stores.values() for i in s.sent()]

    def missing(self) -> set[str]:
        return set(self.sent()) - self.database.ids()

    def wait_all_stored(self, timeout_s: float) -> set[str]:
        """Until every sent event is in PostgreSQL or ``timeout_s``; what is still missing."""
        wait_until(lambda: not self.missing(), timeout_s, 0.5)
        return self.missing()

    def locate(self, missing: set[str]) -> dict:
        """Where each missing event id stopped, per store: still in a mirror's outbox (never
        PUBACKed by its broker), in the relay's ledger unacknowledged / acknowledged, or
        never seen by the relay at all."""
        where: dict[str, dict] = {}
        for store in self.stores.values():
            mine = missing & set(store.sent())
            if not mine:
                continue
            pending = {r.msg_id for m in store.mirrors for r in m.outbox.pending()}
            row = where.setdefault(store.name, {"missing": len(mine), "in_mirror_outbox": len(mine & pending)})
            if store.relay is not None:
                acked = store.relay.ledger.acked_state(mine)
                row.update(relay_unacked=sum(1 for i in mine if acked.get(i) is False),
                           relay_acked=sum(1 for i in mine if acked.get(i) is True),
                           relay_never_had=sum(1 for i in mine if i not in acked),
                           relay_stats=dict(store.relay.stats))
        return where

    def restart_frozen_brokers(self, stale_s: float = 10.0) -> list[str]:
        """The store-side watchdog docs/chain.md asks for: a store broker that has logged
        nothing for ``stale_s`` (it autosaves every second) while its process spins on the
        CPU (state R: mosquitto 2.0.11's TLS bridge loop) is restarted; which stores."""
        restarted = []
        for store in self.stores.values():
            broker = store.broker
            if broker is None or not broker.running:
                continue
            quiet = time.time() - broker.log_path.stat().st_mtime
            try:
                state = Path(f"/proc/{broker.process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if quiet > stale_s and state == "R":
                broker.restart()
                restarted.append(store.name)
        return restarted

    def wait_relays_drained(self, timeout_s: float) -> int:
        """Until every relay holds no unacknowledged event or ``timeout_s``; how many remain."""
        wait_until(lambda: self._unacked() == 0, timeout_s, 0.5)
        return self._unacked()

    def _unacked(self) -> int:
        return sum(s.relay.ledger.counts()["unacked"] for s in self.stores.values() if s.relay)

    def read_back(self, stores: list[str]) -> dict[str, str | None]:
        """What the cluster retained per store, through a new head-office connection
        (``publish_catalogues``' read-back, as the ``kiosk chain publish`` command does it)."""
        check = MqttBus(hq_settings(self.cluster), f"head-office-check-{uuid.uuid4().hex[:8]}").start()
        try:
            check.wait_connected(15)
            return retained_versions(check, stores)
        finally:
            check.stop()

    def background(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=(self.stop_event, *args), daemon=True)
        thread.start()
        self.threads.append(thread)


def hq_settings(cluster: NatsCluster, node: int = 0) -> MqttSettings:
    host, port = cluster.mqtt_addresses[node]
    return MqttSettings(host=host, port=port, username="head-office", password=HEAD_OFFICE_PASSWORD,
                        protocol="3.1.1", ca_file=cluster.ca_file)


def start_store(stack: contextlib.ExitStack, folder: Path, cluster: NatsCluster, name: str,
                mirrors: int, resend_after_s: float) -> Store:
    links = [WanLink(address).start() for address in cluster.mqtt_addresses]
    for link in links:
        stack.callback(link.stop)
    bridge = render_bridge(name, [("127.0.0.1", link.port) for link in links],
                           remote_password=store_password(name), local_password=LOCAL_USERS["bridge"],
                           ca_file=cluster.ca_file)
    broker = stack.enter_context(running_mosquitto(folder / name / "broker", users=dict(LOCAL_USERS),
                                                   acl=store_acl(name), extra_config=bridge))
    local = MqttSettings(port=broker.port, username="relay", password=LOCAL_USERS["relay"])
    relay_bus = MqttBus(local, f"relay-{name}")
    # The relay's own session on the cluster goes through the store's WAN link too (a cut
    # cuts it), as the store's login, like the bridge.
    direct = MqttSettings(host="127.0.0.1", port=links[0].port, username=bridge_user(name),
                          password=store_password(name), protocol="3.1.1", ca_file=cluster.ca_file)
    cluster_bus = MqttBus(direct, f"relay-{name}")
    relay = StoreRelay(relay_bus, name, Ledger(folder / name / "relay.sqlite3"),
                       resend_after_s=resend_after_s, cluster_bus=cluster_bus).start()
    relay_bus.start()
    cluster_bus.start()
    stack.callback(relay_bus.stop)
    stack.callback(cluster_bus.stop)
    store = Store(name, broker, links, relay, relay_bus)
    mirror_settings = MqttSettings(port=broker.port, username="mirror", password=LOCAL_USERS["mirror"])
    for index in range(mirrors):
        mirror = SimMirror(name, f"mirror-{index + 1}", mirror_settings, folder / name).start()
        stack.callback(mirror.stop)
        store.mirrors.append(mirror)
    return store


def start_direct_store(stack: contextlib.ExitStack, folder: Path, cluster: NatsCluster, name: str,
                       index: int) -> Store:
    """A store simulated without a broker: one mirror straight on the cluster (bench scale)."""
    host, port = cluster.mqtt_addresses[index % len(cluster.mqtt_addresses)]
    settings = MqttSettings(host=host, port=port, username=bridge_user(name),
                            password=store_password(name), protocol="3.1.1", ca_file=cluster.ca_file)
    mirror = SimMirror(name, "mirror-1", settings, folder / "direct").start()
    stack.callback(mirror.stop)
    return Store(name, None, [], None, None, [mirror])


@contextlib.contextmanager
def chain_rig(folder: Path, *, stores: int, mirrors: int, database_url: str,
              resend_after_s: float = 5.0, direct: int = 0) -> Iterator[ChainRig]:
    names = [f"s{i + 1}" for i in range(stores)]
    direct_names = [f"d{i + 1}" for i in range(direct)]
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(running_cluster(
            folder / "cluster", stores={n: store_password(n) for n in names + direct_names},
            head_office=HEAD_OFFICE_PASSWORD))
        database = ChainDatabase(database_url)
        stack.callback(database.close)
        head_office = MqttBus(hq_settings(cluster), "head-office-collector")
        collector = ChainCollector(head_office, database).start()
        head_office.start()
        stack.callback(head_office.stop)
        rig = ChainRig(cluster, database, collector, head_office)
        stack.callback(_join, rig)
        rig.background(collector.run, 0.5)
        for name in names:
            rig.stores[name] = start_store(stack, folder, cluster, name, mirrors, resend_after_s)
            rig.background(rig.stores[name].relay.run, 1.0)
        for index, name in enumerate(direct_names):
            rig.stores[name] = start_direct_store(stack, folder, cluster, name, index)
        stack.callback(_join, rig)  # again, so the loops stop before the stores go (idempotent)
        yield rig


def _join(rig: ChainRig) -> None:
    rig.stop_event.set()
    for thread in rig.threads:
        thread.join(10)


def wait_until(predicate, timeout_s: float, step_s: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step_s)
    return predicate()


__all__ = ["ChainRig", "Store", "bridge_user", "chain_rig", "hq_settings", "wait_until"]
