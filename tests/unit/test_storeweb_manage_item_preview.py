"""Issue 16, preview before publishing: a draft's item screen as the mirror will render it.
The page's accessories are the mirror's own (kiosk.ui.suggest over kiosk.recommend on the
same catalogue and style); an unknown style is a 404 that says so; another manager's draft
and no session are refused; catalogue text is escaped."""

from __future__ import annotations

import csv
import io
import re

import pytest

from kiosk.catalogue import load_catalogue
from kiosk.journey import Journey
from kiosk.storeweb.manage.item_preview import item_preview, mirror_word
from kiosk.ui.suggest import accessory_suggestions
from tests.support.backoffice import OfficeSite
from tests.support.catalogue import DEMO, native_csv_text


@pytest.fixture
def site(tmp_path) -> OfficeSite:
    return OfficeSite(tmp_path)


@pytest.fixture(scope="module")
def demo():
    return load_catalogue(DEMO)


def draft_of(site: OfficeSite, client, name: str = "demo.yaml", content: bytes | None = None) -> str:
    answer = site.upload(client, name, DEMO.read_bytes() if content is None else content)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def test_accessories_are_the_mirrors_own_for_the_same_catalogue_and_style(demo):
    for garment in demo.garments()[:12]:
        journey = Journey(lambda: demo, baskets=None)
        selection = journey.open_style(garment.id)          # a tap on the mirror's browse screen
        mirror = accessory_suggestions(demo, selection, None)[:4]   # what the look screen shows
        for language in ("en", "fr", "zh_CN"):
            page = item_preview(demo, garment.id, language)
            assert page.suggestions == tuple(mirror)
            assert [a.reason for a in page.accessories] == [s.reason.text(language) for s in mirror]
            assert [a.style_id for a in page.accessories] == [s.style.id for s in mirror]
    assert any(item_preview(demo, g.id, "en").accessories for g in demo.garments())


def test_another_colour_gets_the_mirrors_accessories_for_that_colour(demo):
    garment = next(g for g in demo.garments() if len(g.colourways) > 1)
    colour = garment.colourways[-1].colour.name
    journey = Journey(lambda: demo, baskets=None)
    journey.open_style(garment.id)
    journey.choose_colour(colour)
    page = item_preview(demo, garment.id, "en", colour)
    assert [c.key for c in page.colourways if c.current] == [colour]
    assert page.suggestions == tuple(accessory_suggestions(demo, journey.selection, None)[:4])


def test_names_use_the_catalogue_translations_and_sizes_at_zero_are_marked(demo):
    style = demo.garments()[0]
    fr = item_preview(demo, style.id, "fr")
    assert fr.title == "Chemise en lin décontractée" and fr.price.endswith("€")
    sizes = [s for c in fr.colourways for s in c.sizes]
    assert any(s.sold_out for s in sizes) and all(s.sold_out == (s.stock <= 0) for s in sizes)
    assert mirror_word("Item", "Colours in this store", "fr") == "Coloris dans ce magasin"
    assert mirror_word("Look", "Complete the look", "zh_CN") == "完成整体搭配"


def test_the_page_shows_the_item_screen_with_its_accessories_and_reasons(site, demo):
    client = site.signed_in()
    draft = draft_of(site, client)
    listing = client.get(draft).text
    style = demo.garments()[0]
    assert f'{draft}/item?style={style.id}' in listing
    page = client.get(f"{draft}/item", params={"style": style.id, "mirror": "fr"})
    assert page.status_code == 200
    assert "Chemise en lin décontractée" in page.text and "Coloris dans ce magasin" in page.text
    expected = item_preview(demo, style.id, "fr")
    found = re.findall(r'<li data-accessory="([^"]+)">.*?<em class="reason">([^<]*)</em>', page.text)
    assert found == [(a.style_id, a.reason.replace("'", "&#39;")) for a in expected.accessories]
    assert len(found) == 4
    assert 'class="silhouette"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY" or "frame-ancestors 'none'" in page.headers["content-security-policy"]
    sold_out = re.findall(r'<li data-size="[^"]*" data-stock="0" class="sold-out">', page.text)
    in_stock = re.findall(r'<li data-size="[^"]*" data-stock="[1-9]\d*" class="">', page.text)
    assert in_stock and len(sold_out) + len(in_stock) == len(expected.colourways[0].sizes)


def test_a_style_that_is_not_in_the_draft_is_a_404_that_says_so(site):
    client = site.signed_in()
    draft = draft_of(site, client)
    page = client.get(f"{draft}/item", params={"style": "NO-SUCH-STYLE"})
    assert page.status_code == 404
    assert "There is no style “NO-SUCH-STYLE” in demo.yaml" in page.text
    assert client.get(f"{draft}/item").status_code == 404   # no style at all


def test_another_managers_draft_and_no_session_are_refused(site, demo):
    owner = site.signed_in("manager")
    draft = draft_of(site, owner)
    style = demo.garments()[0]
    other = site.signed_in("paul", "10.0.0.9")
    theirs = other.get(f"{draft}/item", params={"style": style.id})
    assert theirs.status_code == 404 and style.title not in theirs.text
    nobody = site.client("10.0.0.10").get(f"{draft}/item", params={"style": style.id})
    assert nobody.status_code == 401 and 'name="password"' in nobody.text and style.title not in nobody.text
    assert owner.get(f"{draft}/item", params={"style": style.id}).status_code == 200


def test_a_script_in_a_title_or_the_style_id_is_text(site):
    header, *rows = list(csv.reader(io.StringIO(native_csv_text(5))))
    evil = "<script>alert(1)</script>"
    rows[0][header.index("title")] = evil
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    client = site.signed_in()
    draft = draft_of(site, client, "evil.csv", out.getvalue().encode())
    listing = client.get(draft).text
    assert evil not in listing and "&lt;script&gt;alert(1)&lt;/script&gt;" in listing
    page = client.get(f"{draft}/item", params={"style": rows[0][0]})
    assert page.status_code == 200 and evil not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    missing = client.get(f"{draft}/item", params={"style": evil})
    assert missing.status_code == 404 and evil not in missing.text


@pytest.mark.parametrize("mirror, words", [("en", "In stock here"), ("fr", "En stock ici")])
def test_a_one_size_colour_in_stock_says_in_stock_here_once(site, mirror, words):
    from tests.support.catalogue import SHOPIFY_APPAREL
    client = site.signed_in()
    draft = draft_of(site, client, "shopify-apparel.csv", SHOPIFY_APPAREL.read_bytes())
    page = client.get(f"{draft}/item", params={"style": "ocean-blue-shirt", "mirror": mirror}).text
    screen = page.split('id="item-screen"')[1].split("</section>")[0]
    assert f'<h3 id="sizes-heading">{words}</h3>' in screen
    assert screen.count(words) == 1, screen
