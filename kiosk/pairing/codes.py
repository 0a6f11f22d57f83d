"""The store's pending pairings: a short code for a person, a long secret for the device.

A mirror asks with its id and gets a code (shown on its screen) and a device secret (kept
in memory).  A manager who types the code sees which mirror asks and approves it; the
broker password is then handed out once, to the holder of the secret only.  Codes and
secrets are kept as HMAC-SHA256 under a per-process key, so a memory dump of this table
names no live code; a restart forgets every pending pairing (the mirror asks again).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.handoff.ratelimit import RateLimiter

# No 0/O, 1/I/L: read aloud or typed from 2 m away without a mix-up.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
COLLECT_GRACE_S = 120.0
MAX_PENDING = 50  # a store adds a mirror now and then; bounded against a flood of starts


class PairingRefused(Exception):
    """Why a start was refused: ``reason`` is 'rate' (wait ``retry_s``) or 'busy'."""

    def __init__(self, reason: str, retry_s: int = 0):
        super().__init__(reason)
        self.reason, self.retry_s = reason, retry_s


@dataclass
class Pending:
    mirror: str
    address: str
    started: float
    expires: float
    password: str | None = None  # set by approve; handed out once by collect
    installing: bool = False     # approve is writing the broker files and reloading


@dataclass(frozen=True)
class Started:
    code: str
    secret: str
    expires_s: int


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(typed: str) -> str:
    """What a person typed: case, spaces and dashes do not matter ('abcd-efgh' = 'ABCDEFGH')."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")[:32]


def grouped(code: str) -> str:
    """ABCD-EFGH: two groups of four are easier to read from a screen."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


class PairingBook:
    def __init__(self, clock: Callable[[], float], *, lifetime_s: float = 600.0,
                 starts_per_address: int = 5, key: bytes | None = None):
        self.clock, self.lifetime_s = clock, lifetime_s
        self._key = key or secrets.token_bytes(32)
        self._by_code: dict[str, str] = {}       # hashed code -> hashed secret
        self._by_secret: dict[str, Pending] = {}  # hashed secret -> pending pairing
        self._starts = RateLimiter(starts_per_address, lifetime_s)
        self._lock = threading.Lock()

    def _hash(self, kind: str, value: str) -> str:
        return hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def start(self, mirror: str, address: str) -> Started:
        now = self.clock()
        if not self._starts.allow(address, now):
            raise PairingRefused("rate", self._starts.retry_after(address, now))
        with self._lock:
            self._forget_expired(now)
            if len(self._by_secret) >= MAX_PENDING:
                raise PairingRefused("busy", 60)
            code, secret = new_code(), secrets.token_urlsafe(32)
            while self._hash("code", code) in self._by_code:  # 31^8: practically never
                code = new_code()
            hashed = self._hash("secret", secret)
            self._by_code[self._hash("code", code)] = hashed
            self._by_secret[hashed] = Pending(mirror, address, now, now + self.lifetime_s)
        return Started(code, secret, int(self.lifetime_s))

    def waiting(self, typed: str) -> Pending | None:
        """The pairing a code names while it can still be approved; None for any wrong code."""
        with self._lock:
            self._forget_expired(self.clock())
            hashed = self._by_code.get(self._hash("code", normalise(typed)))
            pending = self._by_secret.get(hashed) if hashed else None
            return pending if pending and pending.password is None else None

    def approve(self, typed: str, make_password: Callable[[str], str]) -> Pending | None:
        """Single use: the code is gone afterwards.  ``make_password(mirror)`` installs the
        login and returns the password (an exception leaves the pairing waiting).  It runs
        outside the lock: a broker reload takes seconds, and polls must not wait for it."""
        key = self._hash("code", normalise(typed))
        with self._lock:
            self._forget_expired(self.clock())
            hashed = self._by_code.get(key)
            pending = self._by_secret.get(hashed) if hashed else None
            if hashed is None or pending is None or pending.password is not None or pending.installing:
                return None
            pending.installing = True  # a second approval of the same code meanwhile: None
        try:
            password = make_password(pending.mirror)
        finally:
            pending.installing = False
        with self._lock:
            pending.password = password
            self._by_code.pop(key, None)
            # A mirror polling every few seconds collects at once; approved near the end of
            # the code's life it still gets a short grace to do so.
            pending.expires = max(pending.expires, self.clock() + COLLECT_GRACE_S)
            if hashed not in self._by_secret:  # expired while installing: hand it out anyway
                self._by_secret[hashed] = pending
            return pending

    def collect(self, secret: str) -> tuple[str, str | None]:
        """('waiting', None), ('approved', password) once, or ('unknown', None): expired,
        collected already or never started."""
        with self._lock:
            self._forget_expired(self.clock())
            hashed = self._hash("secret", secret[:200])
            pending = self._by_secret.get(hashed)
            if pending is None:
                return "unknown", None
            if pending.password is None:
                return "waiting", None
            del self._by_secret[hashed]
            return "approved", pending.password

    def _forget_expired(self, now: float) -> None:
        gone = {h for h, p in self._by_secret.items() if p.expires <= now}
        for hashed in gone:
            del self._by_secret[hashed]
        for code, hashed in list(self._by_code.items()):
            if hashed in gone:
                del self._by_code[code]
