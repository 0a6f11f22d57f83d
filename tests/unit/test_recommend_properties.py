"""Properties of the recommend engine over random catalogues (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalogue.colour_names import colour_table
from kiosk.recommend import ShopperPalette, complete_the_look, rank_colourways
from tests.support.recommend import accessory, catalogue, style

COLOURS = sorted(colour_table())
CATEGORIES = ["bag", "belt", "scarf", "shoes", "hat"]
colours = st.dictionaries(st.sampled_from(COLOURS), st.integers(0, 3), min_size=1, max_size=4)


@st.composite
def shops(draw):
    garment = style("garment", {name: {"S": stock, "M": draw(st.integers(0, 2))}
                                for name, stock in draw(colours).items()},
                    gender=draw(st.sampled_from(["women", "men", "unisex"])))
    extras = [accessory(f"acc-{i}", draw(colours), draw(st.sampled_from(CATEGORIES)),
                        boost=draw(st.sampled_from([-1.0, -0.5, 0.0, 0.4, 1.0])),
                        gender=draw(st.sampled_from(["women", "men", ""])))
              for i in range(draw(st.integers(0, 8)))]
    palette = draw(st.none() | st.lists(st.sampled_from([c for c in COLOURS if colour_table()[c]]),
                                        min_size=1, max_size=5))
    chosen = ShopperPalette.from_hexes([colour_table()[c] for c in palette]) if palette else None
    return garment, catalogue(garment, *extras), chosen


@settings(max_examples=120, deadline=None)
@given(shops(), st.integers(1, 6))
def test_suggestions_are_in_stock_unhidden_unique_bounded_and_stable(shop, limit):
    garment, cat, palette = shop
    for colourway in garment.colourways:
        looks = complete_the_look(cat, garment, colourway, palette=palette, limit=limit)
        assert looks == complete_the_look(cat, garment, colourway, palette=palette, limit=limit)
        assert len(looks) <= limit
        assert len({s.style.id for s in looks}) == len(looks)
        for suggestion in looks:
            assert suggestion.colourway.in_stock and suggestion.style.boost > -1.0
            assert {suggestion.style.gender, garment.gender} != {"women", "men"}
            assert all(suggestion.reason.text(lang) for lang in ("en", "fr", "zh_CN"))


@settings(max_examples=120, deadline=None)
@given(shops())
def test_colourways_keep_every_in_stock_one_and_rank_in_stock_first(shop):
    garment, _, palette = shop
    ranked = rank_colourways(garment, palette=palette, include_sold_out=True)
    assert len(ranked) == len(garment.colourways)
    stock_flags = [s.in_stock for s in ranked]
    assert stock_flags == sorted(stock_flags, reverse=True)
    in_stock = [s for s in ranked if s.in_stock]
    assert [s.score for s in in_stock] == sorted((s.score for s in in_stock), reverse=True)
    assert rank_colourways(garment, palette=palette) == tuple(in_stock)
