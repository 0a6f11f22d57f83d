"""The associates' pages under /staff: sign-in, the live request list, actions, events.

Works without JavaScript (forms post and come back to /staff); staff.js turns the page
live from /staff/events (Server-Sent Events: one-way is all the page needs, and it
passes any proxy that passes HTTP) and posts actions with fetch.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kiosk.storeweb import events, pages
from kiosk.storeweb.relay import ACTIONS, Refused
from kiosk.storeweb.sessions import COOKIE, new_nonce, signin_token
from kiosk.storeweb.web import StoreWeb, require_csrf

log = logging.getLogger(__name__)
NONCE_COOKIE = "staff_signin"


def _web(request: Request) -> StoreWeb:
    return request.app.state.web


def current(request: Request):
    """(session, account) of a valid sign-in, else (None, None): expired, revoked, unknown."""
    web = _web(request)
    session = web.sessions.get(request.cookies.get(COOKIE), web.clock())
    account = web.accounts.get(session.staff_id) if session else None
    return (session, account) if account else (None, None)


async def staff_page(request: Request) -> Response:
    session, account = current(request)
    if account is None:
        return _signin_form(request)
    return pages.render(request, "staff.html", account=account, csrf=session.csrf,
                        items=pages.items(_web(request), account))


def _signin_form(request: Request, *, error: str | None = None, status: int = 200,
                 wait_s: int = 0) -> Response:
    web = _web(request)
    nonce = request.cookies.get(NONCE_COOKIE) or new_nonce()
    response = pages.render(request, "signin.html", status=status, error=error, wait_s=wait_s,
                            accounts=list(web.accounts), csrf=signin_token(web.key, nonce[:64]))
    response.set_cookie(NONCE_COOKIE, nonce[:64], httponly=True, samesite="strict",
                        secure=web.https, path="/staff")
    if wait_s:
        response.headers["Retry-After"] = str(wait_s)
    return response


async def signin(request: Request) -> Response:
    web = _web(request)
    nonce = (request.cookies.get(NONCE_COOKIE) or "")[:64]
    if not nonce or not await require_csrf(request, signin_token(web.key, nonce)):
        log.warning("sign-in without a valid form token from %s", _address(request))
        return _signin_form(request, error="signin_expired", status=403)
    form = await request.form()
    staff_id, pin = str(form.get("staff", ""))[:64], str(form.get("pin", ""))[:16]
    now, address = web.clock(), _address(request)
    wait_s = web.limits.wait_s(address, staff_id, now)
    if wait_s:
        log.warning("sign-in for %r from %s rate-limited (%d s)", staff_id, address, wait_s)
        return _signin_form(request, error="signin_wait", status=429, wait_s=wait_s)
    account = web.accounts.authenticate(staff_id, pin)
    if account is None:
        web.limits.failed(staff_id, now)
        log.warning("failed sign-in for %r from %s", staff_id, address)
        return _signin_form(request, error="signin_failed", status=401)
    cookie, _session = web.sessions.create(account.id, now)
    log.info("%s signed in from %s", account.id, address)
    response = RedirectResponse("/staff", status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=int(web.sessions.shift_s), httponly=True,
                        samesite="strict", secure=web.https, path="/")
    return response


async def signout(request: Request) -> Response:
    session, account = current(request)
    if session is not None and await require_csrf(request, session.csrf):
        _web(request).sessions.revoke(request.cookies.get(COOKIE))
        log.info("%s signed out", account.id)
    response = RedirectResponse("/staff", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def action(request: Request) -> Response:
    session, account = current(request)
    wants_json = "application/json" in request.headers.get("accept", "")
    if session is None:
        return _answer(wants_json, 401, "signin_expired")
    if not await require_csrf(request, session.csrf):
        log.warning("action by %s without a valid CSRF token from %s", account.id, _address(request))
        return _answer(wants_json, 403, "forbidden")
    name, request_id = request.path_params["action"], request.path_params["request_id"]
    if name not in ACTIONS:
        return _answer(wants_json, 404, "unknown action")
    eta = request.query_params.get("eta")
    if eta is not None and not (eta.isascii() and eta.isdigit() and len(eta) <= 2):
        log.warning("refused: %s sent an estimate of %r", account.id, eta[:16])
        return _answer(wants_json, 400, "estimate must be one of 1, 2, 5 min")
    try:
        _web(request).relay.act(account, request_id[:64], name, int(eta) if eta else None)
    except Refused as exc:
        return _answer(wants_json, exc.status, str(exc))
    return _answer(wants_json, 202, "sent")


def _answer(wants_json: bool, status: int, message: str) -> Response:
    if wants_json:
        return JSONResponse({"ok": status < 400, "message": message}, status_code=status)
    return RedirectResponse("/staff", status_code=303)


async def stream(request: Request) -> Response:
    session, account = current(request)
    if account is None:
        return JSONResponse({"ok": False, "message": "signin_expired"}, status_code=401)
    return events.response(request, _web(request), account, lambda: current(request)[0] is session)


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


ROUTES = [
    Route("/staff", staff_page, methods=["GET"]),
    Route("/staff/signin", signin, methods=["POST"]),
    Route("/staff/signout", signout, methods=["POST"]),
    Route("/staff/events", stream, methods=["GET"]),
    Route("/staff/requests/{request_id}/{action}", action, methods=["POST"]),
    Route("/staff/manifest.webmanifest", pages.manifest, methods=["GET"]),
    Route("/staff/sw.js", pages.service_worker, methods=["GET"]),
]
