"""Scenario steps for the shopper's journey: scan, tap, opt_in, request_size, staff,
add_to_basket, handoff, phone_opens, language, leave.  They go through the same entry points as a
shopper's touches and a scanner's events, never around them."""

from __future__ import annotations

import urllib.request

from PySide6.QtWidgets import QAbstractButton

from hardware.scanners.events import ItemScanned
from hardware.scanners.gs1 import gtin_from_scan
from kiosk.messaging import topics
from kiosk.messaging.payloads import Claim, Done, Staff
from kiosk.ui.scenario import Until, step


def _journey(runner):
    return runner.mirror.journey_controller


@step("scan")
def scan(runner, arg) -> Until:
    """``scan: 4006381333931`` or ``scan: {code: ..., source: hid}``: a tag is read."""
    code, source = (arg.get("code"), arg.get("source", "hid")) if isinstance(arg, dict) else (str(arg), "hid")
    gtin, symbology = gtin_from_scan(str(code))
    _journey(runner).item_scanned(ItemScanned(gtin, source, str(code), symbology))
    return Until(lambda: runner.mirror.window.current_screen == "item",
                 lambda: f"screen is {runner.mirror.window.current_screen}, expected item")


@step("tap")
def tap(runner, name) -> None:
    """``tap: item-request``: click the visible, enabled button with that object name."""
    window = runner.mirror.window
    candidates = [b for b in window.findChildren(QAbstractButton, str(name)) if b.isVisible()]
    if not candidates:
        raise ValueError(f"no visible button named '{name}' on screen {window.current_screen}")
    if not candidates[0].isEnabled():
        raise ValueError(f"button '{name}' is disabled")
    candidates[0].click()


@step("touch")
def touch(runner, _arg) -> None:
    """A shopper touches the screen."""
    _journey(runner).navigate("touch")


@step("opt_in")
def opt_in(runner, _arg) -> None:
    _journey(runner).navigate("colours")
    runner.mirror.window.screens["colours"].opt_in()


@step("manager")
def manager(runner, pin) -> None:
    """``manager: 2468``: hold the staff corner, type the PIN on the pad, confirm."""
    runner.mirror.window.corner_held.emit()
    for digit in str(pin):
        tap(runner, f"pin-{digit}")
    tap(runner, "pin-ok")


@step("vision_ready")
def vision_ready(runner, _arg) -> Until:
    """Wait until the models are loaded and the camera is live (about 2 s after start)."""
    available = runner.mirror.window.screens["colours"].ctx.colour_analysis_available
    return Until(available, lambda: "vision not running yet", timeout_s=30.0)


@step("analysis_done")
def analysis_done(runner, _arg) -> Until:
    """Wait until the opted-in colour analysis shows a palette or offers two swatches."""
    screen = runner.mirror.window.screens["colours"]
    return Until(lambda: screen.phase in ("result", "compare"), lambda: f"colours phase is {screen.phase}",
                 timeout_s=30.0)


@step("pick_swatch")
def pick_swatch(runner, season_id) -> None:
    _journey(runner).navigate("colours")
    runner.mirror.window.screens["colours"].pick(str(season_id))


@step("add_to_basket")
def add_to_basket(runner, size) -> None:
    journey = _journey(runner)
    journey.last_error = None
    before = journey.journey.basket.count if journey.journey.basket else 0
    if size:
        journey.journey.choose_size(str(size))
    journey.navigate("add_to_basket")
    after = journey.journey.basket.count if journey.journey.basket else 0
    if after <= before:
        raise ValueError(f"basket did not grow ({before} -> {after}): {journey.last_error}")


@step("request_size")
def request_size(runner, size) -> Until:
    journey = _journey(runner)
    journey.last_error = None
    if size:
        journey.journey.choose_size(str(size))
    journey.navigate("request_size")
    if journey.last_error:
        raise ValueError(journey.last_error)
    return _request_status(runner, {"open", "claimed"})


@step("staff")
def staff(runner, arg) -> Until:
    """``staff: {claim: Anna}`` / ``staff: {done: Anna}``: a handheld answers over MQTT."""
    (action, name), = dict(arg).items()
    journey, config = _journey(runner), runner.mirror.config
    if not journey.core.request_id:
        raise ValueError("no size request to answer")
    build = topics.claim if action == "claim" else topics.done
    member = Staff(id=str(name).lower(), name=str(name))
    message = (Claim if action == "claim" else Done)(staff=member)
    topic = build(config.store.id, config.mirror.zone, config.mirror.id, journey.core.request_id, member.id)
    runner.mirror.services.bus.publish(topic, message, qos=1)
    return _request_status(runner, {"claim": {"claimed"}, "done": {"delivered"}}[action])


@step("handoff")
def handoff(runner, _arg) -> Until:
    journey = _journey(runner)
    journey.navigate("handoff")
    return Until(lambda: str(journey.core.flow.phase) in ("showing", "failed"),
                 lambda: f"hand-off phase is {journey.core.flow.phase}")


@step("phone_opens")
def phone_opens(runner, _arg) -> Until:
    """The shopper's phone opens the QR's link (the hand-off service tells the mirror over MQTT)."""
    journey = _journey(runner)
    view = journey.core.flow.view()
    if view.handoff is None:
        raise ValueError(f"no QR on screen (hand-off phase is {view.phase})")
    phone = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the session cookie
    with phone.open(view.handoff.url, timeout=10) as response:  # -> 303 /basket, like a browser
        response.read()
    return Until(lambda: str(journey.core.flow.phase) == "opened",
                 lambda: f"hand-off phase is {journey.core.flow.phase}, expected opened")


@step("language")
def language(runner, code) -> None:
    runner.mirror.controller.languages.set_language(str(code))


@step("leave")
def leave(runner, _arg) -> Until:
    """The shopper walks away: skip the wait, run the wipe, back to attract.  The demo
    camera keeps showing a person, so presence is ignored for the next 20 s."""
    runner.mirror.controller.simulate_absence(20.0)
    runner.mirror.session.end()
    return Until(lambda: runner.mirror.window.current_screen == "attract",
                 lambda: f"screen is {runner.mirror.window.current_screen}")


def _request_status(runner, wanted: set[str]) -> Until:
    journey = _journey(runner)

    def status() -> str | None:
        view = runner.mirror.services.requests.get(journey.core.request_id) if journey.core.request_id else None
        return view.status if view else None

    return Until(lambda: status() in wanted, lambda: f"request status is {status()}, expected {sorted(wanted)}")
