"""What scanners send -> GTIN-14: digits, GS1 element strings, Digital Link URIs; fuzzed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.scanners.gs1 import GS, MAX_SCAN_CHARS, gtin_from_scan
from kiosk.errors import ScanError


@pytest.mark.parametrize(("text", "gtin", "shape"), [
    ("4006381333931", "04006381333931", "DIGITS"),                  # EAN-13
    ("]E04006381333931", "04006381333931", "DIGITS"),               # with AIM identifier
    ("036000291452", "00036000291452", "DIGITS"),                   # UPC-A
    ("96385074", "00000096385074", "DIGITS"),                       # EAN-8
    ("09501101020917\r\n", "09501101020917", "DIGITS"),             # GTIN-14 + line end
    ("0109501101020917", "09501101020917", "ELEMENT_STRING"),       # GS1-128, AI 01 only
    ("]C1010950110102091710ABC" + GS + "21XYZ", "09501101020917", "ELEMENT_STRING"),
    ("1012345" + GS + "0109501101020917", "09501101020917", "ELEMENT_STRING"),  # AI 10 first
    ("17260101" + "0109501101020917", "09501101020917", "ELEMENT_STRING"),   # fixed AI 17
    ("3103000250" + "0109501101020917", "09501101020917", "ELEMENT_STRING"),  # 4-digit AI 3103
    ("(01)09501101020917(10)ABC", "09501101020917", "ELEMENT_STRING"),  # human-readable form
    ("https://id.gs1.org/01/09506000134352/10/ABC123", "09506000134352", "DIGITAL_LINK"),
    ("https://shop.example/dl/01/9506000134352?linkType=pip", "09506000134352", "DIGITAL_LINK"),
    ("HTTPS://id.gs1.org/gtin/09506000134352", "09506000134352", "DIGITAL_LINK"),
])
def test_scans_become_gtin14(text, gtin, shape):
    assert gtin_from_scan(text) == (gtin, shape)


@pytest.mark.parametrize(("text", "says"), [
    ("4006381333932", "check digit"),
    ("https://example.com/summer-sale", "not a GS1 Digital Link"),
    ("https://id.gs1.org/01/09506000134353", "check digit"),
    ("(10)ABC(21)1", "no GTIN"),
    ("88" + "1" * 20, "unknown application identifier"),
    ("4141234567890128" + "99" + "ABC", "no GTIN"),                 # AI 414 (GLN), AI 99
    ("1234567890", "not a GTIN"),
    ("ABCDEFGHIJKLM", "only digits"),
    ("", "not a GTIN"),
    ("4" * (MAX_SCAN_CHARS + 1), "too long"),
])
def test_bad_scans_say_what_is_wrong_and_how_to_fix_it(text, says):
    with pytest.raises(ScanError) as caught:
        gtin_from_scan(text)
    assert says in str(caught.value) and caught.value.fix


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=600))
def test_fuzz_only_scan_errors_escape(text):
    try:
        gtin, _ = gtin_from_scan(text)
    except ScanError:
        return
    assert len(gtin) == 14 and gtin.isdigit()
