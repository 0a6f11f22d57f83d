"""A mirror that refuses a catalogue says why in its retained state (health.catalogue_error),
and the back office shows it on the catalogue (publish) page and the Mirrors page."""

from __future__ import annotations

from kiosk.catalogue import load_text
from kiosk.catalogue.publish import make_notice
from kiosk.catalogue.store import CatalogueStore
from kiosk.errors import CatalogueError
from kiosk.health.snapshot import HealthCollector
from kiosk.messaging import topics
from tests.support.backoffice import STORE, OfficeSite
from tests.support.catalogue import native_csv_text


def test_health_carries_the_refusal_bounded_and_drops_it_once_a_catalogue_is_accepted():
    store = CatalogueStore(store_id=STORE)
    collector = HealthCollector(catalogue_version=lambda: store.version,
                                catalogue_error=lambda: store.refusal)
    store.reject(CatalogueError("catalogue is for store 'elsewhere' " + "x" * 1000), "mqtt")
    health = collector.collect().as_payload()
    assert health["catalogue_error"].startswith("catalogue is for store") and len(health["catalogue_error"]) == 300
    store.offer(load_text(native_csv_text(5), "c.csv"), "mqtt")
    assert "catalogue_error" not in collector.collect().as_payload()


def test_a_refusing_mirror_shows_why_on_the_catalogue_and_mirrors_pages(tmp_path):
    site = OfficeSite(tmp_path)
    refusing = site.mirror("mirror-1")
    client = site.signed_in()
    # Another tool publishes a catalogue made for another store: the mirror keeps its own.
    wrong = make_notice(load_text(native_csv_text(5), "c.csv"), "elsewhere")
    site.bus.publish(topics.catalogue(STORE), wrong, qos=1, retain=True)
    assert refusing.catalogue.version is None and refusing.catalogue.last_error is not None
    reason = refusing.catalogue.refusal
    assert "for store" in reason and "(fix: publish with --store" in reason
    page = client.get("/manage/catalogue").text
    assert 'data-mirror="mirror-1" data-acknowledged="refused"' in page
    assert 'data-field="catalogue_error" class="error">' in page and "catalogue is for store &#39;elsewhere&#39;" in page
    mirrors = client.get("/manage/mirrors").text
    assert "catalogue is for store &#39;elsewhere&#39;" in mirrors
    polled = client.get("/manage/mirrors.json").json()["mirrors"][0]
    assert polled["catalogue_error"] == reason[:300]


def test_a_refusal_text_is_escaped(tmp_path):
    site = OfficeSite(tmp_path)
    site.bus.publish(topics.mirror_state(STORE, "mirror-9"),
                     {"v": 1, "ts": 1, "mirror": "mirror-9", "status": "online",
                      "health": {"catalogue_error": "<script>alert(1)</script>"}}, retain=True)
    page = site.signed_in().get("/manage/mirrors").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
