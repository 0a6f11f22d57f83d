"""The live See it on me preview's worker (kiosk.tryon.preview, issue 20): the GUI thread
only hands the newest observation and frame over; the garment mask and the recolour are
made on the worker, the newest only (never a queue), and nothing a job of an older
generation makes (before a stop, a wipe, another colour) ever shows up afterwards.

The threading is driven with gates: the mask or the recolour (the real ones, or a plain
mask for the ordering tests) blocks until the test lets it go, so each interleaving is
made to happen, not hoped for."""

from __future__ import annotations

import dataclasses
import gc
import threading
import time
import weakref
from types import SimpleNamespace

import numpy as np
import pytest

import kiosk.tryon.preview as preview_module
from kiosk.tryon.preview import Preview, Target
from kiosk.tryon.recolour import recolour
from tests.support.colour import photo, photo_observation
from tests.support.privacy import watch_tryon

SKY = Target("top", (72.0, -6.0, -24.0), "Sky blue")
NAVY = Target("top", (24.0, 4.0, -28.0), "Navy")
SAGE = Target("dress", (62.0, -12.0, 10.0), "Sage")
SHAPE = (480, 640)
WAIT_S = 10.0   # how long a test waits for the worker before failing (not a timing check)


class Gate:
    """Stands in for ``garment_of`` or ``recolour``: records each call (its thread and
    arguments), blocks until ``release``, then returns what ``answer`` makes of them."""

    def __init__(self, answer, closed: bool = True):
        self.answer = answer
        self.calls: list[tuple] = []
        self.threads: list[int] = []
        self.started = threading.Event()
        self.finished = threading.Event()
        self._open = threading.Event()
        if not closed:
            self._open.set()

    def __call__(self, *args):
        self.calls.append(args)
        self.threads.append(threading.get_ident())
        self.started.set()
        assert self._open.wait(WAIT_S), "the gate was never opened"
        try:
            return self.answer(*args)
        finally:
            self.finished.set()

    def release(self) -> None:
        self._open.set()


def a_shopper(index: int = 0) -> SimpleNamespace:
    """What ``Preview.observe`` reads of an observation (the gate makes the mask)."""
    return SimpleNamespace(faces=(), index=index)


def plain_mask(live, observation, kind):
    return np.ones(SHAPE, np.float32)


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"the worker never got there: {what}"
        time.sleep(0.005)


def shown(preview: Preview) -> bool:
    preview.refresh()   # what the UI's hop does when the worker wakes it
    return preview.showing


def workers_done() -> None:
    """Every preview worker thread has ended (a stopped one finishes its job first)."""
    for thread in threading.enumerate():
        if thread.name == "tryon-preview":
            thread.join(WAIT_S)
            assert not thread.is_alive(), "a preview worker outlived its stop"


@pytest.fixture
def preview():
    made = Preview()
    yield made
    made.close()
    workers_done()


@pytest.fixture
def frame():
    return np.random.default_rng(7).integers(0, 255, (*SHAPE, 3), np.uint8)


def test_the_mask_is_made_off_the_calling_thread_which_does_not_wait(preview, monkeypatch):
    gate = Gate(plain_mask)
    monkeypatch.setattr(preview_module, "garment_of", gate)
    preview.show(SKY)
    preview.observe(a_shopper(), engaged=True)   # inline, this would block on the gate
    assert gate.started.wait(WAIT_S)
    assert not gate.finished.is_set() and not preview.showing, "observe handed over and returned"
    gate.release()
    wait_for(lambda: shown(preview), "the mask")
    assert gate.threads and threading.get_ident() not in gate.threads


def test_the_real_mask_and_recolour_run_on_the_worker(preview):
    calling, used = threading.get_ident(), []
    real_mask, real_recolour = preview_module.garment_of, preview_module.recolour
    image, observation = photo("astronaut.png"), photo_observation("astronaut.png")

    def recording(real):
        def call(*args):
            used.append(threading.get_ident())
            return real(*args)
        return call

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(preview_module, "garment_of", recording(real_mask))
        patch.setattr(preview_module, "recolour", recording(real_recolour))
        preview.show(SKY)
        preview.observe(observation, engaged=True)
        wait_for(lambda: shown(preview), "the garment on the astronaut")
        wait_for(lambda: preview.apply(image) is not image, "a recoloured frame")
    assert len(used) >= 2 and calling not in used


def test_a_mask_finished_after_stop_is_thrown_away(preview, monkeypatch, frame):
    gate = Gate(plain_mask)
    monkeypatch.setattr(preview_module, "garment_of", gate)
    told = []
    preview.on_change(told.append)
    preview.show(SKY)
    preview.observe(a_shopper(), engaged=True)
    assert gate.started.wait(WAIT_S)
    preview.stop()        # every wipe runs this
    preview.show(SKY)     # and the colour asked again at once (the next shopper)
    gate.release()
    workers_done()
    assert gate.finished.is_set()
    assert not shown(preview) and told == [], "the mask of before the stop never showed"
    assert preview.apply(frame) is frame


@pytest.mark.parametrize("change", ["leaving", "second person", "another kind"])
def test_a_mask_finished_after_the_shopper_or_the_garment_changed_is_thrown_away(preview, monkeypatch,
                                                                                 frame, change):
    gate = Gate(plain_mask)
    monkeypatch.setattr(preview_module, "garment_of", gate)
    preview.show(SKY)
    preview.observe(a_shopper(), engaged=True)
    assert gate.started.wait(WAIT_S)
    if change == "leaving":
        preview.observe(a_shopper(1), engaged=False)
    elif change == "second person":
        preview.observe(SimpleNamespace(faces=(1, 2)), engaged=True)
    else:
        preview.show(SAGE)
    gate.release()
    workers_done()
    assert not shown(preview) and preview.apply(frame) is frame


def test_a_frame_recoloured_in_the_colour_asked_before_is_never_shown(preview, monkeypatch, frame):
    monkeypatch.setattr(preview_module, "garment_of", plain_mask)
    gate = Gate(recolour)
    monkeypatch.setattr(preview_module, "recolour", gate)
    preview.show(SKY)
    preview.observe(a_shopper(), engaged=True)
    wait_for(lambda: shown(preview), "the mask")
    assert preview.apply(frame) is frame, "handed over; nothing recoloured yet"
    assert gate.started.wait(WAIT_S)
    preview.show(NAVY)   # the same kind: the mask stays, the sky-blue frame must not show
    assert preview.showing
    gate.release()
    assert gate.finished.wait(WAIT_S)
    first = preview.apply(frame)
    assert first is frame, "the frame in the colour asked before was thrown away"
    wait_for(lambda: preview.apply(frame) is not frame, "a navy frame")
    navy = recolour(frame, np.ones(SHAPE, np.float32), NAVY.lab).image
    assert np.array_equal(preview.apply(frame), navy)


def test_only_the_newest_observation_waits_never_a_queue(preview, monkeypatch):
    gate = Gate(plain_mask)
    monkeypatch.setattr(preview_module, "garment_of", gate)
    shoppers = [a_shopper(i) for i in range(50)]
    preview.show(SKY)
    preview.observe(shoppers[0], engaged=True)
    assert gate.started.wait(WAIT_S)
    for shopper in shoppers[1:]:   # the worker is busy with the first
        preview.observe(shopper, engaged=True)
    gate.release()
    wait_for(lambda: len(gate.calls) == 2 and shown(preview), "the newest observation's mask")
    preview.close()
    workers_done()
    assert len(gate.calls) == 2 and gate.calls[1][1] is shoppers[-1], \
        "the 48 in between were replaced, not queued"


def test_only_the_newest_frame_waits_never_a_queue(preview, monkeypatch):
    monkeypatch.setattr(preview_module, "garment_of", plain_mask)
    gate = Gate(recolour)
    monkeypatch.setattr(preview_module, "recolour", gate)
    frames = [np.full((*SHAPE, 3), i, np.uint8) for i in range(50)]
    preview.show(SKY)
    preview.observe(a_shopper(), engaged=True)
    wait_for(lambda: shown(preview), "the mask")
    preview.apply(frames[0])
    assert gate.started.wait(WAIT_S)
    for image in frames[1:]:
        preview.apply(image)
    gate.release()
    wait_for(lambda: len(gate.calls) == 2 and gate.finished.is_set(), "the newest frame recoloured")
    preview.close()
    workers_done()
    assert len(gate.calls) == 2 and gate.calls[1][0] is frames[-1], \
        "the 48 in between were replaced, not queued"


def test_the_worker_wakes_the_gui_which_tells_the_listeners_on_its_own_thread(preview, monkeypatch, frame):
    answers = [np.ones(SHAPE, np.float32)]
    monkeypatch.setattr(preview_module, "garment_of", lambda live, observation, kind: answers[0])
    woken, told = [], []
    preview.wake = lambda: woken.append(threading.get_ident())
    preview.on_change(lambda showing: told.append((showing, threading.get_ident())))
    preview.show(SKY)
    preview.observe(a_shopper(), engaged=True)
    wait_for(lambda: woken, "the wake")
    assert threading.get_ident() not in woken and told == [], "the worker only wakes; the UI marshals"
    preview.refresh()   # on the GUI thread (kiosk/ui/assembly.py hops it there)
    assert told == [(True, threading.get_ident())]
    wait_for(lambda: preview.apply(frame) is not frame, "a recoloured frame")
    answers[0] = None   # the pose lost: no garment
    preview.observe(a_shopper(1), engaged=True)
    wait_for(lambda: len(woken) == 2, "the second wake")
    assert preview.apply(frame) is frame, "no ghost garment"
    assert told[-1] == (False, threading.get_ident())


def test_nothing_of_the_shopper_is_kept_after_stop(preview):
    """Real photo, real mask and recolour; weak references to everything the shopper made."""
    cached = photo_observation("astronaut.png")   # cached for other tests: copy what it holds
    observation = dataclasses.replace(cached, image=cached.image.copy(),
                                      person_mask=cached.person_mask.copy())
    image = photo("astronaut.png").copy()
    with pytest.MonkeyPatch.context() as patch:
        made = watch_tryon(patch)   # every mask and recoloured frame, weakly
        made += [weakref.ref(observation), weakref.ref(observation.image), weakref.ref(image)]
        preview.show(SKY)
        preview.observe(observation, engaged=True)
        wait_for(lambda: shown(preview), "the mask")
        wait_for(lambda: preview.apply(image) is not image, "a recoloured frame")
        preview.observe(observation, engaged=True)   # a job in flight at the stop, maybe
        preview.apply(image)
        preview.stop()
        workers_done()
    observation = image = None   # the test lets go of its own
    gc.collect()
    assert len(made) >= 5
    assert not [ref for ref in made if ref() is not None], "kept after stop"
    assert not preview.showing


def test_vision_is_capped_while_a_recolour_shows_and_released_when_it_goes(preview, monkeypatch):
    """On a 2-core mirror the core vision gives back keeps painting on time (bench.ui --tryon)."""
    monkeypatch.setattr(preview_module, "garment_of", Gate(plain_mask, closed=False))
    vision = SimpleNamespace(caps=[])
    vision.cap_rate = vision.caps.append
    preview_module.cap_vision_while_showing(preview, vision)
    preview.show(SKY)
    preview.observe(a_shopper(), engaged=True)
    wait_for(lambda: shown(preview), "the mask")
    assert vision.caps == [preview_module.VISION_FPS_WHILE_SHOWING]
    preview.stop()
    assert vision.caps == [preview_module.VISION_FPS_WHILE_SHOWING, None]
