"""Issue 14, defect 3: a size at 0 on this store's floor can still be asked for (the store's
``mqtt.requests.not_in_stock: ask``); the staff must then be told where to look: "Not on the
floor: check the stockroom / other stores" (contract 1.4, the request doc's ``off_floor``)."""

from pathlib import Path

from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.journey import Journey
from tests.support.messaging import GTIN, Store
from tests.support.storeweb import StaffSite

ROOT = Path(__file__).resolve().parents[2]
SKY_BLUE_M_NONE_HERE = "02000010202003"   # config/demo-catalogue.yaml: stock 0
NOT_ON_THE_FLOOR = "Not on the floor: check the stockroom / other stores"


def test_every_handheld_is_told_the_size_is_not_on_the_floor_until_it_is_brought():
    store = Store()
    store.mirror.off_floor = lambda gtin: gtin == GTIN  # the mirror's catalogue: 0 here
    anna = store.handheld("anna", "Anna")
    none_here = store.mirror.request(GTIN, "M", "navy")
    on_the_floor = store.mirror.request("4006381333948", "L")
    seen = {view.id: view.off_floor for view in anna.visible()}
    assert seen == {none_here: True, on_the_floor: False}
    anna.claim(none_here)  # the claim rewrites the doc: the note stays with it
    assert [v.off_floor for v in anna.visible() if v.id == none_here] == [True]
    assert store.mirror.get(none_here).off_floor
    told = store.mirror.request(GTIN, "S", off_floor=False)  # the caller knows better
    assert [v.off_floor for v in anna.visible() if v.id == told] == [False]


def test_the_mirror_knows_from_its_catalogue_which_sizes_are_not_on_the_floor():
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    journey = Journey(lambda: catalogue, BasketStore())
    in_stock = next(v.gtin for s in catalogue.styles for c in s.colourways for v in c.variants if v.in_stock)
    assert journey.off_floor(SKY_BLUE_M_NONE_HERE)
    assert not journey.off_floor(in_stock)
    assert not journey.off_floor("4006381333931")  # not in this catalogue: nothing to say


def test_the_staff_page_says_not_on_the_floor_in_each_language():
    site = StaffSite()
    site.store.mirror.off_floor = lambda gtin: True
    client = site.client()
    assert site.sign_in(client, "anna").status_code == 303
    site.store.mirror.request(GTIN, "M", "navy", product_name="Linen shirt")
    assert NOT_ON_THE_FLOOR in client.get("/staff").text
    assert "Pas en rayon : voir la réserve / les autres magasins" in client.get("/staff?lang=fr").text
    assert "店面无货：请查看库房 / 其他门店" in client.get("/staff?lang=zh_CN").text
