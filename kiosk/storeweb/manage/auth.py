"""Sign-in, sign-out and sign-out everywhere for managers (the staff app's machinery).

Sessions are ``kiosk.storeweb.sessions.SessionStore`` (signed random id, server-side
state, revocable, a CSRF token each) under the cookie ``manage_session`` on /manage; the
sign-in form's CSRF token is bound to a nonce cookie (``signin_token``); attempts are
limited per address and per account (``SigninLimits``).  Every sign-in, failure and
sign-out lands in the audit log.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.storeweb.manage.view import (
    COOKIE,
    NONCE_COOKIE,
    PATH,
    address,
    audit,
    office_of,
    render,
    signed_in,
    web_of,
)
from kiosk.storeweb.sessions import new_nonce, signin_token
from kiosk.storeweb.web import require_csrf

log = logging.getLogger(__name__)


def signin_form(request: Request, *, error: str | None = None, status: int = 200,
                wait_s: int = 0, username: str = "") -> Response:
    office, web = office_of(request), web_of(request)
    nonce = (request.cookies.get(NONCE_COOKIE) or new_nonce())[:64]
    response = render(request, "manage/signin.html", status=status, error=error, wait_s=wait_s,
                      username=username, signin_csrf=signin_token(office.key, nonce))
    response.set_cookie(NONCE_COOKIE, nonce, httponly=True, samesite="strict",
                        secure=web.https, path=PATH)
    if wait_s:
        response.headers["Retry-After"] = str(wait_s)
    return response


async def signin(request: Request) -> Response:
    office, web = office_of(request), web_of(request)
    nonce = (request.cookies.get(NONCE_COOKIE) or "")[:64]
    if not nonce or not await require_csrf(request, signin_token(office.key, nonce)):
        log.warning("back-office sign-in without a valid form token from %s", address(request))
        return signin_form(request, error="signin_expired", status=403)
    form = await request.form()
    username = str(form.get("username", ""))[:64].strip().lower()
    password = str(form.get("password", ""))[:200]
    now, where = web.clock(), address(request)
    wait_s = office.limits.wait_s(where, username, now)
    if wait_s:
        log.warning("back-office sign-in for %r from %s rate-limited (%d s)", username, where, wait_s)
        return signin_form(request, error="signin_wait", status=429, wait_s=wait_s, username=username)
    manager = office.managers.authenticate(username, password)
    if manager is None:
        office.limits.failed(username, now)
        log.warning("failed back-office sign-in for %r from %s", username, where)
        office.db.record(now, username or "?", "-", "signin-failed", f"from {where}", {"address": where})
        return signin_form(request, error="signin_failed", status=401, username=username)
    cookie, _session = office.sessions.create(manager.id, now)
    audit(request, manager, "signed-in", f"from {where}", address=where)
    response = RedirectResponse(PATH, status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=int(office.sessions.shift_s), httponly=True,
                        samesite="strict", secure=web.https, path=PATH)
    return response


async def signout(request: Request) -> Response:
    """This browser only."""
    session, manager = signed_in(request)
    if session is not None and await require_csrf(request, session.csrf):
        office_of(request).sessions.revoke(request.cookies.get(COOKIE))
        audit(request, manager, "signed-out", "this browser")
    return _gone()


async def signout_everywhere(request: Request) -> Response:
    """Every session of this manager (a laptop left signed in somewhere); a regional
    manager may instead end another manager's (``who`` in the form)."""
    session, manager = signed_in(request)
    if session is None or not await require_csrf(request, session.csrf):
        return _gone()
    office = office_of(request)
    who = str((await request.form()).get("who", "") or manager.id)[:64]
    if who != manager.id and not (manager.ends_others_sessions and office.managers.get(who)):
        log.warning("%s tried to sign %r out without the right", manager.id, who)
        return render(request, "manage/home.html", status=403, error="forbidden", **home_context(request))
    ended = office.sessions.revoke_staff(who)
    audit(request, manager, "signed-out-everywhere", f"{who}: {ended} session(s)")
    return _gone() if who == manager.id else RedirectResponse(f"{PATH}/audit", status_code=303)


def _gone() -> Response:
    response = RedirectResponse(PATH, status_code=303)
    response.delete_cookie(COOKIE, path=PATH)
    return response


def home_context(request: Request) -> dict:
    office = office_of(request)
    # what the mirrors run; the config's catalogue file is loaded once per change (cached)
    running = office.channel.running(office.board, office.config.resolve(office.config.catalogue.path))
    return {"running": running, "mirrors": office.board.mirrors(),
            "managers": list(office.managers)}
