"""Mirror side of the hand-off: post the basket snapshot, get back what the QR shows.

``HandoffClient.create(basket)`` is called on a worker thread (never the Qt
GUI thread): it signs the snapshot with this mirror's key, posts it with a
short timeout and returns a ``Handoff`` (url, domain to print under the
code, expiry, QR matrix).  Any failure is a ``HandoffError`` with a fix,
so the UI shows "try again" instead of a dead QR.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import ValidationError

from kiosk.errors import HandoffError
from kiosk.handoff.mirror_auth import sign_headers
from kiosk.handoff.qr import QrMatrix, qr_matrix
from kiosk.handoff.snapshot import Created, Snapshot, SnapshotLine

MAX_RESPONSE = 8 * 1024


@dataclass(frozen=True)
class Handoff:
    url: str
    domain: str          # print it under the QR (QR-swap phishing)
    expires_at: float    # unix seconds
    token_hash: str      # matches HandoffClaimed.token on .../handoff/{mirror}/claimed
    qr_matrix: QrMatrix

    def seconds_left(self, now: float | None = None) -> int:
        return max(0, int(self.expires_at - (time.time() if now is None else now)))


class HandoffClient:
    def __init__(self, base_url: str, store: str, mirror: str, key: bytes, timeout_s: float = 2.0,
                 language: str = "en"):
        self.base_url = base_url.rstrip("/")
        self.store, self.mirror, self.language = store, mirror, language
        self._key = key
        self.timeout_s = timeout_s

    def create(self, basket, language: str | None = None) -> Handoff:
        """``basket``: anything with ``.lines`` of (gtin, quantity) (kiosk.basket.Basket works);
        ``language``: the one the shopper uses on the mirror now, so the phone page opens in it."""
        lines = tuple(SnapshotLine(gtin=line.gtin, quantity=line.quantity) for line in basket.lines)
        if not lines:
            raise HandoffError("the basket is empty", fix="add an item before sending it to a phone")
        snapshot = Snapshot(snapshot_id=uuid.uuid4().hex, store=self.store, mirror=self.mirror,
                            language=language or self.language, lines=lines)
        created = self._post(snapshot.model_dump_json().encode())
        return Handoff(created.url, urlsplit(created.url).netloc, float(created.expires_at),
                       created.token_hash, qr_matrix(created.url))

    def _post(self, body: bytes) -> Created:
        headers = {"Content-Type": "application/json",
                   **sign_headers(self._key, self.mirror, int(time.time()), body)}
        request = urllib.request.Request(f"{self.base_url}/api/v1/handoffs", body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                raw = response.read(MAX_RESPONSE + 1)
        except urllib.error.HTTPError as exc:
            raise HandoffError(f"hand-off service refused the basket (HTTP {exc.code}: "
                               f"{_reason(exc)})", fix=_FIXES.get(exc.code, "check the service log")) from None
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            raise HandoffError(f"hand-off service unreachable at {self.base_url} ({exc})",
                               fix="check the service runs and handoff.base_url is right") from None
        try:
            return Created.model_validate(json.loads(raw[:MAX_RESPONSE]))
        except (ValueError, ValidationError):
            raise HandoffError("hand-off service sent an unexpected answer",
                               fix="mirror and service versions must match") from None


_FIXES = {401: "this mirror's key or clock does not match the service (handoff.mirror_key_*)",
          403: "the mirror id in the config does not match its key",
          409: "the basket was sent twice or to another store's service",
          422: "an item is not in the service's catalogue: publish the catalogue",
          429: "too many requests: try again in a minute"}


def _reason(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read(2048)).get("error", exc.reason))
    except (ValueError, AttributeError, OSError):
        return str(exc.reason)
