"""Issue #14, 4: the phone basket speaks the shopper's language for catalogue names too:
the title, the colour and 'One size' (the store's translations, else the built-in colour
names), through the real pages (Starlette TestClient)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kiosk.catalogue import load_catalogue
from kiosk.config import CheckoutSection
from kiosk.handoff.catalogue_lookup import catalogue_lookup
from kiosk.handoff.service import HandoffService
from kiosk.handoff.snapshot import Snapshot, SnapshotLine
from kiosk.handoff.storage import HandoffStore
from kiosk.handoff.tokens import TokenSigner
from kiosk.handoff.web import create_app
from tests.support.handoff import MIRROR, make_keys

DATA = Path(__file__).parents[1] / "data" / "shopify"
SAGE_S, NAVY_S = "02000030101010", "02000030102017"
TOTE = "02000030201017"
TOTE_YAML = """\
catalogue: {store: s1, currency: EUR}
styles:
  - id: A-TOTE
    title: Canvas tote
    title_fr: Cabas en toile
    kind: accessory
    accessory_category: bag
    price: 25
    colourways:
      - colour: ecru
        variants:
          - {size: One size, gtin: "2000030201017", stock: 2}
"""


def _service(tmp_path, catalogue) -> tuple[HandoffService, TestClient]:
    keys = make_keys()
    service = HandoffService(
        store_id="s1", currency="EUR", public_url="http://testserver",
        signer=TokenSigner({1: keys.token_key}, 1), db=HandoffStore(tmp_path / "h.sqlite3"),
        lookup=catalogue_lookup(catalogue), image_file=lambda _gtin: None,
        checkout_config=CheckoutSection(), bus=None)
    app = create_app(service, keys.mirror_keys, store_name="Maison Demo")
    return service, TestClient(app, base_url="http://testserver")


def _basket(tmp_path, catalogue, gtins, language):
    service, client = _service(tmp_path, catalogue)
    created = service.create(Snapshot(snapshot_id=uuid.uuid4().hex, store="s1", mirror=MIRROR,
                                      lines=tuple(SnapshotLine(gtin=g, quantity=1) for g in gtins),
                                      language=language))
    page = client.get("/h/" + created.url.rsplit("/h/", 1)[1], follow_redirects=True)
    assert page.status_code == 200
    return page.text


@pytest.mark.parametrize(("language", "title", "sage", "navy"), [
    ("fr", "Chemise en lin décontractée", "Vert sauge", "Bleu marine"),
    ("zh_CN", "宽松亚麻衬衫", "灰绿色", "藏青色"),
    ("en", "Relaxed linen shirt", "Sage green", "Navy"),
])
def test_the_phone_basket_shows_translated_titles_and_colours(tmp_path, language, title, sage,
                                                              navy):
    catalogue = load_catalogue(DATA / "maison-products.csv",
                               translations=[(None, DATA / "maison-translations.csv")])
    html = _basket(tmp_path, catalogue, [SAGE_S, NAVY_S], language)
    assert html.count(f'<p class="name">{title}</p>') == 2
    assert sage in html and navy in html
    if language != "en":
        assert "Relaxed linen shirt</p>" not in html


def test_one_size_is_translated_on_the_phone(tmp_path):
    path = tmp_path / "tote.yaml"
    path.write_text(TOTE_YAML, encoding="utf-8")
    html = _basket(tmp_path, load_catalogue(path), [TOTE], "fr")
    assert "Cabas en toile" in html and "Taille unique" in html and "Écru" in html
    assert "One size" not in html
