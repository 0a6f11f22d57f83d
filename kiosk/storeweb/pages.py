"""Rendering for the staff pages: language choice, request items, manifest, service worker.

``items`` is the one shape of a request for both the first HTML render and every
event the page receives, so the no-JS page and the live page cannot disagree.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.storeweb import i18n
from kiosk.storeweb.accounts import Account
from kiosk.storeweb.relay import Note
from kiosk.storeweb.web import HERE, StoreWeb

LANG_COOKIE = "staff_lang"
SHELL_VERSION = "2"  # bump when static/ changes: the service worker drops the old cache


def language(request: Request, web: StoreWeb) -> str:
    return i18n.pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                              None, request.headers.get("accept-language"), web.default_language)


def render(request: Request, template: str, *, status: int = 200, **context) -> Response:
    web: StoreWeb = request.app.state.web
    lang = language(request, web)
    response = web.templates.TemplateResponse(
        request, template, {"t": i18n.translator(lang), "lang": lang, "html_lang": i18n.html_lang(lang),
                            "languages": i18n.LANGUAGES, "strings": i18n.strings(lang),
                            "store_name": web.store_name, **context}, status_code=status)
    if request.query_params.get("lang") in i18n.LANGUAGES:  # an explicit switch is remembered
        response.set_cookie(LANG_COOKIE, lang, max_age=180 * 86400, samesite="strict",
                            secure=web.https, path="/staff")
    return response


def item(view, note: Note | None, account: Account, alert: bool = False) -> dict:
    return {"id": view.id, "status": view.status, "size": view.size, "product": view.product_name,
            "colour": view.colour, "room": view.room, "zone": view.zone,
            "escalation": view.escalation, "notify": view.notify, "created": view.created,
            "claimed_by": view.claimed_by, "mine": view.claimed_by_id == account.id,
            "priority": view.priority, "off_floor": view.off_floor, "alert": alert,
            "note": {"kind": note.kind, "name": note.name, "eta_min": note.eta_min} if note else None}


def items(web: StoreWeb, account: Account) -> list[dict]:
    """The account's list; ``alert``: the service decided this phone rings for it now."""
    return [item(view, note, account, web.relay.alerted(account, view))
            for view, note in web.relay.visible(account)]


async def manifest(request: Request) -> Response:
    web: StoreWeb = request.app.state.web
    return JSONResponse({
        "name": f"{web.store_name} · Staff", "short_name": "Staff", "start_url": "/staff",
        "scope": "/staff", "display": "standalone", "orientation": "portrait",
        "background_color": "#111111", "theme_color": "#111111",
        "icons": [{"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }, media_type="application/manifest+json")


async def service_worker(request: Request) -> Response:
    """Served under /staff so its scope covers the app; it caches the shell only."""
    text = (HERE / "static" / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", SHELL_VERSION)
    return Response(text, media_type="text/javascript",
                    headers={"Service-Worker-Allowed": "/staff", "Cache-Control": "no-cache"})

