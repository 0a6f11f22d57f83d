"""Tokens: unguessable, tamper-evident, expiring, URL- and QR-friendly."""

from __future__ import annotations

import base64
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import HandoffError
from kiosk.handoff.qr import qr_matrix
from kiosk.handoff.tokens import MAX_TTL_S, TOKEN_CHARS, TokenRejected, TokenSigner

KEY = bytes(range(32))
NOW = 1_800_000_000.0


def signer(key: bytes = KEY) -> TokenSigner:
    return TokenSigner({1: key}, 1)


def test_issued_token_verifies_until_expiry_then_is_rejected():
    issued = signer().issue(NOW, 180)
    assert len(issued.token) == TOKEN_CHARS
    assert signer().verify(issued.token, NOW + 179).id_hash == issued.id_hash
    with pytest.raises(TokenRejected) as expired:
        signer().verify(issued.token, NOW + 180)
    assert expired.value.reason == "expired"


def test_every_single_byte_change_is_rejected():
    token = signer().issue(NOW, 180).token
    raw = bytearray(base64.urlsafe_b64decode(token + "="))
    for index in range(len(raw)):
        tampered = bytearray(raw)
        tampered[index] ^= 0x01
        text = base64.urlsafe_b64encode(bytes(tampered)).decode().rstrip("=")
        with pytest.raises(TokenRejected) as rejected:
            signer().verify(text, NOW)
        assert rejected.value.reason in ("forged", "malformed")


def test_extending_the_expiry_inside_the_token_is_detected():
    raw = bytearray(base64.urlsafe_b64decode(signer().issue(NOW, 60).token + "="))
    raw[17:21] = int(NOW + 86400).to_bytes(4, "big")  # the expires_at field
    forged = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(TokenRejected, match="not valid"):
        signer().verify(forged, NOW + 120)


def test_a_token_from_another_store_key_is_forged():
    other = signer(secrets.token_bytes(32)).issue(NOW, 180).token
    with pytest.raises(TokenRejected) as rejected:
        signer().verify(other, NOW)
    assert rejected.value.reason == "forged"


def test_key_rotation_keeps_old_tokens_valid():
    old = TokenSigner({1: KEY}, 1).issue(NOW, 180).token
    rotated = TokenSigner({1: KEY, 2: secrets.token_bytes(32)}, 2)
    assert rotated.verify(old, NOW)
    assert rotated.verify(rotated.issue(NOW, 180).token, NOW)


@pytest.mark.parametrize("bad", ["", "x" * 43, "x" * 45, "+" * 44, "/" * 44, "é" * 44,
                                 "A" * 43 + "\n", None, 12])
def test_malformed_tokens_are_rejected_without_crashing(bad):
    with pytest.raises(TokenRejected) as rejected:
        signer().verify(bad, NOW)
    assert rejected.value.reason == "malformed"


def test_plus_and_slash_are_not_accepted_as_aliases():
    token = signer().issue(NOW, 180).token
    alias = token.replace("-", "+").replace("_", "/")
    if alias != token:
        with pytest.raises(TokenRejected):
            signer().verify(alias, NOW)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
               min_size=TOKEN_CHARS, max_size=TOKEN_CHARS))
def test_guessed_tokens_never_verify(guess):
    with pytest.raises(TokenRejected):
        signer().verify(guess, NOW)


def test_ids_are_random_and_only_their_hash_is_exposed():
    issued = [signer().issue(NOW, 180) for _ in range(500)]
    assert len({i.token for i in issued}) == 500
    assert len({i.id_hash for i in issued}) == 500
    assert all(i.id_hash not in i.token and len(i.id_hash) == 64 for i in issued)


@pytest.mark.parametrize("ttl", [0, -1, MAX_TTL_S + 1, 3600])
def test_ttl_must_stay_within_five_minutes(ttl):
    with pytest.raises(HandoffError, match="TTL"):
        signer().issue(NOW, ttl)


def test_short_keys_are_refused():
    with pytest.raises(HandoffError, match="bytes"):
        TokenSigner({1: b"short"}, 1)


def test_a_typical_handoff_url_fits_qr_version_5_at_level_m():
    url = "https://mirror.maison-demo.fr/h/" + signer().issue(NOW, 180).token
    assert len(url) <= 80
    assert qr_matrix(url).version <= 5
