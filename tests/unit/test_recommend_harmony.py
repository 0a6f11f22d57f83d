"""Harmony rules in CIELCh on the catalogue's own colour values."""

from __future__ import annotations

import pytest

from kiosk.recommend.harmony import SCORES, harmony, hue_distance, is_neutral
from tests.support.recommend import colour


def lab(name: str):
    return colour(name).lab


@pytest.mark.parametrize("name", ["black", "white", "heather grey", "charcoal", "navy", "camel",
                                  "beige", "sand", "chocolate", "ecru"])
def test_fashion_neutrals_are_neutral(name):
    assert is_neutral(lab(name))


@pytest.mark.parametrize("name", ["red", "fuchsia", "emerald", "cobalt blue", "mustard", "coral",
                                  "sage green", "terracotta"])
def test_chromatic_colours_are_not_neutral(name):
    assert not is_neutral(lab(name))


@pytest.mark.parametrize(("accessory", "garment", "kind", "reason"), [
    ("camel", "navy", "neutral", "warms"),            # the stylist's classic
    ("white", "navy", "neutral", "brightens"),
    ("navy", "terracotta", "neutral", "cools"),
    ("black", "sage green", "neutral", "sharpens"),
    ("black", "charcoal", "neutral", "neutrals"),
    ("burgundy", "charcoal", "neutral", "accent"),    # a colour on a neutral garment
    ("terracotta", "sky blue", "complementary", "complementary"),
    ("emerald", "red", "complementary", "complementary"),
    ("rust", "mustard", "tonal", "tonal"),
    ("coral", "terracotta", "analogous", "analogous"),
    ("cream", "ecru", "match", "match"),
    ("fuchsia", "mustard", "contrast", "contrast"),
])
def test_pairs_get_the_stylists_relation(accessory, garment, kind, reason):
    result = harmony(lab(accessory), lab(garment))
    assert (result.kind, result.reason) == (kind, reason)
    assert result.score == SCORES[reason]


def test_neutrals_outrank_a_clash_and_a_print_prefers_neutrals():
    assert harmony(lab("camel"), lab("navy")).score > harmony(lab("fuchsia"), lab("mustard")).score
    on_print = harmony(lab("black"), None)
    loud_on_print = harmony(lab("fuchsia"), None)
    assert on_print.reason == "with_print" and loud_on_print.score < on_print.score
    assert loud_on_print.reason == "print_accent"     # its sentence names no garment colour


def test_every_reason_harmony_can_give_has_a_sentence():
    from kiosk.recommend.reasons import TEMPLATES
    assert {key for key in SCORES if key != "print_clash"} | {"print_accent"} <= set(TEMPLATES)


def test_hue_distance_wraps_around_the_circle():
    assert hue_distance((50, 40, -2), (50, 40, 2)) == pytest.approx(5.7, abs=0.1)
    assert hue_distance((50, 10, 0), (50, -10, 0)) == pytest.approx(180)
