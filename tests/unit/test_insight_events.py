"""The anonymous event schema: no personal field can enter, values are narrow."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import PayloadError
from kiosk.insight.events import (
    EVENT_FIELDS,
    KINDS,
    REQUIRED,
    gtin_check_digit_ok,
    make_event,
    new_visit_id,
    parse_event,
    to_wire,
)

IDS = {"store": "s1", "mirror": "m1", "zone": "womenswear"}
GTIN = "2000000001111"
VALID = {
    "session_engaged": {"visit": "0123456789abcdef"},
    "item_scanned": {"visit": "0123456789abcdef", "gtin": GTIN, "colourway": "sage"},
    "size_requested": {"visit": "0123456789abcdef", "request": "r1", "gtin": GTIN, "size": "M"},
    "size_claimed": {"request": "r1", "elapsed_s": 42.0},
    "size_delivered": {"request": "r1", "elapsed_s": 120.5},
    "size_expired": {"request": "r1", "elapsed_s": 300},
    "size_cancelled": {"request": "r1"},
    "basket_handed_off": {"visit": "0123456789abcdef", "items": 3},
    "basket_opened": {"visit": "0123456789abcdef", "elapsed_s": 30},
    "out_of_stock_requested": {"visit": "0123456789abcdef", "gtin": GTIN, "size": "32/34"},
}

# Things a careless caller might try to attach; none of them may ever be stored.
PERSONAL = ["face", "face_box", "landmarks", "embedding", "image", "frame", "crop", "mask",
            "skin", "skin_tone", "hair", "eyes", "undertone", "palette", "season", "age",
            "gender", "name", "email", "phone", "loyalty", "customer", "staff", "staff_id",
            "claimed_by", "ip", "device_id", "token", "basket", "price", "data"]


def test_the_schema_fields_are_exactly_these():
    """Adding a field is a privacy decision: this test must be edited, with docs/insight.md."""
    assert EVENT_FIELDS == {"v", "id", "ts", "store", "mirror", "zone", "kind", "visit",
                            "request", "gtin", "size", "colourway", "elapsed_s", "items"}
    assert set(REQUIRED) == set(KINDS) == set(VALID)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_validates_and_round_trips_as_json(kind):
    event = make_event(kind, ts=1_763_900_000.0, **IDS, **VALID[kind])
    wire = json.loads(json.dumps(to_wire(event)))
    assert parse_event(wire) == event
    assert wire["v"] == 1 and wire["kind"] == kind


@pytest.mark.parametrize("field", PERSONAL)
def test_personal_fields_are_refused_with_the_field_named(field):
    with pytest.raises(PayloadError) as err:
        make_event("session_engaged", **IDS, visit="0123456789abcdef", **{field: "x"})
    assert err.value.location.field == field
    assert "not an anonymous event field" in err.value.message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=20)
       .filter(lambda k: k not in EVENT_FIELDS),
       st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=False),
                 st.lists(st.floats(allow_nan=False), max_size=5)))
def test_no_key_outside_the_schema_gets_in_whatever_its_value(key, value):
    payload = to_wire(make_event("session_engaged", **IDS, visit="0123456789abcdef"))
    payload[key] = value
    with pytest.raises(PayloadError):
        parse_event(payload, source="retail/v1/s1/mirror/m1/events")


@pytest.mark.parametrize(("field", "value"), [
    ("visit", "Anna Schmidt"), ("visit", "0123456789ABCDEF"), ("request", "r/1"),
    ("size", "M; drop table"), ("size", "a-very-long-size-name-here"), ("gtin", "2000000001112"),
    ("gtin", "12345"), ("colourway", "12345"), ("colourway", "x" * 40),
    ("colourway", "anna@example.com"), ("elapsed_s", -1), ("elapsed_s", 1e9), ("items", 0),
])
def test_values_are_narrow(field, value):
    fields = dict(VALID["size_requested"], **{field: value})
    with pytest.raises(PayloadError) as err:
        make_event("size_requested", **IDS, **fields)
    assert err.value.location.field in (field, None)


def test_a_kind_without_its_required_fields_is_refused():
    with pytest.raises(PayloadError, match="needs request, elapsed_s"):
        make_event("size_claimed", **IDS)


def test_colourway_names_may_be_in_any_script():
    event = make_event("item_scanned", **IDS, visit="0123456789abcdef", gtin=GTIN,
                       colourway="藏青")
    assert event.colourway == "藏青"


def test_malformed_wire_payloads_are_payload_errors():
    with pytest.raises(PayloadError):
        parse_event(b"{not json", source="t")
    with pytest.raises(PayloadError):
        parse_event({"v": 2, "kind": "session_engaged"}, source="t")


def test_gtin_check_digit_and_visit_ids():
    assert gtin_check_digit_ok("4006381333931")  # a GS1 example
    assert not gtin_check_digit_ok("4006381333932")
    ids = {new_visit_id() for _ in range(100)}
    assert len(ids) == 100 and all(len(i) == 16 for i in ids)


def test_naive_timestamps_are_refused():
    from datetime import datetime
    with pytest.raises(PayloadError, match="naive"):
        make_event("session_engaged", **IDS, visit="0123456789abcdef", ts=datetime(2026, 1, 1))
