"""Staff could not find the size: the mirror offers the nearest size or colour in stock."""

from kiosk.recommend.alternative import Alternative, nearest_in_stock
from tests.support.recommend import catalogue, style


def gtin_of(shirt, colour: str, size: str) -> str:
    return next(v.gtin for v in shirt.variants if v.colour.name == colour and v.size == size)


def test_the_nearest_size_of_the_same_colour_comes_first_a_size_up_on_a_tie():
    shirt = style("shirt", {"navy": {"XS": 3, "S": 1, "M": 0, "L": 1, "XL": 5}, "white": {"M": 9}})
    assert nearest_in_stock(catalogue(shirt), gtin_of(shirt, "navy", "S"), "M") == Alternative("L", "navy")


def test_the_nearer_size_wins_over_the_direction():
    shirt = style("shirt", {"navy": {"XS": 3, "S": 1, "M": 0, "L": 0, "XL": 5}})
    assert nearest_in_stock(catalogue(shirt), gtin_of(shirt, "navy", "M"), "M") == Alternative("S", "navy")


def test_the_size_that_could_not_be_found_is_never_offered_even_if_stock_says_so():
    shirt = style("shirt", {"navy": {"M": 4}, "white": {"M": 2}})  # staff looked: the count is wrong
    assert nearest_in_stock(catalogue(shirt), gtin_of(shirt, "navy", "M"), "M") == Alternative("M", "white")


def test_same_size_in_another_colour_when_no_other_size_of_this_colour_is_in_stock():
    shirt = style("shirt", {"navy": {"S": 0, "M": 0}, "black": {"M": 0}, "white": {"S": 5, "M": 2}})
    assert nearest_in_stock(catalogue(shirt), gtin_of(shirt, "navy", "S"), "M") == Alternative("M", "white")


def test_nothing_to_offer_or_an_unknown_gtin_is_none():
    shirt = style("shirt", {"navy": {"S": 0, "M": 0}, "white": {"S": 4}})
    assert nearest_in_stock(catalogue(shirt), gtin_of(shirt, "navy", "M"), "M") is None
    assert nearest_in_stock(catalogue(shirt), "4006381333931", "M") is None
