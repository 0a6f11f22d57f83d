"""CatalogueStore: validated whole-catalogue swaps over the bus and from a watched file."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json

import pytest

from kiosk.catalogue import load_catalogue, load_text
from kiosk.catalogue.document import canonical_json
from kiosk.catalogue.gtin import with_check_digit
from kiosk.catalogue.native_csv import write_native_csv
from kiosk.catalogue.publish import make_notice, publish_catalogue
from kiosk.catalogue.store import CatalogueStore, follow_published
from kiosk.catalogue.watcher import CatalogueFileWatcher
from kiosk.messaging import topics
from kiosk.messaging.bus import InMemoryBus
from tests.support.catalogue import DEMO, MERCHANT_TSV

TOPIC = topics.catalogue("s1")


@pytest.fixture(scope="module")
def demo():
    return load_catalogue(DEMO)


@pytest.fixture
def mirror():
    events = []
    store = CatalogueStore(store_id="s1",
                           on_change=lambda c, origin: events.append(("change", c.version)),
                           on_reject=lambda e, origin: events.append(("reject", e.message)))
    bus = InMemoryBus()
    follow_published(bus, store)
    return bus, store, events


def _repack(notice: dict, document: dict) -> dict:
    raw = canonical_json(document)
    return {**notice, "sha256": hashlib.sha256(raw).hexdigest(),
            "content": {"encoding": "gzip+base64",
                        "data": base64.b64encode(gzip.compress(raw)).decode()}}


def test_published_catalogue_is_received_whole(mirror, demo):
    bus, store, events = mirror
    publish_catalogue(bus, "s1", demo)
    assert events == [("change", demo.version)]
    received = store.current
    assert received.variant_count == demo.variant_count
    assert received.find_gtin("2000010101009").colour.lab == demo.find_gtin(
        "2000010101009").colour.lab
    publish_catalogue(bus, "s1", demo)          # same version again (e.g. a reconnect)
    assert len(events) == 1 and store.stats["unchanged"] == 1


def _bad_notices(demo):
    notice = make_notice(demo, "s1")
    raw = gzip.decompress(base64.b64decode(notice["content"]["data"]))
    document = json.loads(raw)
    bad_gtin = json.loads(raw)
    bad_gtin["styles"][0]["colourways"][0]["variants"][0]["gtin"] = "2000010000006"
    other_store = json.loads(raw)
    other_store["catalogue"]["store"] = "s2"
    yield "sha256", {**notice, "sha256": "0" * 64}
    yield "check digit", _repack(notice, bad_gtin)
    yield "not 's1'", _repack(notice, other_store)
    yield "version does not match", _repack({**notice, "version": "f" * 16}, document)
    yield "unpacked", {**notice, "content": {"encoding": "gzip+base64", "data": "!!"}}
    yield "contract version", {**notice, "v": 2}


def test_any_broken_publish_keeps_the_last_good_catalogue(mirror, demo):
    bus, store, events = mirror
    publish_catalogue(bus, "s1", demo)
    for words, notice in _bad_notices(demo):
        bus.publish(TOPIC, notice, retain=True)
        assert store.current.version == demo.version
        assert events[-1][0] == "reject" and words in events[-1][1], (words, events[-1])
    assert store.stats == {"accepted": 1, "rejected": 6, "unchanged": 0}
    status = store.status()
    assert status["version"] == demo.version[:16] and status["variants"] == demo.variant_count
    assert "contract version" in status["last_error"] and status["rejected"] == 6


def test_a_late_mirror_gets_the_retained_catalogue_and_a_failing_listener_is_contained(demo):
    bus = InMemoryBus()
    publish_catalogue(bus, "s1", demo)
    seen = []
    store = CatalogueStore(store_id="s1", on_change=lambda c, o: 1 / 0)
    store.add_listener(on_change=lambda c, o: seen.append(c.version))
    follow_published(bus, store)
    assert store.version == demo.version and seen == [demo.version]


def test_file_changes_reload_and_a_broken_edit_keeps_the_last_good(tmp_path, demo):
    path = tmp_path / "catalogue.csv"
    write_native_csv(demo, path)
    store = CatalogueStore(store_id="s1")
    watcher = CatalogueFileWatcher(path, store, interval_s=0.01)
    assert watcher.load() and not watcher.poll()
    text = path.read_text()
    path.write_text(text.replace(",2000010101009,,4,", ",2000010101009,,9,"))
    assert watcher.poll() and store.current.find_gtin("2000010101009").stock == 9
    good = store.version
    path.write_text(text.replace(",2000010101009,", ",2000010101008,") + "\n")
    assert watcher.poll() and store.version == good
    assert "check digit" in store.last_error.message and store.last_error.location.line
    assert not watcher.poll()                      # unchanged file: nothing to do


def test_watcher_thread_starts_and_stops(tmp_path):
    path = tmp_path / "feed.tsv"
    path.write_text(MERCHANT_TSV.read_text())
    store = CatalogueStore(store_id="s1")
    watcher = CatalogueFileWatcher(path, store, interval_s=0.01).start()
    watcher.stop()
    assert store.current is None   # nothing changed while it ran: no reload


def test_catalogue_store_accepts_any_source_format(demo):
    store = CatalogueStore(store_id="s1")
    assert store.offer(load_text(write_native_csv(demo), "c.csv"), "test")
    assert not store.offer(demo, "again")          # same content, same version


def test_a_catalogue_larger_than_the_default_payload_cap_still_arrives(mirror):
    import random

    from kiosk.catalogue.native_csv import write_native_csv
    from kiosk.messaging.bus import MAX_PAYLOAD_BYTES
    rng = random.Random(5)
    rows = ["style_id,title,description,colour,size,gtin,stock,price"]
    for n in range(500):   # random descriptions: gzip cannot shrink them much
        words = " ".join("".join(rng.choices("abcdefghij", k=9)) for _ in range(120))
        rows.append(f"S{n},Style {n},{words},navy,M,{with_check_digit(f'40{n:010d}')},1,10")
    big = load_text("\n".join(rows) + "\n", "big.csv")
    bus, store, events = mirror
    notice = publish_catalogue(bus, "s1", big)
    assert len(json.dumps(notice)) > MAX_PAYLOAD_BYTES
    assert store.version == big.version and load_text(write_native_csv(big), "x.csv")


def test_the_broker_tells_which_version_is_already_published(demo):
    """Issue #14, 9: republishing the same content must be able to say nothing changed."""
    from kiosk.catalogue.publish import published_version
    bus = InMemoryBus()
    assert published_version(bus, "s1", wait_s=0.05) is None
    publish_catalogue(bus, "s1", demo)
    assert published_version(bus, "s1", wait_s=0.05) == demo.version[:16]
    bus.publish(TOPIC, {**make_notice(demo, "s1"), "sha256": "0" * 64}, retain=True)
    assert published_version(bus, "s1", wait_s=0.05) is None   # broken: publishing repairs it


def test_the_manager_sees_when_and_what_was_published_not_a_hash(mirror, demo):
    from zoneinfo import ZoneInfo
    bus, store, _ = mirror
    assert store.summary() is None
    bus.publish(TOPIC, {**make_notice(demo, "s1"), "ts": 1763900000.0}, retain=True)
    text = store.summary().text(ZoneInfo("Europe/Paris"))
    assert text == (f"published 2025-11-23 13:13 · 67 styles, {demo.variant_count} variants · "
                    f"{demo.version[:8]}")
