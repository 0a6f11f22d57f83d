"""Shared by the back-office routes: the signed-in manager, rendering, answers.

``signed_in`` gives (session, manager) or (None, None); ``render`` fills every page with
the language, the strings, the manager and the session's CSRF token.  Templates
autoescape (kiosk.storeweb.web): file names, cells and messages from uploads are text.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from kiosk.storeweb.manage import i18n
from kiosk.storeweb.manage.results import _timezone
from kiosk.storeweb.web import StoreWeb

COOKIE = "manage_session"
NONCE_COOKIE = "manage_signin"
LANG_COOKIE = "manage_lang"
PATH = "/manage"


def web_of(request: Request) -> StoreWeb:
    return request.app.state.web


def office_of(request: Request):
    return request.app.state.backoffice


def signed_in(request: Request):
    office = office_of(request)
    session = office.sessions.get(request.cookies.get(COOKIE), web_of(request).clock())
    manager = office.managers.get(session.staff_id) if session else None
    return (session, manager) if manager else (None, None)


def language(request: Request) -> str:
    return i18n.pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                              None, request.headers.get("accept-language"),
                              web_of(request).default_language)


def render(request: Request, template: str, *, status: int = 200, **context) -> Response:
    web, office = web_of(request), office_of(request)
    lang = language(request)
    session, manager = signed_in(request)
    zone = ZoneInfo(_timezone(office.config))

    def when(ts: float | None) -> str:
        return datetime.fromtimestamp(ts, zone).strftime("%Y-%m-%d %H:%M") if ts else "–"

    response = web.templates.TemplateResponse(request, template, {
        "t": i18n.translator(lang), "lang": lang, "html_lang": i18n.html_lang(lang),
        "languages": i18n.LANGUAGES, "store_name": web.store_name, "manager": manager,
        "csrf": session.csrf if session else "", "when": when, "page": template.split("/")[-1][:-5],
        **context}, status_code=status)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=180 * 86400, samesite="strict",
                            secure=web.https, path=PATH)
    return response


def address(request: Request) -> str:
    return request.client.host if request.client else "?"


def audit(request: Request, manager, action: str, detail: str, **facts) -> None:
    """``detail`` is one plain line; ``facts`` what the Audit log page words (audit_view.py)."""
    office_of(request).db.record(web_of(request).clock(), manager.id, manager.role, action, detail, facts)
