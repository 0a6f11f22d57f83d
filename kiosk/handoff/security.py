"""HTTP hardening for the phone pages: security headers, CSRF checks, phone-session cookie.

* Strict CSP (no inline script or style, forms post only to us and the
  configured checkout origin), referrer only to ourselves (the
  token URL never leaks to the shop or an image CDN), no framing, no caching of basket pages.
* CSRF: a per-basket secret in a hidden field, compared in constant time,
  plus an Origin/Referer same-origin check; the session cookie is
  HttpOnly + SameSite=Lax (+ Secure over HTTPS).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "basket"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csp(extra_form_origins: tuple[str, ...] = ()) -> str:
    form_action = " ".join(("'self'",) + extra_form_origins)
    return ("default-src 'none'; style-src 'self'; img-src 'self' https: data:; "
            f"form-action {form_action}; base-uri 'none'; frame-ancestors 'none'")


class HardenHeaders:
    """ASGI middleware: every response of the app gets the security headers."""

    def __init__(self, app, policy: str, https: bool):
        self.app, self.policy, self.https = app, policy, https

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = scope["path"].startswith("/static/")

        async def send_hardened(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if static:  # CSS is public and versioned with the package: let phones cache it
                    headers["Cache-Control"] = "public, max-age=3600"
                harden_headers(headers, self.policy, self.https)
            await send(message)

        await self.app(scope, receive, send_hardened)


def harden_headers(headers: MutableHeaders, policy: str, https: bool) -> None:
    headers["Content-Security-Policy"] = policy
    headers["Referrer-Policy"] = "same-origin"  # no-referrer would make form posts send Origin: null
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers.setdefault("Cache-Control", "no-store")
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000"


def same_origin(request: Request, public_origin: str) -> bool:
    """The form was posted from our own page (Origin, or Referer when Origin is absent)."""
    sent = request.headers.get("origin")
    if sent is None or sent == "null":
        referer = request.headers.get("referer")
        sent = origin_of(referer) if referer else None
    own = {public_origin, origin_of(str(request.base_url))}
    return sent in own


def csrf_ok(expected: str, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(expected.encode(), sent.encode())


def set_session_cookie(response: Response, session_id: str, max_age: int, https: bool) -> None:
    response.set_cookie(SESSION_COOKIE, session_id, max_age=max_age, httponly=True,
                        samesite="lax", secure=https, path="/")
