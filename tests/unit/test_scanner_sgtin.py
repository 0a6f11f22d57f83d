"""EPC SGTIN-96 -> GTIN-14: the Tag Data Standard's example, every partition, bad EPCs, fuzz."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.scanners.rfid_serial import epc_from_line, item_from_line
from hardware.scanners.sgtin import PARTITIONS, decode_sgtin96
from kiosk.catalogue.gtin import check_digit
from kiosk.errors import ScanError
from tests.support.scanners import sgtin96_hex


def test_tag_data_standard_example():
    # GS1 EPC TDS 2.x, SGTIN-96 worked example: urn:epc:tag:sgtin-96:3.0614141.812345.6789
    tag = decode_sgtin96("3074257BF7194E4000001A85")
    assert (tag.filter, tag.partition) == (3, 5)
    assert tag.uri == "urn:epc:id:sgtin:0614141.812345.6789"
    assert tag.gtin == "80614141123458"


@pytest.mark.parametrize("partition", sorted(PARTITIONS))
def test_every_partition_decodes_to_the_gtin_it_was_encoded_from(partition):
    company_digits = PARTITIONS[partition][1]
    body = "1" + "0614141234567"[:12]                    # indicator 1 + 12 digits
    gtin = body + str(check_digit(body))
    tag = decode_sgtin96(sgtin96_hex(gtin, company_digits, serial=274877906943))  # 2^38 - 1
    assert tag.partition == partition and tag.gtin == gtin
    assert len(tag.company_prefix) == company_digits and tag.serial == 2**38 - 1


@pytest.mark.parametrize(("epc", "says"), [
    ("3174257BF7194E4000001A85", "SSCC-96"),
    ("3674257BF7194E4000001A85", "SGTIN-198"),
    ("301C257BF7194E4000001A85", "partition 7"),
    ("3074257BF7194E40000", "not 24 hex digits"),
    ("3074257BF7194E4000001AZZ", "not 24 hex digits"),
    (f"{(0x30 << 88) | (5 << 82) | ((2**24 - 1) << 58):024X}", "too large"),  # prefix > 10^7
])
def test_bad_epcs_are_scan_errors_with_a_fix(epc, says):
    with pytest.raises(ScanError) as caught:
        decode_sgtin96(epc)
    assert says in str(caught.value) and caught.value.fix


@pytest.mark.parametrize("line", [
    "3074257BF7194E4000001A85\r\n", "EPC:3074257BF7194E4000001A85", "0x3074257bf7194e4000001a85",
    "3074257BF7194E4000001A85,-61dBm,ant1", "3074 257B F719 4E40 0000 1A85",
])
def test_reader_line_formats(line):
    assert epc_from_line(line) == "3074257BF7194E4000001A85"
    assert item_from_line(line).gtin == "80614141123458"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60),
                 st.integers(0, 2**96 - 1).map(lambda v: f"{v:024X}"),
                 st.integers(0, 2**90 - 1).map(lambda v: f"{(0x30 << 88) | v:024X}")))
def test_fuzz_only_scan_errors_escape(text):
    try:
        tag = decode_sgtin96(text)
    except ScanError:
        return
    assert len(tag.gtin) == 14 and int(tag.gtin[-1]) == check_digit(tag.gtin[:-1])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_reader_lines(line):
    try:
        item_from_line(line)
    except ScanError:
        pass
