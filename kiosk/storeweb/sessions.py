"""Staff sessions: a random id in a signed cookie, the state on the server.

The cookie is ``<id>.<hmac>``: a forged or altered value is refused before any
lookup, and the store only keeps ``sha256(id)``.  A session lasts one shift
(``staff_app.shift_hours``) and ends early when revoked (sign-out, or a manager
revoking a lost phone): revocation deletes the server-side state, so the cookie
is worthless at once.  Each session carries its own CSRF token.  In memory on
purpose: one service per store, and a restart only asks staff to sign in again.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass

from kiosk.handoff.security import new_secret, secret_hash

COOKIE = "staff_session"
MAX_SESSIONS = 2000  # a store has tens of staff; bounded so sign-in floods cannot grow memory


@dataclass
class Session:
    staff_id: str
    created: float
    expires: float
    csrf: str


class SessionStore:
    def __init__(self, key: bytes, shift_s: float):
        self._key, self.shift_s = key, shift_s
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, staff_id: str, now: float) -> tuple[str, Session]:
        """A new session; returns the cookie value to set and the session."""
        session_id = new_secret()
        session = Session(staff_id, now, now + self.shift_s, new_secret())
        with self._lock:
            self._drop_expired(now)
            if len(self._sessions) >= MAX_SESSIONS:  # evict the oldest, never refuse a real sign-in
                del self._sessions[min(self._sessions, key=lambda k: self._sessions[k].created)]
            self._sessions[secret_hash(session_id)] = session
        return f"{session_id}.{self._sign(session_id)}", session

    def get(self, cookie: str | None, now: float) -> Session | None:
        session_id = self._verified(cookie)
        if session_id is None:
            return None
        with self._lock:
            session = self._sessions.get(secret_hash(session_id))
            if session is not None and now >= session.expires:
                del self._sessions[secret_hash(session_id)]
                return None
        return session

    def revoke(self, cookie: str | None) -> bool:
        session_id = self._verified(cookie)
        with self._lock:
            return session_id is not None and self._sessions.pop(secret_hash(session_id), None) is not None

    def signed_in(self, now: float) -> set[str]:
        """Staff ids with a live sign-in (their shift is on): who requests are routed to."""
        with self._lock:
            return {s.staff_id for s in self._sessions.values() if s.expires > now}

    def revoke_staff(self, staff_id: str) -> int:
        """End every sign-in of one staff member (a lost phone, someone leaving); the count."""
        with self._lock:
            gone = [k for k, s in self._sessions.items() if s.staff_id == staff_id]
            for key in gone:
                del self._sessions[key]
        return len(gone)

    def _verified(self, cookie: str | None) -> str | None:
        session_id, _, tag = (cookie or "").partition(".")
        if not session_id or not tag or len(cookie) > 200:
            return None
        return session_id if hmac.compare_digest(tag, self._sign(session_id)) else None

    def _sign(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), "sha256").hexdigest()[:32]

    def _drop_expired(self, now: float) -> None:
        for key in [k for k, s in self._sessions.items() if now >= s.expires]:
            del self._sessions[key]


def signin_token(key: bytes, nonce: str) -> str:
    """CSRF token of the sign-in form, bound to a per-browser nonce cookie (double submit
    with a signature: another site can neither read the cookie nor compute the token)."""
    return hmac.new(key, f"signin\n{nonce}".encode(), "sha256").hexdigest()


def new_nonce() -> str:
    return secrets.token_urlsafe(18)
