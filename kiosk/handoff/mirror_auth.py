"""Per-mirror request signing for POST /api/v1/handoffs.

Each mirror holds its own secret; the service holds every mirror's.  The
mirror signs ``mirror | timestamp | sha256(body)`` with HMAC-SHA256, so the
key never crosses the network (the shop LAN may be plain HTTP) and a captured
request is only good for ``MAX_SKEW_S``; the snapshot id inside the body is
remembered by the service to refuse an exact replay inside that window.
"""

from __future__ import annotations

import hashlib
import hmac

from kiosk.errors import HandoffError

MAX_SKEW_S = 60
HEADER_MIRROR = "X-Mirror-Id"
HEADER_TS = "X-Mirror-Timestamp"
HEADER_SIG = "X-Mirror-Signature"


class MirrorAuthError(HandoffError):
    """The request is not signed by a known mirror (the reason stays server-side)."""


def signature(key: bytes, mirror: str, ts: int, body: bytes) -> str:
    message = f"{mirror}\n{ts}\n{hashlib.sha256(body).hexdigest()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign_headers(key: bytes, mirror: str, ts: int, body: bytes) -> dict[str, str]:
    return {HEADER_MIRROR: mirror, HEADER_TS: str(ts), HEADER_SIG: signature(key, mirror, ts, body)}


def verify_headers(keys: dict[str, bytes], headers, body: bytes, now: float) -> str:
    """Return the authenticated mirror id or raise MirrorAuthError."""
    mirror = headers.get(HEADER_MIRROR, "")
    key = keys.get(mirror)
    try:
        ts = int(headers.get(HEADER_TS, ""))
    except ValueError:
        raise MirrorAuthError("missing or bad timestamp", fix="sign requests with sign_headers()") from None
    if key is None:
        raise MirrorAuthError(f"unknown mirror {mirror!r}", fix="add the mirror's key to the service")
    if abs(now - ts) > MAX_SKEW_S:
        raise MirrorAuthError("timestamp outside the allowed skew", fix="sync the mirror's clock (NTP)")
    expected = signature(key, mirror, ts, body)
    if not hmac.compare_digest(expected, headers.get(HEADER_SIG, "")):
        raise MirrorAuthError("bad signature", fix="check the mirror key matches the service's")
    return mirror
