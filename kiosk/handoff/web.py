"""Starlette app of the hand-off service: the mirror API and the phone pages.

Thin on purpose: HTTP parsing, status codes, cookies and headers here; the
decisions live in ``HandoffService``.  ``security.HardenHeaders`` adds the
security headers to every response.  Service calls that touch the database run
in the thread pool, so a slow or locked database never stalls the event loop
(other phones, ``/healthz``); a database that stays locked is a 503 "one moment".
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from kiosk.errors import CatalogueError, HandoffError
from kiosk.handoff import security
from kiosk.handoff.forms import FormProblem, parse_choice
from kiosk.handoff.mirror_auth import MirrorAuthError, verify_headers
from kiosk.handoff.pages import Pages
from kiosk.handoff.ratelimit import RedeemLimits
from kiosk.handoff.service import AppLink, HandoffService, Redirect
from kiosk.handoff.snapshot import Snapshot
from kiosk.handoff.storage import SESSION_TTL_S, StoreBusy
from kiosk.handoff.tokens import TokenRejected, VerifiedToken

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
MAX_BODY = 16 * 1024
_TOKEN_STATUS = {"expired": 410, "used": 410}
BUSY_RETRY_S = 3  # the busy page reloads itself after this; a stuck lock gets a few tries


def create_app(service: HandoffService, mirror_keys: dict[str, bytes], redeem_per_minute: int = 20,
               store_name: str = "", default_language: str = "en") -> Starlette:
    target = service.checkout_config.shop_url
    policy = security.csp((security.origin_of(target),) if target else ())
    https = service.public_url.startswith("https://")
    pages = Pages(Jinja2Templates(directory=str(HERE / "templates")), store_name, default_language)
    ends = Endpoints(service, mirror_keys, pages, redeem_per_minute, https)
    routes = [
        Route("/api/v1/handoffs", ends.create_handoff, methods=["POST"]),
        Route("/h/{token}", ends.redeem, methods=["GET"]),
        Route("/basket", ends.basket_page, methods=["GET"]),
        Route("/basket/checkout", ends.checkout, methods=["POST"]),
        Route("/order/{order_id}", ends.order_page, methods=["GET"]),
        Route("/img/{gtin}", ends.image, methods=["GET"]),
        Route("/healthz", ends.health, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    async def server_error(request: Request, exc: Exception) -> Response:
        """Outside the header middleware (Starlette's order), so it hardens its own page."""
        # The endpoint's name, not the path: the path of /h/<token> is the token.
        log.error("hand-off %s failed: %s", _endpoint(request), type(exc).__name__)
        page = pages.message(request, "oops", 500)
        security.harden_headers(page.headers, policy, https)
        return page

    async def store_busy(request: Request, _exc: Exception) -> Response:
        log.warning("hand-off database busy: %s asked to retry", _endpoint(request))
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "busy, retry"}, 503, {"Retry-After": str(BUSY_RETRY_S)})
        return pages.message(request, "busy", 503, retry_after=BUSY_RETRY_S)

    return Starlette(routes=routes, exception_handlers={StoreBusy: store_busy, Exception: server_error},
                     middleware=[Middleware(security.HardenHeaders, policy=policy, https=https)])


class Endpoints:
    def __init__(self, service: HandoffService, mirror_keys: dict[str, bytes], pages: Pages,
                 redeem_per_minute: int, https: bool):
        self.service, self.mirror_keys, self.pages, self.https = service, mirror_keys, pages, https
        self.limits = RedeemLimits(redeem_per_minute)

    async def create_handoff(self, request: Request) -> Response:
        body = await _read_limited(request, MAX_BODY)
        if body is None:
            return JSONResponse({"error": "body too large"}, 413)
        try:
            mirror = verify_headers(self.mirror_keys, request.headers, body, self.service.clock())
            snapshot = Snapshot.model_validate_json(body)
        except MirrorAuthError:
            return JSONResponse({"error": "not authenticated"}, 401)
        except ValidationError as exc:
            return JSONResponse({"error": "invalid snapshot", "detail": _first(exc)}, 422)
        if snapshot.mirror != mirror:
            return JSONResponse({"error": "snapshot mirror does not match the signer"}, 403)
        try:
            created = await run_in_threadpool(self.service.create, snapshot)
        except CatalogueError as exc:
            return JSONResponse({"error": str(exc)}, 422)
        except HandoffError as exc:
            return JSONResponse({"error": exc.message}, 409)
        return JSONResponse(created.model_dump(), 201)

    async def redeem(self, request: Request) -> Response:
        """A real code is always answered; only unknown codes meet the guessing limits."""
        try:
            verified = self.service.verify(request.path_params["token"])  # no I/O
        except TokenRejected as exc:
            return self._rejected(request, exc)
        wait = self.limits.genuine(verified.id_hash, self.service.clock())
        if wait:
            return self.pages.message(request, "busy", 429, retry_after=wait)
        try:
            session, language = await run_in_threadpool(self._open, verified, _session(request))
        except TokenRejected as exc:
            return self._rejected(request, exc)
        response = RedirectResponse("/basket", 303)
        security.set_session_cookie(response, session, SESSION_TTL_S, self.https)
        self.pages.remember_language(response, language)
        return response

    def _open(self, verified: VerifiedToken, current_session: str | None) -> tuple[str, str | None]:
        session = self.service.claim(verified, current_session)
        return session, self.service.language(session)

    def _rejected(self, request: Request, exc: TokenRejected) -> Response:
        if exc.reason in _TOKEN_STATUS:  # a real code, expired or used: nothing to guess
            return self.pages.message(request, exc.reason, _TOKEN_STATUS[exc.reason])
        client = request.client.host if request.client else "?"
        wait = self.limits.unknown(client, self.service.clock())
        if wait:
            return self.pages.message(request, "slow", 429, retry_after=wait)
        return self.pages.message(request, "invalid", 404)

    async def basket_page(self, request: Request) -> Response:
        found = await self._basket(request)
        if not isinstance(found, tuple):
            return found
        return self.pages.basket(request, *found, takes_address=self._takes_address())

    async def checkout(self, request: Request) -> Response:
        found = await self._basket(request)
        if not isinstance(found, tuple):
            return found
        if await _read_limited(request, MAX_BODY) is None:
            return self.pages.message(request, "form", 413)
        form = await request.form(max_files=0, max_fields=20)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        if not self._genuine(request, found[0].csrf, fields.get("csrf")):
            return self.pages.message(request, "form", 403)
        try:
            choice = parse_choice(fields, self._takes_address())
            outcome = await run_in_threadpool(self.service.checkout, *found, choice)
        except FormProblem as problem:
            return self.pages.basket(request, *found, takes_address=self._takes_address(),
                                     missing=problem.missing, form=fields, status=422)
        except HandoffError:
            return self.pages.message(request, "checkout_error", 409)
        if isinstance(outcome, Redirect):
            return RedirectResponse(outcome.url, 303)
        if isinstance(outcome, AppLink):
            return self.pages.app_link(request, outcome)
        return RedirectResponse(f"/order/{outcome.order_id}", 303)

    async def order_page(self, request: Request) -> Response:
        order = await run_in_threadpool(self.service.order, request.path_params["order_id"],
                                        _session(request))
        if order is None:
            return self.pages.message(request, "ended", 404)
        return self.pages.order(request, order, self.service.payment_url(order.id))

    async def image(self, request: Request) -> Response:
        """Public (product pictures), so it sends only the service's allow-list."""
        path = self.service.image_file(request.path_params["gtin"])
        if path is None:
            return Response(status_code=404)
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

    async def health(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def _basket(self, request: Request):
        """(opened, priced) or the page that explains why there is no basket to show."""
        try:
            found = await run_in_threadpool(self.service.basket, _session(request))
        except CatalogueError:  # an item left the catalogue after the QR was made
            return self.pages.message(request, "gone", 409)
        return found if found is not None else self.pages.message(request, "ended", 404)

    def _genuine(self, request: Request, expected_csrf: str, sent_csrf: str | None) -> bool:
        own = security.origin_of(self.service.public_url)
        return security.same_origin(request, own) and security.csrf_ok(expected_csrf, sent_csrf)

    def _takes_address(self) -> bool:
        """Only targets that can use an address ask for one (the others collect it themselves)."""
        return self.service.checkout_config.kind in ("shopify", "order")


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None past ``limit`` bytes (read no further: no memory for a flood) or
    when the client went away (e.g. closed for sending too slowly: connections.py)."""
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > limit:
        return None
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except ClientDisconnect:
        return None
    body = b"".join(chunks)
    request._body = body  # Starlette re-reads it for request.form()
    return body


def _endpoint(request: Request) -> str:
    return getattr(request.scope.get("endpoint"), "__name__", "request")


def _session(request: Request) -> str | None:
    return request.cookies.get(security.SESSION_COOKIE)


def _first(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
