"""Adding a mirror by the code on its screen: the device API and the manager's pages.

Device API (no cookies, JSON, outside /manage; the gate skips the origin check for these
paths only, the body limit stays): ``POST /pair/start {"mirror"}`` -> code + device
secret; ``POST /pair/poll {"secret"}`` -> waiting | approved (+ password, once) | unknown.
Manager pages (session, CSRF, audited): ``POST /manage/mirrors/pair`` shows which mirror a
code names, ``POST /manage/mirrors/pair/approve`` installs its broker login and reloads the
broker before the password can be collected.  Every wrong code, expired or used, gets the
same answer; guesses are limited per manager.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from kiosk.config import StoreConfig
from kiosk.errors import KioskError
from kiosk.handoff.ratelimit import RateLimiter
from kiosk.pairing import broker_files
from kiosk.pairing.codes import PairingBook, PairingRefused, grouped, normalise
from kiosk.storeweb.manage.view import address, audit, office_of, render, signed_in
from kiosk.storeweb.web import require_csrf

log = logging.getLogger(__name__)
DEVICE_PATHS = ("/pair/start", "/pair/poll")


class MirrorPairing:
    """The pending codes and the broker files a paired mirror's login goes into."""

    def __init__(self, config: StoreConfig, clock):
        section = config.back_office.pairing
        lifetime = section.code_minutes * 60
        self.store, self.reload_command = config.store.id, list(section.reload_command)
        self.book = PairingBook(clock, lifetime_s=lifetime, starts_per_address=section.starts_per_address)
        self.guesses = RateLimiter(section.guesses_per_manager, lifetime)
        self.clock = clock
        self.password_file = Path(config.resolve(section.password_file)) if section.password_file else None
        self.acl_file = Path(config.resolve(section.acl_file)) if section.acl_file else None

    @property
    def ready(self) -> bool:
        return self.password_file is not None and self.acl_file is not None

    def known_as(self, mirror: str) -> str:
        assert self.password_file is not None and self.acl_file is not None
        return broker_files.known_as(self.password_file, self.acl_file, self.store, mirror)

    def install(self, mirror: str) -> str:
        """The mirror's login, ACL block and a reload; the password only once all worked."""
        assert self.password_file is not None and self.acl_file is not None
        if self.known_as(mirror) == "other":
            raise KioskError(f"{mirror!r} is a login that is not a mirror of this store",
                             fix="a mirror's id must not be a staff, tool or bridge login")
        password = broker_files.new_password()
        broker_files.set_password(self.password_file, mirror, password)
        broker_files.set_acl_block(self.acl_file, self.store, mirror)
        broker_files.reload_broker(self.reload_command)
        return password


def pairing_of(request: Request) -> MirrorPairing:
    return office_of(request).pairing


# --- the device API ---------------------------------------------------------------------

async def _json(request: Request) -> dict:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _refuse(error: str, status: int, **headers: str) -> JSONResponse:
    return JSONResponse({"error": error}, status_code=status, headers=headers)


async def device_start(request: Request) -> Response:
    pairing = pairing_of(request)
    if not pairing.ready:
        return _refuse("pairing is not set up on this store server", 503)
    mirror = str((await _json(request)).get("mirror", ""))
    if not broker_files.MIRROR_ID.match(mirror):
        return _refuse("mirror must be a mirror id (a-z, 0-9, '-', '_')", 400)
    try:
        started = pairing.book.start(mirror, address(request))
    except PairingRefused as refused:
        log.warning("pairing start for %r from %s refused: %s", mirror, address(request), refused.reason)
        return _refuse("too many pairing attempts; wait", 429, **{"Retry-After": str(refused.retry_s)})
    log.info("mirror %r from %s asks to pair", mirror, address(request))
    return JSONResponse({"code": started.code, "secret": started.secret, "expires_s": started.expires_s},
                        headers={"Cache-Control": "no-store"})


async def device_poll(request: Request) -> Response:
    secret = str((await _json(request)).get("secret", ""))
    status, password = pairing_of(request).book.collect(secret) if secret else ("unknown", None)
    body = {"status": status, **({"password": password} if password else {})}
    return JSONResponse(body, status_code=404 if status == "unknown" else 200,
                        headers={"Cache-Control": "no-store"})


# --- the manager's pages ----------------------------------------------------------------

async def _guess(request: Request):
    """(manager, pairing, code) for a signed-in manager's POST with its CSRF token and a
    guess left, else the response that refuses it."""
    session, manager = signed_in(request)
    if session is None or not await require_csrf(request, session.csrf):
        return Response("refused: reload the page", status_code=403, media_type="text/plain")
    pairing = pairing_of(request)
    code = normalise(str((await request.form()).get("code", "")))
    if not pairing.ready:
        return _page(request, status=503, error="pair_not_set_up")
    if not pairing.guesses.allow(manager.id, pairing.clock()):
        return _page(request, status=429, error="pair_wait")
    return manager, pairing, code


async def lookup(request: Request) -> Response:
    """The code typed on the Mirrors page: which mirror asks (or one answer for any miss)."""
    checked = await _guess(request)
    if isinstance(checked, Response):
        return checked
    manager, pairing, code = checked
    pending = pairing.book.waiting(code)
    if pending is None:
        audit(request, manager, "pairing-code-wrong", f"from {address(request)}")
        return _page(request, status=404, error="pair_wrong_code")
    return _page(request, code=code, pending=pending, known=pairing.known_as(pending.mirror))


async def approve(request: Request) -> Response:
    checked = await _guess(request)
    if isinstance(checked, Response):
        return checked
    manager, pairing, code = checked
    try:
        done = await run_in_threadpool(pairing.book.approve, code, pairing.install)
    except KioskError as exc:
        log.error("pairing failed: %s", exc)
        audit(request, manager, "pairing-failed", str(exc))
        return _page(request, status=500, error="pair_failed", detail=f"{exc}")
    if done is None:
        return _page(request, status=404, error="pair_wrong_code")
    audit(request, manager, "paired-mirror", f"{done.mirror} (asked from {done.address})")
    return RedirectResponse(f"/manage/mirrors?paired={done.mirror}", status_code=303)


def _page(request: Request, *, status: int = 200, **context) -> Response:
    if "code" in context:
        context["shown_code"] = grouped(context["code"])
    return render(request, "manage/pair.html", status=status, pairing_ready=pairing_of(request).ready, **context)


ROUTES_SPEC = [
    ("/pair/start", device_start), ("/pair/poll", device_poll),
    ("/manage/mirrors/pair", lookup), ("/manage/mirrors/pair/approve", approve),
]
