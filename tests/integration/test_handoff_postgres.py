"""The same service on PostgreSQL (a chain's `database_url: postgresql://…`), real server."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from kiosk.errors import HandoffError
from kiosk.handoff.service import OrderPlaced
from kiosk.handoff.snapshot import Snapshot, SnapshotLine
from kiosk.handoff.storage import open_store
from kiosk.handoff.targets import Address, Choice
from kiosk.handoff.tokens import TokenRejected
from kiosk.messaging.bus import InMemoryBus
from tests.support.handoff import MIRROR, SHIRT, STORE, FakeClock, make_service
from tests.support.postgres import running_postgres

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def postgres_url():
    with running_postgres() as url:
        yield url


def test_single_use_expiry_and_orders_on_postgresql(tmp_path, postgres_url):
    clock, bus = FakeClock(1_800_000_000.25), InMemoryBus()
    store = open_store(postgres_url, tmp_path)
    service = make_service(tmp_path, bus=bus, clock=clock, db=store)
    try:
        snapshot = Snapshot(snapshot_id=uuid.uuid4().hex, store=STORE, mirror=MIRROR,
                            lines=(SnapshotLine(gtin=SHIRT, quantity=2),))
        created = service.create(snapshot)
        with pytest.raises(HandoffError, match="already"):
            service.create(snapshot)  # UNIQUE snapshot id, PostgreSQL's IntegrityError
        token = created.url.rsplit("/", 1)[1]
        session = service.redeem(token, None)
        with pytest.raises(TokenRejected):
            service.redeem(token, None)
        opened, priced = service.basket(session)
        assert replace(service, store_id="other-store").basket(session) is None  # a chain: scoped
        assert opened.redeemed_at == clock.now  # DOUBLE PRECISION keeps sub-second time
        home = Address("Léa", "Martin", "12 rue de Rivoli", "Paris", "75004", "FR")
        outcome = service.checkout(opened, priced, Choice("delivery", home))
        assert isinstance(outcome, OrderPlaced)
        assert service.order(outcome.order_id, session).address["city"] == "Paris"
        stale = service.create(Snapshot(snapshot_id=uuid.uuid4().hex, store=STORE, mirror=MIRROR,
                                        lines=(SnapshotLine(gtin=SHIRT, quantity=1),)))
        clock.now += service.ttl_s
        assert service.purge() == 1
        with pytest.raises(TokenRejected):
            service.redeem(stale.url.rsplit("/", 1)[1], None)
        assert bus.published[0].payload["token"] == created.token_hash
    finally:
        store.close()


def test_the_next_redeem_works_after_a_database_restart(tmp_path):
    """Issue 18: a chain's hand-off service on PostgreSQL survives the database restarting
    (the connection it held is dead afterwards; the store opens a new one on the next call)."""
    with running_postgres() as url:
        clock = FakeClock(1_800_000_000.0)
        store = open_store(url, tmp_path)
        service = make_service(tmp_path, bus=InMemoryBus(), clock=clock, db=store)
        try:
            def new_token() -> str:
                created = service.create(Snapshot(snapshot_id=uuid.uuid4().hex, store=STORE, mirror=MIRROR,
                                                  lines=(SnapshotLine(gtin=SHIRT, quantity=1),)))
                return created.url.rsplit("/", 1)[1]
            before = new_token()
            url.restart()
            assert service.redeem(before, None)          # the first call after the restart works
            with pytest.raises(TokenRejected):
                service.redeem(before, None)             # and single use still holds
            assert service.redeem(new_token(), None)
        finally:
            store.close()


def test_two_services_starting_together_both_open_the_database(tmp_path):
    """CREATE TABLE IF NOT EXISTS is not serialised by PostgreSQL: two services creating the
    schema at the same moment failed on pg_type's unique index (14 starts in 15)."""
    import threading

    import psycopg

    failures: list[str] = []
    with running_postgres() as url:
        for _ in range(8):
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute("DROP TABLE IF EXISTS handoffs, orders")
            together = threading.Barrier(2)

            def start(together: threading.Barrier) -> None:
                together.wait()
                try:
                    open_store(url, tmp_path).close()
                except Exception as exc:   # what a service start would die of
                    failures.append(repr(exc))
            threads = [threading.Thread(target=start, args=(together,)) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
    assert failures == []
