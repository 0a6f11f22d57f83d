"""Colourway ranking and complete-the-look on small hand-made catalogues and the demo one."""

from __future__ import annotations

import pytest

from kiosk.catalogue import load_catalogue
from kiosk.colour.palette import palette as season
from kiosk.errors import CatalogueError
from kiosk.recommend import ShopperPalette, complete_the_look, rank_colourways, recommend
from tests.support.recommend import accessory, catalogue, style

DEMO = "config/demo-catalogue.yaml"


def shirt(**kwargs):
    return style("shirt", {"navy": {"S": 1, "M": 2, "L": 0}, "camel": {"S": 0, "M": 1, "L": 0},
                           "coral": {"S": 3, "M": 3, "L": 3}, "emerald": {"S": 0, "M": 0}},
                 tags=("office", "cotton"), **kwargs)


def names(suggestions):
    return [s.colour_name for s in suggestions]


def test_without_palette_colourways_rank_by_share_of_sizes_in_stock():
    ranked = rank_colourways(shirt())
    assert names(ranked) == ["coral", "navy", "camel"]          # 3/3, 2/3, 1/3; emerald sold out
    assert ranked[0].reason.text("en") == "In stock here: S, M, L"


def test_sold_out_colourways_come_last_only_when_asked_for():
    ranked = rank_colourways(shirt(), include_sold_out=True)
    assert names(ranked)[-1] == "emerald" and not ranked[-1].in_stock
    assert ranked[-1].reason.key == "sold_out"


def test_with_a_palette_fit_leads_and_the_reason_says_so():
    warm = ShopperPalette.from_hexes(["#c19a6b", "#e07a5f"], "test warm")   # camel-ish, coral-ish
    ranked = rank_colourways(shirt(), palette=warm)
    assert names(ranked)[:2] == ["camel", "coral"] or names(ranked)[:2] == ["coral", "camel"]
    assert names(ranked)[-1] == "navy"
    assert ranked[0].reason.key in ("in_palette", "near_palette")
    assert ranked[-1].reason.key == "in_stock"            # never "not your colour"
    assert all(0.0 <= s.palette_fit <= 1.0 for s in ranked)


def test_the_shoppers_size_in_stock_here_leads_and_says_so():
    ranked = rank_colourways(shirt(), size="S")     # coral S: 3, navy S: 1, camel S: 0
    assert names(ranked) == ["coral", "navy", "camel"]
    assert ranked[0].reason.all_languages() == {"en": "In stock here in S",
                                                "fr": "En stock ici en S",
                                                "zh_CN": "本店有S码现货"}
    by_m = rank_colourways(shirt(), size="M")       # every in-stock colourway has M
    assert names(by_m) == ["coral", "navy", "camel"]
    only_l = rank_colourways(shirt(), size="L")     # only coral has L: camel drops below navy
    assert names(only_l)[0] == "coral" and ranked[-1].reason.key == "in_stock"


def test_the_held_colourway_is_marked():
    item = shirt()
    held = item.colourways[0]
    flags = {s.colour_name: s.is_current for s in rank_colourways(item, current=held)}
    assert flags == {"coral": False, "navy": True, "camel": False}


def look_catalogue(**scarf_kwargs):
    garment = shirt()
    return garment, catalogue(
        garment,
        accessory("scarf", {"camel": 2, "fuchsia": 4}, "scarf", **scarf_kwargs),
        accessory("bag", {"black": 1, "coral": 0}, "bag", tags=("office",)),
        accessory("belt", {"mustard": 3}, "belt"),
        accessory("hidden", {"camel": 9}, "hat", boost=-1.0),
        accessory("mens-tie", {"camel": 9}, "tie", gender="men"),
        accessory("sold-out", {"white": 0}, "shoes"),
    )


def test_complete_the_look_ranks_harmony_and_keeps_what_is_in_stock_here():
    garment, cat = look_catalogue()
    navy = garment.colourways[0]
    looks = complete_the_look(cat, garment, navy)
    picked = [(s.style.id, s.colour_name) for s in looks]
    assert picked[0] == ("scarf", "camel")            # best colourway of the style, not fuchsia
    assert looks[0].reason.text("en") == "Camel warms navy"
    assert ("bag", "black") in picked and ("bag", "coral") not in picked    # coral: no stock
    ids = {s.style.id for s in looks}
    assert not ids & {"hidden", "mens-tie", "sold-out"}     # boost -1, other gender, stock 0
    assert len(ids) == len(looks)                          # one suggestion per style


def test_a_manager_boost_moves_an_accessory_up():
    garment, plain = look_catalogue()
    _, boosted = look_catalogue(boost=-0.9)
    navy = garment.colourways[0]
    before = [s.style.id for s in complete_the_look(plain, garment, navy)]
    after = [s.style.id for s in complete_the_look(boosted, garment, navy)]
    assert before.index("scarf") < after.index("scarf")


def test_the_first_picks_cover_different_categories():
    garment = shirt()
    bags = [accessory(f"bag-{i}", {"black": 1}, "bag", boost=0.5) for i in range(4)]
    cat = catalogue(garment, *bags, accessory("belt", {"camel": 1}, "belt", boost=-0.5))
    looks = complete_the_look(cat, garment, garment.colourways[0], limit=3)
    assert [s.style.accessory_category for s in looks][:2] == ["bag", "belt"]
    assert len(looks) == 3


def test_palette_tips_the_balance_between_equal_harmonies():
    garment = shirt()
    cat = catalogue(garment, accessory("a-black", {"black": 1}, "bag"),
                    accessory("b-white", {"white": 1}, "shoes"))
    white_lover = ShopperPalette.from_hexes(["#ffffff"])
    black_lover = ShopperPalette.from_hexes(["#111111"])
    coral = garment.colourways[2]
    assert complete_the_look(cat, garment, coral, palette=white_lover)[0].style.id == "b-white"
    assert complete_the_look(cat, garment, coral, palette=black_lover)[0].style.id == "a-black"


@pytest.fixture(scope="module")
def demo():
    return load_catalogue(DEMO)


def test_demo_catalogue_suggestions_are_in_stock_and_deterministic(demo):
    soft_autumn = ShopperPalette.from_season(season("soft_autumn"))
    for garment in demo.garments():
        gtin = garment.variants[0].gtin
        first = recommend(demo, gtin, palette=soft_autumn)
        again = recommend(demo, gtin, palette=soft_autumn)
        assert first == again
        assert all(s.colourway.in_stock and s.style.boost > -1 for s in first.accessories)
        assert sum(s.is_current for s in first.colourways) == 1
        for suggestion in (*first.colourways, *first.accessories):
            for language in ("en", "fr", "zh_CN"):
                assert suggestion.reason.text(language).strip()


def test_recommend_for_an_unknown_gtin_says_what_to_do(demo):
    with pytest.raises(CatalogueError) as caught:
        recommend(demo, "4006381333931")
    assert "not in this store's catalogue" in str(caught.value) and caught.value.fix


def test_an_accessory_scanned_gets_its_colourways_but_no_look(demo):
    bag = demo.accessories("bag")[0]
    result = recommend(demo, bag.variants[0].gtin)
    assert result.accessories == () and result.colourways


def test_a_print_garment_gets_neutrals_first():
    dress = style("dress", {"floral": {"S": 1}}, category="dress")
    cat = catalogue(dress, accessory("loud", {"fuchsia": 3}, "bag", boost=0.3),
                    accessory("calm", {"black": 3}, "belt"))
    looks = complete_the_look(cat, dress, dress.colourways[0])
    assert [s.style.id for s in looks] == ["calm", "loud"]
    assert looks[0].reason.all_languages() == {"en": "Black calms the print",
                                               "fr": "Le noir apaise l'imprimé",
                                               "zh_CN": "黑色平衡印花"}
