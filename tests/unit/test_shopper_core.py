"""The shopper core (kiosk/shopper/core.py) without Qt: one visit's verbs, their typed
refusals, what the screens are told, and what the wipe leaves.  Real journey, basket,
session, room request and size requests (in-memory bus); fake clocks throughout."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardware.scanners.events import ItemScanned
from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.handoff.client import Handoff
from kiosk.handoff.flow import Phase
from kiosk.journey import Journey
from kiosk.session import Session, SessionTimings, State
from kiosk.shopper import errors
from kiosk.shopper.core import ShopperCore
from kiosk.shopper.navigation import Navigation
from kiosk.visit_events import VisitEvents
from tests.support.messaging import Store

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
SKY_BLUE_M_NONE_HERE, SKY_BLUE_L_FIVE_HERE = "02000010202003", "02000010203000"  # GTIN-14
SKY_BLUE_S_ONE_HERE = "02000010201006"


class Recorder:
    def __init__(self):
        self.kinds: list[str] = []

    def record(self, kind: str, **fields) -> None:
        self.kinds.append(kind)


class Sender:
    def __init__(self):
        self.sent: list = []

    def send(self, basket, done, *, language: str) -> None:
        self.sent.append((basket.lines, done, language))


class Shown:
    """A screen's stand-in: what the core told it last."""

    def __init__(self, core: ShopperCore):
        self.requests: list = []
        self.handoffs: list = []
        core.on_request.append(lambda view, off_floor: self.requests.append((view, off_floor)))
        core.on_handoff.append(self.handoffs.append)


def visit(*, requests=True, sender=None, not_in_stock="ask", camera_on=True, consent=None):
    store = Store()
    session = Session(SessionTimings(forget_after_s=30, presence_lag_s=0), camera_on=camera_on)
    recorder = Recorder()
    wall = [1_800_000_000.0]
    core = ShopperCore(Journey(lambda: CATALOGUE, BasketStore()), session, clock=store.clock,
                       wall=lambda: wall[0], requests=store.mirror if requests else None,
                       sender=sender, events=VisitEvents(recorder), consent=consent,
                       not_in_stock=lambda: not_in_stock)
    session.on_change(core.state_changed)
    return core, store, recorder, wall


def scanned(gtin: str) -> ItemScanned:
    return ItemScanned(gtin, "hid", gtin, "ean13")


def asked_for_l(**options):
    """A shopper scans sky blue L and asks staff for it; the screens' stand-in listens."""
    core, store, _, _ = visit(**options)
    shown = Shown(core)
    core.session.touch(store.clock())
    core.scan(scanned(SKY_BLUE_L_FIVE_HERE))
    core.request_size()
    return core, store, shown


def test_a_scan_selects_the_held_size_and_is_counted_once_the_visit_has_begun():
    core, store, recorder, _ = visit()
    core.session.touch(store.clock())                 # attract -> engaged: the visit begins
    selection = core.scan(scanned(SKY_BLUE_L_FIVE_HERE))
    assert selection.size == "L" and selection.holding_it
    assert core.journey.session_id == core.session.session_id  # the scan began the journey
    assert recorder.kinds == ["session_engaged", "item_scanned"]
    with pytest.raises(errors.UnknownItem):
        core.scan(scanned("04006381333931"))           # not this store's
    with pytest.raises(errors.UnknownStyle):
        core.open_style("no-such-style")


def test_each_basket_refusal_has_its_own_type():
    core, store, _, _ = visit()
    with pytest.raises(errors.NoShopperSession):
        core.add_to_basket(CATALOGUE.find_gtin(SKY_BLUE_L_FIVE_HERE))   # nobody touched yet
    core.session.touch(store.clock())
    with pytest.raises(errors.ChooseSizeFirst):
        core.add_to_basket()
    core.scan(scanned(SKY_BLUE_M_NONE_HERE))
    with pytest.raises(errors.NotInStockHere):
        core.add_to_basket()
    core.choose_size("L")
    for _ in range(10):
        core.add_to_basket()
    with pytest.raises(errors.TooManyOfOne):
        core.add_to_basket()
    assert core.journey.basket.count == 10


def test_choosing_a_size_at_zero_here_is_counted_for_the_manager():
    core, store, recorder, _ = visit()
    core.session.touch(store.clock())
    core.scan(scanned(SKY_BLUE_L_FIVE_HERE))
    core.choose_size("M")
    assert recorder.kinds[-1] == "out_of_stock_requested"


def test_a_size_request_is_shown_held_for_the_room_and_followed():
    core, store, shown = asked_for_l(camera_on=False)
    view, off_floor = shown.requests[-1]
    assert view.id == core.request_id and (view.status, view.size) == ("open", "L") and not off_floor
    assert core.room.is_open
    anna = store.handheld("anna", "Anna")
    anna.claim(core.request_id)
    assert core.request_changed(store.changes[-1]) and shown.requests[-1][0].status == "claimed"
    other = store.mirror.request("2000010000005", "XS")
    assert not core.request_changed(store.mirror.get(other))   # another shopper's: not shown
    core.cancel_request()
    assert shown.requests[-1][0].status == "cancelled"


def test_request_refusals_are_typed():
    core, store, _, _ = visit(requests=False)
    core.session.touch(store.clock())
    with pytest.raises(errors.RequestsUnavailable):
        core.request_size()
    core, store, _, _ = visit(not_in_stock="refuse")
    core.session.touch(store.clock())
    with pytest.raises(errors.ChooseSizeFirst):
        core.request_size()
    core.scan(scanned(SKY_BLUE_M_NONE_HERE))
    with pytest.raises(errors.NotRequestableHere) as refused:
        core.request_size()
    assert refused.value.size == "M"
    with pytest.raises(errors.CannotRequest):
        core.ask_alternative("not-ours", SKY_BLUE_L_FIVE_HERE)


def test_the_alternative_replaces_the_request_and_the_count_down_runs_on_the_clock():
    core, store, shown = asked_for_l()
    first = core.request_id
    anna = store.handheld("anna", "Anna")
    anna.claim(first)
    anna.progress(first, "on_my_way", 120)
    core.request_changed(store.mirror.get(first))
    told = len(shown.requests)
    store.clock.advance(30)
    core.count_down()
    assert len(shown.requests) == told + 1 and shown.requests[-1][0].eta_s == 90
    core.count_down()                                   # nothing new: nothing told
    assert len(shown.requests) == told + 1
    core.ask_alternative(first, SKY_BLUE_S_ONE_HERE)
    assert core.request_id != first and store.mirror.get(first).status == "cancelled"


def test_the_wipe_cancels_the_rooms_request_and_clears_what_the_screens_show():
    core, store, shown = asked_for_l()
    first = core.request_id
    core.nav.leave("item", "request")
    core.session.end(store.clock())
    assert core.session.state is State.ATTRACT
    assert store.mirror.get(first).status == "cancelled"  # staff are told the room is empty
    assert core.request_id is None and core.nav.history == [] and core.journey.basket is None
    assert shown.requests[-1] == (None, False) and shown.handoffs[-1].phase is Phase.IDLE
    assert core.events.visit is None


def test_the_hand_off_flow_and_its_refusals():
    sender = Sender()
    core, store, recorder, wall = visit(sender=sender)
    shown = Shown(core)
    with pytest.raises(errors.HandoffUnavailable):
        visit()[0].handoff(lambda _r: None, "en")
    core.session.touch(store.clock())
    core.begin()
    with pytest.raises(errors.BasketEmpty):
        core.handoff(lambda _r: None, "en")
    core.add_to_basket(CATALOGUE.find_gtin(SKY_BLUE_L_FIVE_HERE))
    core.handoff(lambda _r: None, "fr")
    core.handoff(lambda _r: None, "fr")                 # a second tap while sending: one send
    assert len(sender.sent) == 1 and sender.sent[0][2] == "fr"
    handoff = Handoff("https://s.example/h/x", "s.example", wall[0] + 60, "hash-1", None)
    core.handoff_done(handoff)
    assert shown.handoffs[-1].phase is Phase.SHOWING and recorder.kinds[-1] == "basket_handed_off"
    core.handoff_claimed("another-hash")
    assert core.flow.phase is Phase.SHOWING
    core.handoff_claimed("hash-1")
    assert shown.handoffs[-1].phase is Phase.OPENED and recorder.kinds[-1] == "basket_opened"
    wall[0] += 10
    assert core.tick() and shown.handoffs[-1].phase is Phase.IDLE  # thanked, then idle


def test_without_a_camera_the_qr_on_screen_keeps_the_shopper_engaged():
    core, store, _, _ = visit(sender=Sender(), camera_on=False)
    core.session.touch(store.clock())
    core.add_to_basket(CATALOGUE.find_gtin(SKY_BLUE_L_FIVE_HERE))
    assert not core.keeps_engaged()
    core.handoff(lambda _r: None, "en")
    core.handoff_done(Handoff("https://s.example/h/x", "s.example", core.wall() + 60, "h", None))
    assert core.keeps_engaged()


class Consent:
    def __init__(self, fails: bool = False):
        self.fails, self.opted_in = fails, False

    def opt_in(self) -> None:
        if self.fails:
            raise OSError("calibration file unreadable")
        self.opted_in = True

    def forget(self) -> None:
        self.opted_in = False


def test_colour_consent_starts_only_when_it_can_and_is_forgotten():
    core, *_ = visit()
    assert not core.opt_in_colour()                     # no camera analysis on this mirror
    core, *_ = visit(consent=Consent(fails=True))
    assert not core.opt_in_colour() and not core.journey.colour_opt_in
    consent = Consent()
    core, *_ = visit(consent=consent)
    assert core.opt_in_colour() and consent.opted_in and core.journey.colour_opt_in
    core.forget_colour()
    assert not consent.opted_in and not core.journey.colour_opt_in


def test_navigation_back_skips_passing_screens_and_the_current_one():
    nav = Navigation()
    for current, to in (("attract", "hello"), ("hello", "browse"), ("browse", "item"),
                        ("item", "item"), ("item", "basket")):
        nav.leave(current, to)
    assert nav.history == ["hello", "browse", "item"]
    assert nav.back("item") == "browse" and nav.back("browse") == "hello" and nav.back("hello") == "hello"
    assert nav.touched("goodbye", request_open=True) == "request" and nav.touched("item", False) is None
    nav.leave("basket", "handoff")
    assert nav.after_handoff() == "basket" and nav.history == []
