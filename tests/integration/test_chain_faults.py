"""A chain under faults (issue 18): 2 stores bridged through cuttable WAN links to a 3-node
NATS JetStream cluster, head office collecting into PostgreSQL.

One run, four faults in a row while mirrors keep sending: a cluster node killed (SIGKILL),
one store's WAN cut and restored, a store broker restarted, the node back.  Every event
sent must be in head office's database exactly once, every relay must end with nothing
unacknowledged, and the catalogue head office published during the cut must reach and be
acknowledged by every mirror.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from kiosk.catalogue.loader import load_text
from kiosk.chain.headoffice import publish_catalogues, watch_status
from tests.support.catalogue import native_csv_text
from tests.support.chain import chain_rig, wait_until
from tests.support.postgres import running_postgres

pytestmark = pytest.mark.timeout(240)
PER_PHASE = 5


def send(rig, stores=None) -> None:
    for name, store in rig.stores.items():
        if stores is None or name in stores:
            for mirror in store.mirrors:
                for _ in range(PER_PHASE):
                    mirror.send_event()


def test_faults_lose_nothing_and_duplicate_nothing(tmp_path):
    catalogue = load_text(native_csv_text(40), "chain.csv")
    with running_postgres() as url, chain_rig(tmp_path, stores=2, mirrors=2, database_url=url) as rig:
        s1, s2 = rig.stores["s1"], rig.stores["s2"]
        assert wait_until(lambda: all(m.raw.connected for s in rig.stores.values() for m in s.mirrors), 20)
        send(rig)
        assert rig.wait_all_stored(60) == set(), "events lost before any fault"

        rig.cluster.kill(1)                       # a node dies without a word
        send(rig)

        s1.cut()                                  # the WAN of store s1 goes down
        send(rig)
        versions = publish_catalogues(rig.head_office, ["s1", "s2"], lambda store: catalogue,
                                      read_back=rig.read_back)
        s1.restore()

        s2.broker.restart()                       # the store broker of s2 restarts
        send(rig)
        rig.cluster.start_node(1)                 # the node comes back and catches up

        missing = rig.wait_all_stored(90)
        assert missing == set(), f"{len(missing)} event(s) never reached head office"
        assert rig.wait_relays_drained(60) == 0, "a relay still waits for acknowledgements"
        sent = rig.sent()
        assert len(sent) == len(set(sent)) == 4 * PER_PHASE * 4
        stored = rig.database.query("SELECT id, COUNT(*) FROM chain_events GROUP BY id")
        assert len(stored) == len(sent) and Counter(n for _, n in stored) == {1: len(sent)}

        view = watch_status(rig.head_office, ["s1", "s2"])

        def all_on_version() -> bool:
            status = {row["store"]: row for row in view.snapshot()}
            return all(set(status[s]["running"].values()) == {versions[s]} for s in ("s1", "s2"))
        assert wait_until(all_on_version, 60, 1.0), f"not every mirror runs it: {view.snapshot()}"
        assert rig.collector.stats["refused"] == 0


def test_a_cut_longer_than_the_resend_interval_loses_nothing(tmp_path):
    """bench.chain's 60 s cut, scaled down: the WAN stays cut for many resend intervals
    (resends pile up behind the dead bridge), a node dies meanwhile, then everything arrives."""
    with running_postgres() as url, chain_rig(tmp_path, stores=2, mirrors=1, database_url=url,
                                              resend_after_s=1.0) as rig:
        s1 = rig.stores["s1"]
        assert wait_until(lambda: all(m.raw.connected for s in rig.stores.values() for m in s.mirrors), 20)
        rig.cluster.kill(1)
        send(rig)
        s1.cut()
        for _ in range(8):                        # 8 s cut = 8 resend intervals, events throughout
            send(rig)
            time.sleep(1.0)
        s1.restore()
        send(rig)
        missing = rig.wait_all_stored(40)
        assert missing == set(), f"{len(missing)} event(s) never reached head office: {rig.locate(missing)}"
        left = rig.wait_relays_drained(30)
        assert left == 0, (f"{left} event(s) stored but never acknowledged to their relay: "
                           f"{ {n: (s.relay.stats, s.relay.ledger.counts()) for n, s in rig.stores.items()} }")
        assert rig.database.query("SELECT COUNT(*) - COUNT(DISTINCT id) FROM chain_events")[0][0] == 0
