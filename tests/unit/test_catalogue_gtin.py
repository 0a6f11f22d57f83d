from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalogue.gtin import (
    GtinError,
    check_digit,
    display_gtin,
    normalise_gtin,
    try_normalise_gtin,
    with_check_digit,
)


@pytest.mark.parametrize("code, expected", [
    ("4006381333931", "04006381333931"),        # EAN-13 (GS1 example)
    ("400 6381 33393 1", "04006381333931"),     # as printed under a barcode
    ("036000291452", "00036000291452"),         # UPC-A
    ("96385074", "00000096385074"),             # GTIN-8
    ("10036000291459", "10036000291459"),       # GTIN-14 case code
    ("36000291452", "00036000291452"),          # UPC-A whose leading zero a spreadsheet ate
])
def test_every_gtin_form_normalises_to_14_digits(code, expected):
    assert normalise_gtin(code) == expected


@pytest.mark.parametrize("code, words", [
    ("4006381333932", "check digit (last digit should be 1)"),
    ("40063813", "check digit"),
    ("1234567", "7 digits"),
    ("400638133393A", "only digits"),
    ("4.00638E+12", "spreadsheet"),
])
def test_bad_codes_say_what_is_wrong_and_how_to_fix_it(code, words):
    with pytest.raises(GtinError) as info:
        normalise_gtin(code)
    assert words in str(info.value)
    assert info.value.fix
    assert try_normalise_gtin(code) is None


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_generated_codes_are_valid_and_any_single_digit_change_is_caught(body):
    code = with_check_digit(body)
    assert normalise_gtin(code).endswith(code)
    for position in range(len(code)):
        wrong = code[:position] + str((int(code[position]) + 3) % 10) + code[position + 1:]
        assert try_normalise_gtin(wrong) is None


def test_check_digit_matches_gs1_reference():
    assert check_digit("400638133393") == 1
    assert check_digit("9638507") == 4


def test_display_form_is_what_labels_print():
    assert display_gtin("04006381333931") == "4006381333931"
    assert display_gtin("00000096385074") == "96385074"
    assert display_gtin("10036000291459") == "10036000291459"


@given(st.text(max_size=40))
def test_scanner_input_of_any_kind_never_raises_anything_else(text):
    try:
        gtin = normalise_gtin(text)
    except GtinError:
        assert try_normalise_gtin(text) is None
    else:
        assert len(gtin) == 14 and gtin.isdigit()
