"""Property tests over the payload parser: any input gives a model or a PayloadError."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import PayloadError
from kiosk.messaging.bus import decode, encode
from kiosk.messaging.docs import EXAMPLES
from kiosk.messaging.payloads import MODELS, Claim, RequestDoc, parse, parse_on

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)
model_names = st.sampled_from(sorted(MODELS))


@settings(max_examples=300, deadline=None)
@given(model_names, json_values)
def test_parse_never_raises_anything_but_payload_error(name, data):
    try:
        parse(name, data)
    except PayloadError as exc:
        assert exc.fix  # every refusal says how to fix it


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_of_arbitrary_bytes_is_a_dict_none_or_payload_error(raw):
    try:
        value = decode(raw)
    except PayloadError:
        return
    assert value is None or isinstance(value, dict)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(list(EXAMPLES["request"])), json_values, max_size=6))
def test_mutated_request_docs_parse_or_fail_with_the_field_named(mutation):
    doc = EXAMPLES["request"] | mutation
    try:
        parsed = parse(RequestDoc, doc)
    except PayloadError as exc:
        assert exc.location.field or "version" in exc.message or "object" in exc.message
        return
    assert parse(RequestDoc, json.loads(encode(parsed))) == parsed  # round trip


@given(st.text(min_size=1, max_size=40).filter(str.strip), st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True))
def test_valid_claims_round_trip(name, staff_id):
    claim = Claim(staff={"id": staff_id, "name": name})
    assert parse(Claim, decode(encode(claim))) == claim


def test_unknown_keys_are_ignored_but_another_version_is_refused():
    claim = EXAMPLES["claim"] | {"device": "tc52"}
    assert parse(Claim, claim).staff.id == "anna"
    try:
        parse(Claim, claim | {"v": 2})
    except PayloadError as exc:
        assert exc.location.field == "v"
    else:
        raise AssertionError("v2 accepted")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["claim", "done"]), json_values)
def test_the_mirror_survives_any_claim_or_done_payload(kind, data):
    from kiosk.messaging import topics
    from tests.support.messaging import GTIN, Store

    store = Store()
    rid = store.mirror.request(GTIN, "M")
    build = topics.claim if kind == "claim" else topics.done
    store.bus.publish(build("s1", "womenswear", "m1", rid, "anna"), data if isinstance(data, dict) else {"x": data})
    assert store.bus.handler_errors == 0
    assert store.mirror.get(rid).status in ("open", "claimed", "delivered")


@pytest.mark.parametrize("change", [{"v": 1.0}, {"v": True}, {"v": "1"}, {"ts": True},
                                    {"ts": "1795418400"}, {"ts": 5e9}, {"ts": -1},
                                    {"revision": True}, {"revision": 1.0}, {"escalation": False}])
def test_type_laxness_on_versions_times_and_counts_is_refused(change):
    with pytest.raises(PayloadError) as err:
        parse(RequestDoc, EXAMPLES["request"] | change)
    assert err.value.location.field == next(iter(change))


def test_infinite_times_never_reach_a_model():
    raw = encode(EXAMPLES["claim"]).replace(b'"ts":1795418400.0', b'"ts":1e999')
    with pytest.raises(PayloadError):
        parse(Claim, decode(raw))


@pytest.mark.parametrize("expires_after", [2.0**32 + 10, 24 * 3600 + 1, -1])
def test_a_request_doc_lives_at_most_a_day(expires_after):
    created = EXAMPLES["request"]["created"]
    with pytest.raises(PayloadError) as err:
        parse(RequestDoc, EXAMPLES["request"] | {"expires": created + expires_after})
    assert err.value.location.field == "expires"


def test_a_payload_is_checked_against_the_ids_of_its_topic():
    from kiosk.messaging import topics

    spec = topics.spec("request")
    doc = EXAMPLES["request"]
    mine = topics.request("demo-store", "womenswear", "mirror-1", doc["id"])
    assert parse_on(spec, RequestDoc, mine, doc).mirror == "mirror-1"
    for topic in (topics.request("demo-store", "womenswear", "mirror-2", doc["id"]),
                  topics.request("demo-store", "menswear", "mirror-1", doc["id"]),
                  topics.request("demo-store", "womenswear", "mirror-1", "other-id")):
        with pytest.raises(PayloadError):
            parse_on(spec, RequestDoc, topic, doc)
    as_ben = topics.claim("demo-store", "womenswear", "mirror-1", doc["id"], "ben")
    with pytest.raises(PayloadError) as err:
        parse_on(topics.spec("claim"), Claim, as_ben, EXAMPLES["claim"])  # anna's payload
    assert err.value.location.field == "staff"
