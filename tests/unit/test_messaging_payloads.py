"""Property tests over the payload parser: any input gives a model or a PayloadError."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import PayloadError
from kiosk.messaging.bus import decode, encode
from kiosk.messaging.docs import EXAMPLES
from kiosk.messaging.payloads import MODELS, Claim, RequestDoc, parse

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
    store.bus.publish(build("s1", "womenswear", rid), data if isinstance(data, dict) else {"x": data})
    assert store.bus.handler_errors == 0
    assert store.mirror.get(rid).status in ("open", "claimed", "delivered")
