"""The catalogue pages against what the mirrors run: the draft preview's baseline before
anything is published from here (the demo: the mirror loaded its config file), no pending
"waiting…" when nothing was asked, a re-publish of the live version is no publish, and a roll
back says so and keeps the file's name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.catalogue import load_catalogue
from kiosk.messaging import topics
from kiosk.storeweb.manage.channel import CatalogueChannel
from tests.support.backoffice import STORE, OfficeSite, csrf_of
from tests.support.catalogue import SHOPIFY_APPAREL, native_csv_text

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "config" / "demo-catalogue.yaml"


@pytest.fixture
def site(tmp_path) -> OfficeSite:
    site = OfficeSite(tmp_path)
    site.config.catalogue.path = str(DEMO_CATALOGUE)  # what a mirror of this store loads at start
    return site


def counts(page: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r'data-count="(\w+)"><b>(\d+)</b>', page)}


def publish(site: OfficeSite, client, name: str, content: bytes):
    draft = site.upload(client, name, content).headers["location"]
    return client.post(f"{draft}/publish", data={"csrf": csrf_of(client.get(draft).text)})


def test_before_any_publish_the_preview_compares_with_the_catalogue_the_mirrors_run(site):
    mirror = site.mirror("mirror-1")
    assert mirror.catalogue.apply_file(DEMO_CATALOGUE)  # as the demo's mirror does; it reports it
    demo = mirror.catalogue.current
    client = site.signed_in()
    page = client.get(site.upload(client, "shopify-apparel.csv", SHOPIFY_APPAREL.read_bytes())
                      .headers["location"]).text
    upload = load_catalogue(SHOPIFY_APPAREL)
    kept = {s.id for s in demo.styles} & {s.id for s in upload.styles}
    assert counts(page)["styles_removed"] == len(demo) - len(kept) > 0
    assert counts(page)["styles_added"] == len(upload) - len(kept)
    assert f'id="baseline" data-version="{demo.version[:16]}"' in page
    assert f"Compared with version {demo.version[:8]} ({len(demo)} styles)" in page


def test_a_version_the_office_does_not_hold_is_named_and_the_preview_says_so(site):
    site.config.catalogue.path = str(site.data_dir / "missing.yaml")
    site.bus.publish(topics.mirror_state(STORE, "mirror-1"),
                     {"v": 1, "ts": 1.0, "mirror": "mirror-1", "status": "online",
                      "health": {"catalogue_version": "ab" * 32}}, retain=True)
    client = site.signed_in()
    page = client.get(site.upload(client, "c.csv", native_csv_text(5).encode()).headers["location"]).text
    assert "The mirrors run version abababab, which this back office does not hold" in page
    assert '<b id="live-version" data-origin="mirrors">abababab</b>' in client.get("/manage").text


def test_with_nothing_asked_the_pages_show_what_runs_and_nothing_pending(site):
    mirror = site.mirror("mirror-1")
    assert mirror.catalogue.apply_file(DEMO_CATALOGUE)
    version = mirror.catalogue.version
    client = site.signed_in()
    home = client.get("/manage").text
    assert f'<b id="live-version" data-origin="mirrors">{version[:8]}</b>' in home
    assert "Reported by the mirrors" in home
    page = client.get("/manage/catalogue").text
    assert f'<b id="live-version" data-origin="mirrors">{version[:16]}</b>' in page
    assert 'data-mirror="mirror-1" data-acknowledged="none"' in page
    assert "waiting…" not in page and "Nothing published from here yet" not in page.split('id="versions"')[0]


def test_republishing_the_live_version_changes_nothing_and_is_not_audited_as_a_publish(site):
    mirror = site.mirror("mirror-1")
    client = site.signed_in()
    first = publish(site, client, "v1.csv", native_csv_text(5).encode())
    version = first.headers["location"].rsplit("=", 1)[1]
    sent = [p for p in site.bus.published if p.topic == topics.catalogue(STORE)]
    again = publish(site, client, "v1-again.csv", native_csv_text(5).encode())
    assert again.status_code == 303 and again.headers["location"] == f"/manage/catalogue?unchanged={version}"
    assert [p for p in site.bus.published if p.topic == topics.catalogue(STORE)] == sent
    assert [v.source for v in site.office.db.versions()] == ["v1.csv"]
    assert [e.action for e in site.office.db.audit()].count("published") == 1
    page = client.get(again.headers["location"]).text
    assert f"Already on the mirrors, nothing changed (version {version})" in page
    assert "Published version" not in page and mirror.catalogue.version.startswith(version)


def test_a_roll_back_says_so_and_keeps_the_files_name(site):
    mirror = site.mirror("mirror-1")
    client = site.signed_in()
    v1 = publish(site, client, "spring.csv", native_csv_text(5).encode()).headers["location"].rsplit("=", 1)[1]
    publish(site, client, "summer.csv", native_csv_text(6).encode())
    page = client.get("/manage/catalogue").text
    answer = client.post(f"/manage/catalogue/versions/{v1}/rollback", data={"csrf": csrf_of(page)})
    assert answer.headers["location"] == f"/manage/catalogue?rolledback={v1}"
    assert mirror.catalogue.version.startswith(v1)
    page = client.get(answer.headers["location"]).text
    assert f"Rolled back to version {v1} (from spring.csv)" in page and "Published version" not in page
    assert {v.version: v.source for v in site.office.db.versions()}[v1] == "spring.csv"
    rolled = [e for e in site.office.db.audit() if e.action == "rolled-back"]
    assert len(rolled) == 1 and "(spring.csv:" in rolled[0].detail


def test_catalogue_tables_carry_a_label_per_cell_for_the_phone_cards(site):
    site.mirror("mirror-1")
    client = site.signed_in()
    publish(site, client, "v1.csv", native_csv_text(5).encode())
    publish(site, client, "v2.csv", native_csv_text(6).encode())
    page = client.get("/manage/catalogue").text
    for table in ("acks", "versions-table"):
        body = page.split(f'id="{table}"')[1].split("</table>")[0]
        assert 'class="acks cards"' in page and '<table class="cards" id="versions-table">' in page
        cells = re.findall(r"<td[^>]*>", body.split("<tbody>")[1])
        assert cells and all("data-label=" in c for c in cells), cells


def test_the_config_file_is_loaded_once_per_change(site, tmp_path):
    channel: CatalogueChannel = site.office.channel
    path = tmp_path / "c.csv"
    path.write_text(native_csv_text(5), encoding="utf-8")
    first = channel._config_catalogue(path)
    assert first is not None and channel._config_catalogue(path) is first
    path.write_text(native_csv_text(7), encoding="utf-8")
    assert channel._config_catalogue(path).variant_count == 7 != first.variant_count
    path.write_text("style_id\n", encoding="utf-8")  # broken: no content, never a crash
    assert channel._config_catalogue(path) is None
