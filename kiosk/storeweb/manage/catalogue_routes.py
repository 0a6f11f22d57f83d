"""/manage/catalogue: upload and check, preview the changes, publish, roll back.

An upload is read with a size cap (a clear page, never a torn connection, up to the
gate's hard limit), checked off the event loop by ``kiosk catalogue check``'s code and
kept as a draft; only ``publish`` (and ``rollback``) send anything to the mirrors, and
both are audited with the version and who did it.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.catalogue.changes import compare
from kiosk.catalogue.corrected import FILLABLE
from kiosk.errors import KioskError
from kiosk.storeweb.manage import drafts as draft_rules
from kiosk.storeweb.manage.auth import signin_form
from kiosk.storeweb.manage.channel import NotPublished, Running
from kiosk.storeweb.manage.drafts import check_for_page, check_stock_upload
from kiosk.storeweb.manage.i18n import LANGUAGES
from kiosk.storeweb.manage.item_preview import UnknownStyle, item_preview, mirror_word
from kiosk.storeweb.manage.view import (
    PATH,
    address,
    audit,
    language,
    office_of,
    render,
    signed_in,
    web_of,
)
from kiosk.storeweb.web import require_csrf

log = logging.getLogger(__name__)
FORM_SLACK = 64 * 1024  # multipart boundaries and the CSRF field around the file
ITEM_LINKS = 200        # styles linked to their item screen on a draft's page; a form opens any other


def running_now(request: Request) -> Running | None:
    """What the mirrors run (CatalogueChannel.running); may load the config's catalogue file."""
    office = office_of(request)
    return office.channel.running(office.board, office.config.resolve(office.config.catalogue.path))


async def catalogue_context(request: Request, **extra) -> dict:
    office = office_of(request)
    return {"live": office.channel.live, "running": await run_in_threadpool(running_now, request),
            "versions": office.db.versions(), "mirrors": office.board.mirrors(),
            "max_mb": office.config.back_office.max_upload_mb,
            "channel_error": office.channel.last_error, "feed": office.stock_feed, **extra}


async def catalogue_page(request: Request) -> Response:
    session, _manager = signed_in(request)
    if session is None:
        return signin_form(request)
    query = request.query_params
    return render(request, "manage/catalogue.html", publish_error=query.get("error"),
                  **await catalogue_context(request, published=query.get("published", "")[:16],
                                            unchanged=query.get("unchanged", "")[:16],
                                            rolled_back=query.get("rolledback", "")[:16]))


async def _refused_upload(request: Request, error: str, status: int, **values) -> Response:
    async for _chunk in request.stream():  # read what the browser sends, so it sees the page
        pass
    return render(request, "manage/catalogue.html", status=status, upload_error=error,
                  upload_values=values, **await catalogue_context(request))


async def upload(request: Request) -> Response:
    """A catalogue file (any format ``kiosk catalogue check`` reads) becomes a draft."""
    return await _receive(request, "catalogue", lambda raw, name, _live: check_for_page(raw, name))


async def upload_stock(request: Request) -> Response:
    """A stock-only file (GTIN, quantity) applied to the live catalogue becomes a draft."""
    if office_of(request).channel.live is None:
        return await _refused_upload(request, "stock_needs_live", 409)
    return await _receive(request, "stock", check_stock_upload)


async def _receive(request: Request, kind: str, check) -> Response:
    session, manager = signed_in(request)
    if session is None:
        return signin_form(request, error="signin_expired", status=401)
    office = office_of(request)
    length = int(request.headers.get("content-length", "0") or 0)
    if length > office.max_upload_bytes + FORM_SLACK:
        log.info("%s uploaded %d bytes: refused", manager.id, length)
        return await _refused_upload(request, "upload_too_big", 413,
                                     size=f"{length / 1048576:.1f}", max=office.config.back_office.max_upload_mb)
    form = await request.form(max_files=1, max_fields=4)
    if not await require_csrf(request, session.csrf):
        log.warning("upload by %s without a valid CSRF token from %s", manager.id, address(request))
        return render(request, "manage/catalogue.html", status=403, upload_error="forbidden",
                      upload_values={}, **await catalogue_context(request))
    file = form.get("file")
    raw = await file.read(office.max_upload_bytes + 1) if isinstance(file, UploadFile) else b""
    if not raw:
        return render(request, "manage/catalogue.html", status=400, upload_error="upload_empty",
                      upload_values={}, **await catalogue_context(request))
    if len(raw) > office.max_upload_bytes:
        return render(request, "manage/catalogue.html", status=413, upload_error="upload_too_big",
                      upload_values={"size": f"> {office.config.back_office.max_upload_mb}",
                                     "max": office.config.back_office.max_upload_mb},
                      **await catalogue_context(request))
    live = office.channel.live
    checked = await run_in_threadpool(check, raw, file.filename or "upload.csv", live)
    draft = office.drafts.add(manager.id, file.filename or "upload.csv", len(raw), web_of(request).clock(),
                              checked, kind=kind, base=live.version if live and kind == "stock" else None)
    audit(request, manager, "uploaded" if kind == "catalogue" else "uploaded-stock",
          f"{draft.filename}: {draft.errors} error(s), "
                                        f"{len(draft.issues) - draft.errors} warning(s)")
    return RedirectResponse(f"{PATH}/catalogue/drafts/{draft.id}", status_code=303)


def _draft(request: Request, manager):
    return office_of(request).drafts.get(request.path_params["draft_id"][:32], manager.id)


async def draft_page(request: Request) -> Response:
    session, manager = signed_in(request)
    if session is None:
        return signin_form(request)
    draft = _draft(request, manager)
    if draft is None:
        return render(request, "manage/catalogue.html", status=404, upload_error="draft_gone",
                      upload_values={}, **await catalogue_context(request))
    running = await run_in_threadpool(running_now, request)
    baseline = running.catalogue if running else None
    changes = (await run_in_threadpool(compare, baseline, draft.catalogue)
               if draft.catalogue is not None else None)
    return render(request, "manage/draft.html", draft=draft, changes=changes, running=running,
                  publish_error=request.query_params.get("error"), fillable_codes=list(FILLABLE),
                  item_links=ITEM_LINKS)


async def item_page(request: Request) -> Response:
    """One style of a draft as the mirror's item screen will show it (kiosk.storeweb.manage.item_preview)."""
    session, manager = signed_in(request)
    if session is None:
        return signin_form(request, status=401)
    draft = _draft(request, manager)
    if draft is None or draft.catalogue is None:
        return render(request, "manage/catalogue.html", status=404, upload_error="draft_gone",
                      upload_values={}, **await catalogue_context(request))
    style_id = request.query_params.get("style", "")[:200]
    colour = request.query_params.get("colour", "")[:200] or None
    mirror = request.query_params.get("mirror")
    mirror = mirror if mirror in LANGUAGES else language(request)
    words = {"draft": draft, "style_id": style_id, "mirror": mirror,
             "mw": lambda context, english: mirror_word(context, english, mirror)}
    try:
        item = await run_in_threadpool(item_preview, draft.catalogue, style_id, mirror, colour)
    except UnknownStyle:
        return render(request, "manage/item.html", status=404, item=None, **words)
    return render(request, "manage/item.html", item=item, **words)


async def draft_download(request: Request) -> Response:
    """The corrected file: native CSV with the review column, also of an upload with errors."""
    session, manager = signed_in(request)
    draft = _draft(request, manager) if session else None
    text = await run_in_threadpool(draft.corrected) if draft is not None else None
    if text is None:
        return Response("not found", status_code=404, media_type="text/plain")
    stem = draft.filename.rsplit(".", 1)[0].removesuffix("-corrected")
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{stem}-corrected.csv"'})


async def _posted_draft(request: Request, what: str):
    """(manager, own draft, None) for a signed POST on a draft; else (…, the answer)."""
    manager, refused = await _signed_post(request, what)
    if refused is not None:
        return None, None, refused
    draft = _draft(request, manager)
    if draft is None:
        return manager, None, RedirectResponse(f"{PATH}/catalogue", status_code=303)
    return manager, draft, None


async def draft_edit(request: Request) -> Response:
    """Turn an upload of another format into its native draft, whose gaps the page fills."""
    _manager, draft, answer = await _posted_draft(request, "edit")
    if answer is not None:
        return answer
    if not draft.editable:
        editable = await run_in_threadpool(draft_rules.to_editable, draft)
        if editable is not None:
            office_of(request).drafts.swap(draft, editable)
    return RedirectResponse(f"{PATH}/catalogue/drafts/{draft.id}#problems", status_code=303)


async def draft_fill(request: Request) -> Response:
    """One gap (no size, unknown colour, missing GTIN) filled in the page, checked again."""
    manager, draft, answer = await _posted_draft(request, "fill")
    if answer is not None:
        return answer
    form = await request.form()
    field, value = str(form.get("field", ""))[:32], str(form.get("value", ""))
    line = str(form.get("line", ""))[:9]
    back = f"{PATH}/catalogue/drafts/{draft.id}"
    if not (draft.editable and field in FILLABLE.values() and line.isdigit() and value.strip()):
        return RedirectResponse(f"{back}?error=fill#problems", status_code=303)
    try:
        filled = await run_in_threadpool(draft_rules.refill, draft, int(line), field, value)
    except KeyError:
        return RedirectResponse(f"{back}?error=fill#problems", status_code=303)
    office_of(request).drafts.swap(draft, filled)
    audit(request, manager, "filled", f"{draft.filename} line {line} {field} = {value.strip()[:100]!r}")
    return RedirectResponse(f"{back}#problems", status_code=303)


async def _signed_post(request: Request, what: str):
    """(manager, None) for a signed-in POST with its CSRF token; else (None, the refusal)."""
    session, manager = signed_in(request)
    if session is None:
        return None, signin_form(request, error="signin_expired", status=401)
    if not await require_csrf(request, session.csrf):
        log.warning("%s by %s without a valid CSRF token from %s", what, manager.id, address(request))
        return None, Response("forbidden", status_code=403, media_type="text/plain")
    return manager, None


async def publish(request: Request) -> Response:
    manager, refused = await _signed_post(request, "publish")
    if refused is not None:
        return refused
    draft = _draft(request, manager)
    if draft is None or not draft.publishable:
        return RedirectResponse(f"{PATH}/catalogue", status_code=303)
    live = office_of(request).channel.live
    if draft.kind == "stock" and (live is None or live.version != draft.base):
        # applied to a catalogue that is no longer live: publishing it would undo the newer one
        return RedirectResponse(f"{PATH}/catalogue/drafts/{draft.id}?error=stale", status_code=303)
    if live is not None and draft.catalogue.version.startswith(live.version):
        # as ``kiosk catalogue publish``: the broker holds it already, nothing to send or audit
        return RedirectResponse(f"{PATH}/catalogue?unchanged={live.version}", status_code=303)
    return await _send(request, manager, draft.catalogue, "published", draft.filename,
                       f"{PATH}/catalogue/drafts/{draft.id}")


async def fetch_stock_feed(request: Request) -> Response:
    """The stock feed fetched now (at most every few seconds), not at its next turn."""
    manager, refused = await _signed_post(request, "stock feed fetch")
    if refused is not None:
        return refused
    feed = office_of(request).stock_feed
    if feed is None or not feed.enabled:
        return Response("no stock feed in the store config", status_code=404, media_type="text/plain")
    status = await run_in_threadpool(feed.poll, now_asked=True)
    audit(request, manager, "fetched-stock-feed", status.error or f"from {feed.source}: ok")
    return RedirectResponse(f"{PATH}/catalogue#stock-feed", status_code=303)


async def rollback(request: Request) -> Response:
    manager, refused = await _signed_post(request, "rollback")
    if refused is not None:
        return refused
    version = request.path_params["version"][:16]
    try:
        catalogue = await run_in_threadpool(office_of(request).channel.stored, version)
    except KioskError as exc:  # a stored notice that no longer verifies: say so, send nothing
        log.error("stored version %s does not verify: %s", version, exc)
        catalogue = None
    if catalogue is None:
        return RedirectResponse(f"{PATH}/catalogue", status_code=303)
    # the row keeps the file it came from: a roll back republishes that file's catalogue
    source = next((v.source for v in office_of(request).db.versions() if v.version == version), version)
    return await _send(request, manager, catalogue, "rolled-back", source, f"{PATH}/catalogue")


async def _send(request: Request, manager, catalogue, action: str, source: str, back: str) -> Response:
    channel = office_of(request).channel
    before = channel.live.version if channel.live else "nothing"
    try:
        notice = await run_in_threadpool(channel.publish, catalogue, who=manager.id, source=source)
    except NotPublished as exc:
        log.error("%s by %s failed: %s", action, manager.id, exc)
        audit(request, manager, f"{action}-failed", str(exc))
        return RedirectResponse(f"{back}?error=broker", status_code=303)
    audit(request, manager, action, f"{before} -> {notice['version']} ({source}: "
                                    f"{len(catalogue)} styles, {catalogue.variant_count} variants)")
    feed = office_of(request).stock_feed
    if feed is not None:
        feed.wake()  # the feed's stock goes on the new catalogue now, not at its next turn
    said = "rolledback" if action == "rolled-back" else "published"
    return RedirectResponse(f"{PATH}/catalogue?{said}={notice['version']}", status_code=303)
