"""Keyboard-wedge keystrokes: scanner bursts become scans, people typing never do; fuzzed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.scanners.wedge import KeystrokeParser
from kiosk.errors import ScanError

SCANNER_GAP, HUMAN_GAP = 0.004, 0.18


def type_keys(parser: KeystrokeParser, text: str, *, gap: float, start: float = 0.0):
    """Feed every key; returns the scans that came out."""
    scans = []
    for i, key in enumerate(text):
        scan = parser.feed(key, start + i * gap)
        if scan is not None:
            scans.append(scan)
    return scans


def test_a_scanner_burst_is_one_scan():
    parser = KeystrokeParser()
    [scan] = type_keys(parser, "4006381333931\r", gap=SCANNER_GAP)
    assert (scan.gtin, scan.source, scan.raw) == ("04006381333931", "hid", "4006381333931")
    assert scan.symbology == "KEYED_DIGITS" and parser.stats.scans == 1


def test_a_person_typing_the_same_digits_is_ignored():
    parser = KeystrokeParser()
    assert type_keys(parser, "4006381333931\r", gap=HUMAN_GAP) == []
    assert parser.stats.scans == 0 and parser.stats.human_keys == 13


def test_typing_then_a_scan_right_after_gives_only_the_scan():
    parser = KeystrokeParser()
    type_keys(parser, "hello", gap=HUMAN_GAP)
    [scan] = type_keys(parser, "96385074\n", gap=SCANNER_GAP, start=5.0)
    assert scan.gtin == "00000096385074"


def test_a_slow_enter_after_a_fast_burst_is_not_a_scan():
    parser = KeystrokeParser()
    type_keys(parser, "4006381333931", gap=SCANNER_GAP)
    assert parser.feed("\r", 10.0) is None


def test_gs1_qr_url_and_element_string_with_gs_from_a_2d_scanner():
    parser = KeystrokeParser()
    [url] = type_keys(parser, "https://id.gs1.org/01/09506000134352/21/1\r", gap=SCANNER_GAP)
    [gs1] = type_keys(parser, "0109501101020917\x1d10ABC\r", gap=SCANNER_GAP, start=3)
    assert url.gtin == "09506000134352" and url.symbology == "KEYED_DIGITAL_LINK"
    assert gs1.gtin == "09501101020917"


@pytest.mark.parametrize(("burst", "says"), [
    ("40063\x0781333931\r", "control character 0x07"),
    ("4" * 200 + "\r", "longer than 128"),
    ("4006381333932\r", "check digit"),
])
def test_unusable_bursts_raise_a_scan_error_with_a_fix(burst, says):
    parser = KeystrokeParser()
    with pytest.raises(ScanError) as caught:
        type_keys(parser, burst, gap=SCANNER_GAP)
    assert says in str(caught.value) and caught.value.fix
    assert parser.stats.rejected == 1
    [scan] = type_keys(parser, "4006381333931\r", gap=SCANNER_GAP, start=50)  # still works
    assert scan.gtin == "04006381333931"


def test_more_than_one_character_per_key_is_refused():
    with pytest.raises(ScanError):
        KeystrokeParser().feed("40", 0.0)


keys = st.one_of(st.characters(), st.sampled_from(list("0123456789\r\n\x1d")))
events = st.lists(st.tuples(keys, st.floats(0, 0.3, allow_nan=False)), max_size=300)


@settings(max_examples=300, deadline=None)
@given(events)
def test_fuzz_only_scan_errors_escape_and_scans_are_valid(stream):
    parser, now = KeystrokeParser(), 0.0
    for key, gap in stream:
        now += gap
        try:
            scan = parser.feed(key, now)
        except ScanError:
            continue
        if scan is not None:
            assert len(scan.gtin) == 14 and scan.source == "hid"
            assert len(scan.raw) <= parser.max_length
