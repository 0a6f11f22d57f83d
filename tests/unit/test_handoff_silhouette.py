"""Issue 20: an item without a picture shows its garment silhouette in its colour on the
phone's basket page (inline SVG from kiosk.catalogue.silhouettes), not a grey box."""

from __future__ import annotations

from kiosk.catalogue import load_catalogue
from kiosk.catalogue.silhouettes import SHAPES
from tests.unit.test_handoff_translated_basket import TOTE, TOTE_YAML, _basket


def test_the_phone_basket_draws_the_bag_silhouette_in_its_colour(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(TOTE_YAML, encoding="utf-8")
    catalogue = load_catalogue(path)
    html = _basket(tmp_path, catalogue, [TOTE], "en")
    ecru = catalogue.find_gtin(TOTE).colour.hex
    assert 'class="noimg silhouette"' in html and "<svg" in html
    assert f'd="{SHAPES["bag"]}"' in html and f'fill="{ecru}"' in html
