"""The Mirrors page's "Send a test alert" button: one test on every configured channel
(webhook, e-mail), sent from Starlette's thread pool (SMTP and HTTP block), audited, the
outcome shown on the page.  A signed-in manager's POST with the CSRF token; at most one
test every few seconds (alerts.TEST_EVERY_S), so the button cannot flood an inbox."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kiosk.storeweb.manage.catalogue_routes import _signed_post
from kiosk.storeweb.manage.view import PATH, audit, office_of

TEST_PATH = f"{PATH}/mirrors/test-alert"


async def test_alert(request: Request) -> Response:
    manager, refused = await _signed_post(request, "test alert")
    if refused is not None:
        return refused
    alerts = office_of(request).alerts
    if alerts is None or not alerts.enabled:
        return Response("no offline alerts in the store config", status_code=404, media_type="text/plain")
    done = await run_in_threadpool(alerts.test)
    if done is None:
        return RedirectResponse(f"{PATH}/mirrors?test=wait#alerts", status_code=303)
    audit(request, manager, "tested-alerts", "; ".join(
        f"{d.channel} {d.target}: {d.error or 'sent'}" for d in done)[:500])
    return RedirectResponse(f"{PATH}/mirrors#alerts", status_code=303)


ROUTES = [Route(TEST_PATH, test_alert, methods=["POST"])]
