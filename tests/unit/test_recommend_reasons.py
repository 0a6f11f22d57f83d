"""Every reason renders in en, fr and zh_CN, with the colour names translated."""

from __future__ import annotations

import pytest

from kiosk.catalogue.colour_names import colour_table
from kiosk.recommend.reasons import LANGUAGES, TEMPLATES, Reason, colour_word

PARAMS = {"a": "camel", "g": "navy", "c": "sage green", "sizes": "S, M, L", "size": "M"}


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_renders_in_every_language(key):
    reason = Reason.of(key, **PARAMS)
    texts = reason.all_languages()
    assert set(texts) == set(LANGUAGES)
    for language, text in texts.items():
        assert text and "{" not in text and "}" not in text, (language, text)
        assert text[0] == text[0].upper()


def test_the_issue_example_in_three_languages():
    reason = Reason.of("warms", a="camel", g="navy")
    assert reason.all_languages() == {"en": "Camel warms navy",
                                      "fr": "Le camel réchauffe le bleu marine",
                                      "zh_CN": "驼色为藏青色添一分暖意"}


def test_french_elides_before_a_vowel_and_chinese_lists_sizes_its_way():
    assert Reason.of("analogous", a="ecru", g="ivory").text("fr") == "L'écru fait écho à l'ivoire"
    assert Reason.of("in_stock", sizes="S, M").text("zh_CN") == "本店有货：S、M"


def test_every_catalogue_colour_name_has_french_and_chinese():
    missing = [name for name in colour_table()
               if colour_word(name, "fr") == name and colour_word(name, "zh_CN") == name]
    assert missing == []
    assert all(colour_word(name, "zh_CN") != name for name in colour_table())


def test_unknown_colour_names_are_shown_as_the_manager_wrote_them():
    assert Reason.of("grounds", a="Midnight Orchid", g="navy").text("en") == \
        "Midnight Orchid lets navy lead"
    assert "Midnight Orchid" in Reason.of("grounds", a="Midnight Orchid", g="navy").text("zh_CN")


def test_unknown_language_falls_back_to_english_and_unknown_key_fails():
    assert Reason.of("sold_out").text("de") == "Not in stock here"
    with pytest.raises(KeyError):
        Reason.of("no-such-reason")


def test_reasons_are_values_that_compare_and_hash():
    assert Reason.of("warms", a="camel", g="navy") == Reason.of("warms", g="navy", a="camel")
    assert len({Reason.of("warms", a="camel", g="navy"), Reason.of("warms", g="navy", a="camel")}) == 1
