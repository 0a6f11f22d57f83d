"""The back office's pages and their routes under /manage.

Every page but the sign-in needs a manager's session; every POST needs the session's CSRF
token (the app's gate has already refused other origins and large bodies).  Pages work
without JavaScript; manage.js only refreshes the mirrors' acknowledgements in place.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.storeweb.manage import alert_routes, auth, catalogue_routes, command_routes, pairing
from kiosk.storeweb.manage.audit_view import lines as audit_lines
from kiosk.storeweb.manage.results import Period, report_css
from kiosk.storeweb.manage.view import language, office_of, render, signed_in, web_of


async def home(request: Request) -> Response:
    session, _manager = signed_in(request)
    if session is None:
        return auth.signin_form(request)
    return render(request, "manage/home.html", **auth.home_context(request))


async def mirrors_page(request: Request) -> Response:
    session, _manager = signed_in(request)
    if session is None:
        return auth.signin_form(request)
    office = office_of(request)
    return render(request, "manage/mirrors.html", mirrors=office.board.mirrors(),
                  now=web_of(request).clock(), alerts=office.alerts, alert_test=request.query_params.get("test") == "wait",
                  paired=request.query_params.get("paired", "")[:64], pairing_ready=office.pairing.ready,
                  **command_routes.page_context(request))


async def mirrors_json(request: Request) -> Response:
    """What manage.js polls: each mirror's state and the version it runs."""
    session, _manager = signed_in(request)
    if session is None:
        return JSONResponse({"ok": False}, status_code=401)
    return JSONResponse({"ok": True, "mirrors": [
        {"mirror": m.mirror, "status": m.status, "catalogue_version": (m.catalogue_version or "")[:16],
         "last_error": m.field("last_error") or "", "catalogue_error": m.refusal or ""} for m in office_of(request).board.mirrors()]})


def _period(request: Request) -> tuple[Period, str | None]:
    office = office_of(request)
    today = office.results.today(web_of(request).clock())
    return Period.parse(request.query_params.get("from"), request.query_params.get("to"), today)


async def results_page(request: Request) -> Response:
    session, _manager = signed_in(request)
    if session is None:
        return auth.signin_form(request)
    results = office_of(request).results
    period, error = _period(request)
    report = await run_in_threadpool(results.report, period)
    body = await run_in_threadpool(results.html, report, language(request))
    return render(request, "manage/results.html", period=period, period_error=error, report_html=body)


async def results_export(request: Request) -> Response:
    session, _manager = signed_in(request)
    if session is None:
        return Response("sign in first", status_code=401, media_type="text/plain")
    results = office_of(request).results
    period, _error = _period(request)
    report = await run_in_threadpool(results.report, period)
    data = await run_in_threadpool(results.csv_zip, report, language(request))
    name = f"results-{period.start.isoformat()}-{period.end.isoformat()}.zip"
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def results_css(_request: Request) -> Response:
    return Response(report_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


async def audit_page(request: Request) -> Response:
    session, _manager = signed_in(request)
    if session is None:
        return auth.signin_form(request)
    office = office_of(request)
    managers = list(office.managers)
    entries = audit_lines(office.db.audit(), language(request), {m.id: m.name for m in managers})
    return render(request, "manage/audit.html", entries=entries, managers=managers)


ROUTES = [
    Route("/manage", home, methods=["GET"]),
    Route("/manage/signin", auth.signin, methods=["POST"]),
    Route("/manage/signout", auth.signout, methods=["POST"]),
    Route("/manage/signout-everywhere", auth.signout_everywhere, methods=["POST"]),
    Route("/manage/catalogue", catalogue_routes.catalogue_page, methods=["GET"]),
    Route("/manage/catalogue/upload", catalogue_routes.upload, methods=["POST"]),
    Route("/manage/catalogue/stock", catalogue_routes.upload_stock, methods=["POST"]),
    Route("/manage/catalogue/stock-feed/fetch", catalogue_routes.fetch_stock_feed, methods=["POST"]),
    Route("/manage/catalogue/drafts/{draft_id}", catalogue_routes.draft_page, methods=["GET"]),
    Route("/manage/catalogue/drafts/{draft_id}/item", catalogue_routes.item_page, methods=["GET"]),
    Route("/manage/catalogue/drafts/{draft_id}/native.csv", catalogue_routes.draft_download,
          methods=["GET"]),
    Route("/manage/catalogue/drafts/{draft_id}/edit", catalogue_routes.draft_edit, methods=["POST"]),
    Route("/manage/catalogue/drafts/{draft_id}/fill", catalogue_routes.draft_fill, methods=["POST"]),
    Route("/manage/catalogue/drafts/{draft_id}/publish", catalogue_routes.publish, methods=["POST"]),
    Route("/manage/catalogue/versions/{version}/rollback", catalogue_routes.rollback, methods=["POST"]),
    Route("/manage/mirrors", mirrors_page, methods=["GET"]),
    Route("/manage/mirrors.json", mirrors_json, methods=["GET"]),
    *alert_routes.ROUTES,
    *command_routes.ROUTES,
    *(Route(path, handler, methods=["POST"]) for path, handler in pairing.ROUTES_SPEC),
    Route("/manage/results", results_page, methods=["GET"]),
    Route("/manage/results/export.zip", results_export, methods=["GET"]),
    Route("/manage/results/report.css", results_css, methods=["GET"]),
    Route("/manage/audit", audit_page, methods=["GET"]),
]
