"""Fuzzing every loader: whatever the bytes, the only exception is our own error type."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.catalogue import load_text
from kiosk.catalogue.reader import decode_utf8
from kiosk.errors import KioskError
from tests.support.catalogue import (
    BROKEN_CSV,
    DEMO,
    MERCHANT_TSV,
    MERCHANT_XML,
    SHOPIFY_JEWELLERY,
)

FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SEEDS = {  # format -> (file name, a valid file to mutate)
    "yaml": ("c.yaml", DEMO.read_text()[:6000]),
    "csv": ("c.csv", BROKEN_CSV.read_text()),
    "shopify": ("s.csv", SHOPIFY_JEWELLERY.read_text()[:6000]),
    "merchant-tsv": ("m.tsv", MERCHANT_TSV.read_text()),
    "merchant-xml": ("m.xml", MERCHANT_XML.read_text()),
}
# Characters that matter to the parsers: delimiters, quotes, YAML and XML syntax, formulas.
NASTY = st.sampled_from(list(",;\t\n\r\"'&*!|>%@`{}[]:#-=+<>/\\\x00\x85\u2028é€") +
                        ["&a", "*a", "<!DOCTYPE x>", "<![CDATA[", "E+12", "---", "&amp;", "https://[",
                         "!!python/object ", "!!binary ", "1e999", "-1", "Default Title"])


def _load(raw: bytes, name: str, fmt: str | None):
    try:
        load_text(decode_utf8(raw, name), name, fmt=fmt)
    except KioskError:
        pass   # the only acceptable failure


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(raw=st.binary(max_size=2000))
def test_random_bytes(fmt, raw):
    _load(raw, SEEDS[fmt][0], fmt)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_valid_files(fmt, data):
    name, text = SEEDS[fmt]
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            text = text[:at] + "".join(data.draw(st.lists(NASTY, min_size=1, max_size=6))) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 40)):]
        else:
            text = text[:at] + text[max(0, at - 60):at] + text[at:]
    _load(text.encode("utf-8", "surrogatepass"), name, fmt)


@FUZZ
@given(text=st.text(max_size=1500))
def test_format_detection_on_any_text(text):
    _load(text.encode("utf-8", "surrogatepass"), "unknown.txt", None)


@FUZZ
@given(payload=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["v", "ts", "version", "sha256", "content", "encoding", "data"]),
        inner, max_size=6), max_leaves=20))
def test_received_notices(payload):
    from kiosk.catalogue.publish import read_notice
    try:
        read_notice(payload if isinstance(payload, dict) else {"content": payload}, "s1")
    except KioskError:
        pass
