"""Head office publishes until the cluster holds the notice (nats-server 2.9 acks a retained
publish whose JetStream store timed out, and then has nothing to give a store that connects)."""

from __future__ import annotations

import pytest

from kiosk.catalogue.loader import load_text
from kiosk.chain import headoffice
from kiosk.chain.headoffice import publish_catalogues, retained_versions
from kiosk.errors import MessagingError
from kiosk.messaging.bus import InMemoryBus
from tests.support.catalogue import native_csv_text


def native_catalogue():
    return load_text(native_csv_text(10), "chain.csv")


class ForgetfulCluster(InMemoryBus):
    """Acks every publish; forgets the first ``forget`` retained stores per topic."""

    def __init__(self, forget: int):
        super().__init__()
        self.forget = forget
        self.forgotten: dict[str, int] = {}

    def _store_retained(self, topic, raw, expiry_s):
        if self.forgotten.get(topic, 0) < self.forget:
            self.forgotten[topic] = self.forgotten.get(topic, 0) + 1
            return
        super()._store_retained(topic, raw, expiry_s)


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(headoffice, "RETRY_PAUSE_S", 0.0)


def test_a_notice_the_cluster_acked_but_did_not_retain_is_published_again():
    cluster = ForgetfulCluster(forget=1)
    catalogue = native_catalogue()
    versions = publish_catalogues(cluster, ["s1", "s2"], lambda store: catalogue,
                                  read_back=lambda stores: retained_versions(cluster, stores, 0.1))
    assert retained_versions(cluster, ["s1", "s2"], 0.1) == versions
    assert cluster.forgotten == {"retail/v1/s1/catalogue": 1, "retail/v1/s2/catalogue": 1}
    assert len(cluster.published) == 4


def test_without_read_back_an_ack_is_taken_at_its_word():
    # the behaviour the read-back exists for: acked, and a new subscriber gets nothing
    cluster = ForgetfulCluster(forget=1)
    publish_catalogues(cluster, ["s1"], lambda store: native_catalogue())
    assert retained_versions(cluster, ["s1"], 0.1) == {"s1": None}


def test_a_cluster_that_never_retains_is_an_error_naming_the_store():
    cluster = ForgetfulCluster(forget=10**6)
    with pytest.raises(MessagingError, match="does not hold the catalogue for s1"):
        publish_catalogues(cluster, ["s1"], lambda store: native_catalogue(), timeout_s=0.2,
                           read_back=lambda stores: retained_versions(cluster, stores, 0.01))
