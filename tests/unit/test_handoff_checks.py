"""Small security pieces: mirror signatures, rate limits, the checkout form, key files, config."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import load_config
from kiosk.errors import ConfigError
from kiosk.handoff.catalogue_lookup import load_id_map
from kiosk.handoff.forms import REQUIRED, FormProblem, parse_choice
from kiosk.handoff.mirror_auth import MirrorAuthError, sign_headers, verify_headers
from kiosk.handoff.ratelimit import RateLimiter
from kiosk.handoff.server import read_mirror_keys
from kiosk.handoff.storage import open_store

KEY = b"m" * 32
BODY = b'{"v":1}'


def test_a_signed_request_verifies_once_inside_the_skew_window():
    headers = sign_headers(KEY, "mirror-1", 1000, BODY)
    assert verify_headers({"mirror-1": KEY}, headers, BODY, 1030) == "mirror-1"
    with pytest.raises(MirrorAuthError, match="skew"):
        verify_headers({"mirror-1": KEY}, headers, BODY, 1100)
    with pytest.raises(MirrorAuthError, match="signature"):
        verify_headers({"mirror-1": KEY}, headers, BODY + b" ", 1000)
    with pytest.raises(MirrorAuthError, match="unknown"):
        verify_headers({"mirror-2": KEY}, headers, BODY, 1000)
    with pytest.raises(MirrorAuthError, match="timestamp"):
        verify_headers({"mirror-1": KEY}, {**headers, "X-Mirror-Timestamp": "soon"}, BODY, 1000)


def test_rate_limiter_counts_per_key_in_a_sliding_window():
    limiter = RateLimiter(3, 60.0)
    assert all(limiter.allow("phone", t) for t in (0, 1, 2))
    assert not limiter.allow("phone", 3) and limiter.allow("other", 3)
    assert limiter.retry_after("phone", 3) == 58
    assert limiter.allow("phone", 60.5)


def test_rate_limiter_memory_is_bounded():
    limiter = RateLimiter(1, 60.0, max_keys=100)
    for i in range(1000):
        limiter.allow(f"10.0.{i // 250}.{i % 250}", float(i))
    assert len(limiter._hits) <= 100


def test_checkout_form_names_missing_fields_and_cleans_input():
    with pytest.raises(FormProblem) as problem:
        parse_choice({"fulfilment": "delivery", "first_name": "Léa", "email": "nope"}, True)
    assert problem.value.missing == ["last_name", "address1", "city", "zip", "country", "email"]
    choice = parse_choice({"fulfilment": "delivery", "first_name": " Léa\x00\n ", "last_name": "M",
                           "address1": "1 rue X" * 50, "city": "Paris", "zip": "75004",
                           "country": "FR"}, True)
    assert choice.address.first_name == "Léa" and len(choice.address.address1) == 120
    assert parse_choice({"fulfilment": "collect", "first_name": "x"}, True).address is None
    assert parse_choice({"fulfilment": "delivery"}, False).address is None
    with pytest.raises(FormProblem):
        parse_choice({"fulfilment": "teleport"}, True)


def test_id_map_and_mirror_keys_files_report_file_and_line(tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_text("gtin,variant_id\n4006381333931,4401\n4006381333932,4402\n")
    with pytest.raises(ConfigError) as bad:
        load_id_map(ids)
    assert bad.value.location.line == 3 and bad.value.fix
    ids.write_text("gtin,variant_id\n4006381333931,4401\n")
    assert load_id_map(ids) == {"04006381333931": "4401"}
    keys = tmp_path / "mirrors.txt"
    keys.write_text("# mirror keys\nmirror-1 " + "ab" * 32 + "\nmirror-2 short\n")
    with pytest.raises(ConfigError) as short:
        read_mirror_keys(keys)
    assert short.value.location.line == 3


def test_checkout_config_errors_name_the_line(tmp_path):
    path = tmp_path / "store.yaml"
    path.write_text("store:\n  id: demo\nhandoff:\n  checkout:\n    kind: shopify\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "shop_url" in str(error.value) and ":4" in str(error.value)
    path.write_text("handoff:\n  token_ttl_s: 3600\n")
    with pytest.raises(ConfigError, match="token_ttl_s"):
        load_config(path)


def test_unknown_database_schemes_and_unreachable_servers_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="not supported") as error:
        open_store("mysql://handoff@db/handoff", tmp_path)
    assert "postgresql://" in error.value.fix
    with pytest.raises(ConfigError, match="cannot connect") as down:
        open_store("postgresql://handoff@127.0.0.1:9/handoff?connect_timeout=2", tmp_path)
    assert down.value.location.field == "handoff.database_url"


FORM_KEYS = ["fulfilment", "first_name", "last_name", "address1", "address2", "city", "zip",
             "country", "email", "csrf", "price", "total"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FORM_KEYS),
                       st.one_of(st.sampled_from(["delivery", "collect", "take_now"]),
                                 st.text(max_size=300)), max_size=12),
       st.booleans())
def test_any_posted_form_is_a_clean_choice_or_a_named_problem(form, takes_address):
    try:
        choice = parse_choice(form, takes_address)
    except FormProblem as problem:
        assert problem.missing and set(problem.missing) <= {"fulfilment", *REQUIRED, "email"}
        return
    assert choice.fulfilment == form["fulfilment"]
    if choice.address is not None:
        for value in vars(choice.address).values():
            assert len(value) <= 120 and value.isprintable() and value == value.strip()


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                    max_leaves=20))
def test_any_json_body_is_a_valid_snapshot_or_a_validation_error(value):
    import json

    from pydantic import ValidationError

    from kiosk.handoff.snapshot import Snapshot

    try:
        Snapshot.model_validate_json(json.dumps(value))
    except ValidationError:
        pass
