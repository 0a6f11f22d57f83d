"""Hand-off tokens: 128-bit random id + expiry + truncated HMAC-SHA256, in 44 URL-safe chars.

Layout (33 bytes, base64url without padding = 44 characters, so the whole
URL stays near QR version 5-M):

    key_id (1) | random id (16) | expires_at unix seconds (4, big-endian) | tag (12)

The tag is HMAC-SHA256(store key, key_id|id|expires_at) truncated to 96 bits:
a forged or tampered token is rejected *before* any database lookup, so
guessing costs the attacker a rate-limited request and us no I/O.  The random
id is what makes a token unguessable; the server stores only its SHA-256
(``id_hash``), so a leaked database row cannot be turned back into a URL.
Single use and revocation live in the store (kiosk.handoff.storage).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import struct
from dataclasses import dataclass

from kiosk.errors import HandoffError

TOKEN_CHARS = 44
MAX_TTL_S = 300  # the issue's ceiling: a QR on a public mirror lives 5 minutes at most
_TAG_BYTES = 12
_ID_BYTES = 16
_BODY = struct.Struct(">B16sI")
MIN_KEY_BYTES = 32
# Strict alphabet: b64decode would otherwise accept "+" and "/" as aliases of "-" and "_".
_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_CHARS}}}")


class TokenRejected(HandoffError):
    """A token is malformed, forged, expired or already used; ``reason`` says which."""

    def __init__(self, reason: str, message: str):
        super().__init__(message, fix="scan the QR code on the mirror again")
        self.reason = reason


@dataclass(frozen=True)
class IssuedToken:
    token: str
    id_hash: str
    expires_at: int


@dataclass(frozen=True)
class VerifiedToken:
    id_hash: str
    expires_at: int


def id_hash(raw_id: bytes) -> str:
    return hashlib.sha256(raw_id).hexdigest()


class TokenSigner:
    """Issues and verifies tokens with per-store keys; key ids allow rotation."""

    def __init__(self, keys: dict[int, bytes], current_key_id: int):
        for key_id, key in keys.items():
            if not 0 <= key_id <= 255 or len(key) < MIN_KEY_BYTES:
                raise HandoffError(f"token key {key_id} must be 0-255 with >= {MIN_KEY_BYTES} bytes",
                                   fix="generate one with: python -c 'import secrets;print(secrets.token_hex(32))'")
        if current_key_id not in keys:
            raise HandoffError(f"no token key with id {current_key_id}", fix="add it to the key set")
        self._keys = dict(keys)
        self._current = current_key_id

    def issue(self, now: float, ttl_s: int) -> IssuedToken:
        if not 0 < ttl_s <= MAX_TTL_S:
            raise HandoffError(f"token TTL {ttl_s}s is outside 1..{MAX_TTL_S}s",
                               fix=f"set handoff.token_ttl_s to at most {MAX_TTL_S}")
        raw_id = secrets.token_bytes(_ID_BYTES)
        expires_at = int(now) + ttl_s
        body = _BODY.pack(self._current, raw_id, expires_at)
        tag = self._tag(self._keys[self._current], body)
        token = base64.urlsafe_b64encode(body + tag).decode("ascii").rstrip("=")
        return IssuedToken(token, id_hash(raw_id), expires_at)

    def verify(self, token: str, now: float) -> VerifiedToken:
        """Check shape, key, tag (constant time) and expiry; raise TokenRejected."""
        body, tag = _split(token)
        key_id, raw_id, expires_at = _BODY.unpack(body)
        key = self._keys.get(key_id)
        if key is None or not hmac.compare_digest(self._tag(key, body), tag):
            raise TokenRejected("forged", "this link is not valid")
        if now >= expires_at:
            raise TokenRejected("expired", "this link has expired")
        return VerifiedToken(id_hash(raw_id), expires_at)

    @staticmethod
    def _tag(key: bytes, body: bytes) -> bytes:
        return hmac.new(key, body, hashlib.sha256).digest()[:_TAG_BYTES]


def _split(token: str) -> tuple[bytes, bytes]:
    if not isinstance(token, str) or not _SHAPE.fullmatch(token):
        raise TokenRejected("malformed", "this link is not valid")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise TokenRejected("malformed", "this link is not valid") from None
    if len(raw) != _BODY.size + _TAG_BYTES:
        raise TokenRejected("malformed", "this link is not valid")
    return raw[: _BODY.size], raw[_BODY.size:]
