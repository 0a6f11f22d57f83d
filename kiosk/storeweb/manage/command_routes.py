"""POST /manage/mirrors/<mirror>/commands/<name>: a button on the Mirrors page.

A signed-in manager's POST with the CSRF token (both roles: a regional manager has every
right a store manager has); at most ``commands.PER_MINUTE`` a minute per manager; only to a
mirror the page lists.  Restart asks first: without ``confirm=yes`` the POST only shows a
confirmation page.  Every command sent is audited with the mirror's answer.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from hardware.lights.presets import PRESETS
from kiosk.insight.placement import CENTRE_X, CENTRE_Y, FACE_HEIGHT, HINTS
from kiosk.storeweb.manage.catalogue_routes import _signed_post
from kiosk.storeweb.manage.commands import NAMES
from kiosk.storeweb.manage.view import PATH, audit, office_of, render, signed_in

log = logging.getLogger(__name__)
LIGHT_CHOICES = (*PRESETS, "off")
# answer fields with a label in the page's language (ans_<key>); others show as sent
CAMERA_STATES = frozenset({"live", "starting", "unavailable", "stopped", "off"})  # camera_<state>
ANSWER_KEYS = frozenset({"locked", "screen", "camera", "preset", "kelvin", "brightness", "devices",
                         "restarting", "exit_status"})


async def command(request: Request) -> Response:
    manager, refused = await _signed_post(request, "mirror command")
    if refused is not None:
        return refused
    office = office_of(request)
    mirror, name = request.path_params["mirror"][:64], request.path_params["name"]
    if name not in NAMES or mirror not in {m.mirror for m in office.board.mirrors()}:
        return Response("no such mirror or command", status_code=404, media_type="text/plain")
    form = await request.form()
    args: dict[str, str] = {}
    if name == "lights":
        args["preset"] = str(form.get("preset", ""))[:32]   # the mirror checks it and says why not
    if name == "restart":
        if form.get("confirm") != "yes":
            return render(request, "manage/restart_confirm.html", mirror=mirror)
        args["by"] = manager.id
    if not office.commands.allowed(manager.id):
        log.warning("%s: mirror commands rate-limited", manager.id)
        return RedirectResponse(f"{PATH}/mirrors?command=wait#answer", status_code=303)
    outcome = await run_in_threadpool(office.commands.send, manager.id, mirror, name, args)
    if outcome.status == "ok" and name in ("lock", "unlock") and isinstance(outcome.data, dict):
        office.board.answered(mirror, outcome.data)
    audit(request, manager, f"mirror-{name}", outcome.summary(), **outcome.facts())
    return RedirectResponse(f"{PATH}/mirrors?answer={outcome.id}#answer", status_code=303)


def page_context(request: Request) -> dict:
    """What the Mirrors page shows of the commands: the last answer asked for, the presets."""
    _session, manager = signed_in(request)
    commands = office_of(request).commands
    answer = commands.outcome(request.query_params.get("answer"), manager.id) if manager and commands else None
    return {"answer": answer, "commands_wait": request.query_params.get("command") == "wait",
            "light_choices": LIGHT_CHOICES, "answer_keys": ANSWER_KEYS, "hint_codes": HINTS, "presets": PRESETS, "commands_on": commands is not None,
            "answer_wait_s": f"{commands.wait_s:g}" if commands else "", "camera_states": CAMERA_STATES,
            "placement_where": placement_where}


def placement_where(answer: dict) -> dict[str, str] | None:
    """The mirror's face numbers as words a manager reads (where_x_*, where_y_*, where_size_*
    in the translations), by the same bounds the mirror's check uses (kiosk/insight/placement.py)."""
    x, y, size = answer.get("face_x"), answer.get("face_y"), answer.get("face_height")
    if not (isinstance(x, int | float) and isinstance(y, int | float) and isinstance(size, int | float)):
        return None
    return {"x": _band(x, CENTRE_X, ("left", "centre", "right")),
            "y": _band(y, CENTRE_Y, ("top", "upper", "low")),
            "size": _band(size, FACE_HEIGHT, ("small", "good", "large"))}


def _band(value: float, bounds: tuple[float, float], words: tuple[str, str, str]) -> str:
    return words[0] if value < bounds[0] else words[2] if value > bounds[1] else words[1]


ROUTES = [Route(f"{PATH}/mirrors/{{mirror}}/commands/{{name}}", command, methods=["POST"])]
