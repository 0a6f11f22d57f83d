"""The store web service's app factory, shared by /staff and (later) /manage.

Every response gets the hand-off service's security headers (kiosk.handoff.security)
with a CSP that allows our own script, styles, EventSource, manifest and service worker
and nothing else; every POST must come from our own origin (Origin/Referer) with a
small body, and carry a CSRF token that its route checks (``require_csrf``).
Templates autoescape; pages never put request text into HTML unescaped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from kiosk.handoff.security import HardenHeaders, csrf_ok, origin_of, same_origin
from kiosk.messaging.bus import Bus
from kiosk.storeweb.accounts import Accounts
from kiosk.storeweb.limits import SigninLimits
from kiosk.storeweb.relay import RequestRelay
from kiosk.storeweb.sessions import SessionStore

HERE = Path(__file__).parent
MAX_POST_BYTES = 8 * 1024  # a sign-in or an action is a few hundred bytes
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")


@dataclass
class StoreWeb:
    """Everything the routes share; built by ``kiosk.storeweb.server.build``."""
    store_id: str
    store_name: str
    accounts: Accounts
    sessions: SessionStore
    limits: SigninLimits
    relay: RequestRelay
    bus: Bus
    key: bytes                 # signs session cookies and sign-in CSRF tokens
    public_url: str
    default_language: str = "en"
    clock: Callable[[], float] = time.time
    stopping: bool = False     # long-lived event streams end when set
    # Paths that take a larger POST than MAX_POST_BYTES (the back office's upload).
    post_limits: dict[str, int] = field(default_factory=dict)
    # POSTs from devices, not browsers (a new mirror's pairing API): no cookie is ever read
    # there, so no origin check; the body limit stays.
    device_posts: set[str] = field(default_factory=set)
    on_stop: list[Callable[[], None]] = field(default_factory=list)  # run when the service stops
    templates: Jinja2Templates = field(default_factory=lambda: Jinja2Templates(env=_jinja()))

    @property
    def https(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def broker_up(self) -> bool:
        return bool(getattr(self.bus, "connected", True))


def _jinja() -> jinja2.Environment:
    """Autoescape everything, said here rather than trusted to a default."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)


async def require_csrf(request: Request, expected: str) -> bool:
    """The token from the form field or the X-CSRF-Token header (fetch), in constant time."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        sent = (await request.form()).get("csrf")
    return csrf_ok(expected, sent if isinstance(sent, str) else None)


class PostGate:
    """ASGI middleware: a POST from another origin, or with a large or unsized body, is refused
    before any route reads it (the per-route CSRF token is the second lock)."""

    def __init__(self, app, web: StoreWeb):
        self.app, self.web = app, web

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
            request = Request(scope)
            length = request.headers.get("content-length", "")
            limit = self.web.post_limits.get(scope["path"], MAX_POST_BYTES)
            foreign = (scope["path"] not in self.web.device_posts
                       and not same_origin(request, origin_of(self.web.public_url)))
            reason = ("cross-origin request refused" if foreign
                      else "body too large or unsized" if not length.isdigit() or int(length) > limit
                      else None)
            if reason:
                status = 403 if reason.startswith("cross") else 413
                return await PlainTextResponse(reason, status)(scope, receive, send)
        return await self.app(scope, receive, send)


def create_app(web: StoreWeb, routes: Sequence[BaseRoute]) -> Starlette:
    """The one app: the given routes, /static, and the guards around all of them."""
    app = Starlette(routes=[*routes, Mount("/static", StaticFiles(directory=HERE / "static"),
                                           name="static")])
    app.state.web = web
    app.add_middleware(PostGate, web=web)
    app.add_middleware(HardenHeaders, policy=CSP, https=web.https)
    return app
