"""The manager screen's Qt-free parts: the PIN gate and the status snapshot.

The PIN is stored only as a salted PBKDF2-SHA256 hash in a file the config
names (``insight.manager_pin_file``, made by ``kiosk insight pin``).  A PIN of
4-8 digits is weak against offline guessing, so the real protection is online:
after ``max_attempts`` wrong PINs the gate locks out, doubling the wait each
time; an unlocked screen locks itself after ``idle_s`` without a touch, and after
``max_session_s`` whatever happens (a status refresh that touches the gate by mistake
cannot keep a forgotten screen open).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import ConfigError, Location

PIN_PATTERN = re.compile(r"^\d{4,8}$")
ITERATIONS = 200_000
_HASH = re.compile(r"^pbkdf2_sha256\$(\d{4,7})\$([A-Za-z0-9+/=]{16,})\$([A-Za-z0-9+/=]{40,})$")


def hash_pin(pin: str, iterations: int = ITERATIONS) -> str:
    if not PIN_PATTERN.match(pin):
        raise ConfigError("the manager PIN must be 4 to 8 digits", location=Location(field="pin"),
                          fix="choose a PIN of 4-8 digits (not 0000 or 1234)")
    return _hash_secret(pin, iterations)


def verify_pin(pin: str, encoded: str) -> bool:
    return bool(PIN_PATTERN.match(pin)) and _verify_secret(pin, encoded)


# Back-office passwords (kiosk/storeweb/manage): the same salted PBKDF2 scheme and format as
# the PINs, so one helper hashes every staff secret; only the shape check differs.
PASSWORD_MIN, PASSWORD_MAX = 10, 128


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise ConfigError(f"a back-office password must be {PASSWORD_MIN} to {PASSWORD_MAX} "
                          "characters", location=Location(field="password"),
                          fix="choose a longer password (a few words make a good one)")
    return _hash_secret(password, iterations)


def verify_password(password: str, encoded: str) -> bool:
    # Length checked before the hash work: a 1 MB "password" must not cost 200 000 rounds of it.
    return len(password) <= PASSWORD_MAX and _verify_secret(password, encoded)


def _hash_secret(secret: str, iterations: int) -> str:
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def _verify_secret(secret: str, encoded: str) -> bool:
    found = _HASH.match(encoded or "")
    if not found:
        return False
    iterations, salt, expected = int(found[1]), base64.b64decode(found[2]), base64.b64decode(found[3])
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, iterations)
    return hmac.compare_digest(digest, expected)


def load_pin_hash(path: str | Path) -> str:
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise ConfigError("cannot read the manager PIN file", location=Location(str(path)),
                          fix="create it with `kiosk insight pin --out PATH`") from None
    if not _HASH.match(text):
        raise ConfigError("the manager PIN file does not hold a PIN hash",
                          location=Location(str(path), 1),
                          fix="recreate it with `kiosk insight pin --out PATH`")
    return text


class ManagerGate:
    """States: no_pin (screen unavailable), locked, locked_out, unlocked."""

    def __init__(self, pin_hash: str | None, *, clock: Callable[[], float] = time.monotonic,
                 max_attempts: int = 5, lockout_s: float = 30.0, idle_s: float = 120.0,
                 max_session_s: float = 900.0):
        self._hash, self._clock = pin_hash, clock
        self._max, self._lockout_s, self._idle_s = max_attempts, lockout_s, idle_s
        self._max_session_s = max_session_s
        self._unlocked_at = 0.0
        self._failures = self._lockouts = 0
        self._locked_until = 0.0
        self._last_touch: float | None = None

    @property
    def state(self) -> str:
        now = self._clock()
        if self._hash is None:
            return "no_pin"
        if now < self._locked_until:
            return "locked_out"
        if (self._last_touch is not None and now - self._last_touch <= self._idle_s
                and now - self._unlocked_at <= self._max_session_s):
            return "unlocked"
        self._last_touch = None
        return "locked"

    def unlock(self, pin: str) -> bool:
        if self.state in ("no_pin", "locked_out"):
            return False
        if verify_pin(pin, self._hash):
            self._failures = 0
            self._last_touch = self._unlocked_at = self._clock()
            return True
        self._failures += 1
        if self._failures >= self._max:
            self._failures, self._lockouts = 0, self._lockouts + 1
            self._locked_until = self._clock() + self._lockout_s * 2 ** (self._lockouts - 1)
        return False

    def touch(self) -> None:
        """Any manager interaction keeps the screen open."""
        if self.state == "unlocked":
            self._last_touch = self._clock()

    def lock(self) -> None:
        self._last_touch = None

    def retry_in_s(self) -> float:
        return max(0.0, self._locked_until - self._clock())


@dataclass(frozen=True)
class ManagerStatus:
    """What the manager screen shows; the lead fills the parts other features own."""
    online: bool
    camera: str  # "running", "off", "stalled"
    catalogue_version: str | None
    calibration: str  # e.g. "calibrated 2026-11-20 (ΔE 1.8)" or "not calibrated"
    open_requests: int
    median_response_s: float | None
    events_today: int
    unpublished_events: int

    def rows(self) -> list[tuple[str, str]]:
        median = "–" if self.median_response_s is None else f"{self.median_response_s:.0f} s"
        return [("Broker", "online" if self.online else "OFFLINE"), ("Camera", self.camera),
                ("Catalogue", self.catalogue_version or "none loaded"),
                ("Colour calibration", self.calibration),
                ("Open size requests", str(self.open_requests)),
                ("Median answer time (4 h)", median),
                ("Events today", f"{self.events_today} ({self.unpublished_events} not yet sent)")]
