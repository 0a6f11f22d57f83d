"""The live See it on me preview: which colour is asked for, and the mask that follows the
shopper from observation to observation.

The item screen asks (``show``) and stops; the controller hands each observation over
(``observe``) and the camera layer calls ``apply`` on each frame before composing it.  The
GUI thread only hands references over and reads the newest results: the garment mask
(``garment_of``: pose region, person mask, skin checks, smoothing, ~1-2 ms) and the recolour
(~3-4 ms a frame) run on one worker thread (``_Worker``) that keeps only the newest
observation and the newest frame (never a queue).  ``apply`` returns the newest recoloured
frame, at most a frame behind, or the frame as it is until there is one.

``showing`` (and the ``on_change`` listeners, which the label follows) change on the GUI
thread only: in ``show``/``stop``/``observe``/``apply`` and ``refresh``; the worker calls
``wake`` (no argument, any thread) when its mask comes or goes, and the UI marshals it to
``refresh`` on the GUI thread (kiosk/ui/assembly.py: GuiHop).

A generation counter guards what the worker finishes late: ``stop`` (every wipe), a colour
asked for or an observation that cannot be used (no pose, the shopper leaving, a second
person) start a new generation, and a mask or frame of an older one is thrown away when it
is done, never shown.  Memory only: the observation, the mask, the pending frame and the
last recoloured frame are dropped on ``stop`` and whenever the pose is lost; the worker
thread ends with them (docs/privacy.md: nothing written, nothing kept).

Two-way mirror (no camera image on screen): ``Still`` keeps the newest observation while the
item screen asks for one and, on a tap, makes one recoloured, mirrored still of it on a
short-lived thread (the same mask and recolour as the live preview); ``stop`` drops it too.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from kiosk.tryon.recolour import LiveTryOn, looks_like_skin, recolour, wearable

STALE_S = 0.25   # a recoloured frame older than this is not shown (a stalled worker)
# While a preview shows, vision looks at no more than this many frames a second: the mask is
# smoothed over observations anyway, and on a 2-core mirror the core vision gives back is
# what keeps painting (and the recolour of every camera frame) on time (docs/performance.md).
VISION_FPS_WHILE_SHOWING = 15.0
NICE = 5         # the worker yields the cores to the GUI (as vision's pose thread does)


@dataclass(frozen=True)
class Target:
    kind: str                           # kiosk.catalogue.silhouettes kind: top, dress …
    lab: tuple[float, float, float]     # the colourway's CIELAB (D65)
    colour_name: str


class Preview:
    def __init__(self, wake: Callable[[], None] | None = None) -> None:
        self.target: Target | None = None
        self._showing = False
        self._listeners: list[Callable[[bool], None]] = []
        self.recoloured = 0   # frames recoloured so far (the benchmark's count)
        # ``wake()``: from the worker thread when its mask comes or goes; the UI sets it to
        # ``refresh`` hopped to the GUI thread.  None: ``observe``/``apply`` catch up.
        self.wake = wake
        self._worker = _Worker(self._count, self._woken)
        self.still = Still()   # two-way mirror: one still on request

    @property
    def showing(self) -> bool:
        """A recolour is on screen now (asked for, and the garment found); what the
        listeners were last told."""
        return self._showing

    def on_change(self, listener: Callable[[bool], None]) -> None:
        """``listener(showing)`` whenever ``showing`` flips (the screen's label); GUI thread."""
        self._listeners.append(listener)

    def show(self, target: Target | None) -> None:
        """Ask for a colour (None, or a kind a body cannot show: stop)."""
        if target is None or not wearable(target.kind):
            self.stop()
            return
        if target != self.target:
            # No frame in the colour asked before; the same kind keeps its mask (the same
            # garment region: the label does not blink between colours).
            self._worker.new_colour(keep_mask=self.target is not None and self.target.kind == target.kind)
        self.target = target
        self.refresh()

    def stop(self) -> None:
        self.target = None
        self.still.drop()
        self._worker.forget()
        self.refresh()

    def close(self) -> None:
        """Stop and end the worker thread (the application's exit, tests)."""
        self.stop()
        self._worker.close()

    def observe(self, observation, engaged: bool) -> None:
        """A new observation, handed to the worker (the mask follows the body there); the
        mask is gone at once without an engaged shopper (they are leaving: no ghost
        garment) and, on the worker, without a pose or a person mask."""
        # Several people: the mask may join two bodies, and the preview is for the shopper.
        if (self.target is None or not engaged or observation is None
                or len(observation.faces) > 1):
            self._worker.forget()
        else:
            self._worker.observe(observation, self.target.kind)
        self.refresh()

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The camera frame with the garment recoloured (the newest one the worker has
        finished, at most a frame behind), or the frame as it is.  Never recolours here."""
        self.refresh()
        target = self.target
        if not self._showing or target is None:
            return image
        self._worker.submit(image, target.lab)
        done = self._worker.latest(image.shape)
        return image if done is None else done

    def refresh(self) -> None:
        """GUI thread: ``showing`` follows the worker's newest mask; the listeners hear a flip."""
        showing = self.target is not None and self._worker.has_mask()
        if showing != self._showing:
            self._showing = showing
            for listener in self._listeners:
                listener(showing)

    def _count(self) -> None:
        self.recoloured += 1

    def _woken(self) -> None:
        wake = self.wake
        if wake is not None:
            wake()


def garment_of(live: LiveTryOn, observation, kind: str) -> np.ndarray | None:
    """The garment mask of ``kind`` on the observation's frame (smoothed by ``live``), or
    None: no pose, no person mask, or a region that looks like skin (never a smeared face)."""
    face = observation.face_box
    width, height = observation.frame_size
    mask = live.update((height, width), observation.pose_keypoints, observation.person_mask, kind,
                       face.y + face.h if face is not None else None, observation.image, face)
    if mask is not None and observation.image is not None and looks_like_skin(observation.image, mask, face):
        return None
    return mask


@dataclass(frozen=True)
class StillPicture:
    """One still made on request: ``image`` is the frame with the garment recoloured, mirrored
    as the glass shows the shopper (BGR uint8), or None when no garment was found."""

    generation: int
    target: Target
    image: np.ndarray | None


class Still:
    """Two-way mirror: the newest observation is kept (memory only) while the item screen
    wants a still; ``take`` recolours it on a thread of its own and hands the picture to
    ``done`` (which must hop to the GUI thread).  ``drop`` (leaving the screen, every wipe
    through ``Preview.stop``) forgets the observation, and a picture still being made is
    thrown away when it is done."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._observation = None
        self._generation = 0
        self.wanted = False
        self.thread_ident: int | None = None   # the thread that made the last still (tests)

    @property
    def ready(self) -> bool:
        """An observation of the shopper is kept: a tap can make a still."""
        return self._observation is not None

    def want(self) -> None:
        """The item screen offers See it on me: keep the newest observation from now on."""
        self.wanted = True

    def observe(self, observation, engaged: bool) -> None:
        """GUI thread, each observation: kept only while wanted and the shopper is engaged,
        alone, and in the frame."""
        usable = (self.wanted and engaged and observation is not None and observation.image is not None
                  and len(observation.faces) <= 1)
        with self._lock:
            self._observation = observation if usable else None

    def take(self, target: Target, done: Callable[[StillPicture], None], flip: bool = True) -> bool:
        """Start a still of the newest observation in ``target``'s colour; False: nothing
        to make it from (no shopper seen, or a kind a body cannot show)."""
        with self._lock:
            observation, generation = self._observation, self._generation
        if observation is None or not wearable(target.kind):
            return False
        threading.Thread(target=self._make, args=(observation, target, generation, done, flip),
                         name="tryon-still", daemon=True).start()
        return True

    def current(self, picture: StillPicture) -> bool:
        """The picture was asked for since the last drop (a late one after a wipe is not)."""
        return picture.generation == self._generation

    def drop(self) -> None:
        with self._lock:
            self._generation += 1
            self._observation = None
            self.wanted = False

    def _make(self, observation, target: Target, generation: int,
              done: Callable[[StillPicture], None], flip: bool) -> None:
        self.thread_ident = threading.get_ident()
        mask = garment_of(LiveTryOn(), observation, target.kind)
        image = None
        if mask is not None:
            y0, y1, x0, x1 = portrait_box(mask, observation.face_box)
            image = recolour(observation.image, mask, target.lab).image[y0:y1, x0:x1]
            image = np.ascontiguousarray(image[:, ::-1] if flip else image)
        del observation, mask
        if generation == self._generation:
            done(StillPicture(generation, target, image))


def portrait_box(mask: np.ndarray, face, margin: float = 0.06) -> tuple[int, int, int, int]:
    """Rows and columns (y0, y1, x0, x1) of the shopper in the frame: head to the garment's
    lower edge, the garment's width, with a margin (the still shows them large, not the room)."""
    ys, xs = np.nonzero(mask > 0.2)
    top, bottom, left, right = float(ys.min()), float(ys.max()), float(xs.min()), float(xs.max())
    if face is not None:
        top = min(top, face.y - 0.8 * face.h)   # the hair too
        left, right = min(left, face.x - 0.5 * face.w), max(right, face.x + 1.5 * face.w)
    height, width = mask.shape[:2]
    pad = margin * max(bottom - top, right - left)
    y0, y1 = max(0, int(top - pad)), min(height, int(bottom + pad) + 1)
    x0, x1 = max(0, int(left - pad)), min(width, int(right + pad) + 1)
    return y0, y1, x0, x1


class _Worker:
    """One daemon thread that makes the garment mask of the newest observation and recolours
    the newest frame with it; an older observation or frame still waiting is replaced, never
    queued.  Everything it holds is of one generation: ``forget`` and ``new_colour`` start a
    new one, and what a job of an older one makes is thrown away.  The thread lives while a
    preview may be shown: started by the first observation, ended by ``forget`` (stop, a
    wipe, the shopper leaving) and ``close``."""

    def __init__(self, on_recoloured: Callable[[], None], on_mask: Callable[[], None]) -> None:
        self._on_recoloured, self._on_mask = on_recoloured, on_mask
        self._lock = threading.Condition()
        self._generation = 0
        self._observation: tuple | None = None   # generation, observation, kind
        self._frame: tuple | None = None         # generation, image, lab
        self._mask: np.ndarray | None = None     # of the current generation
        self._result: tuple[int, float, np.ndarray] | None = None   # generation, time, image
        self._live = LiveTryOn()                 # smoothing; touched by the thread only
        self._thread: threading.Thread | None = None
        self._closed = False
        self.thread_ident: int | None = None   # the thread that masks and recolours (tests)

    def observe(self, observation, kind: str) -> None:
        with self._lock:
            if self._closed:
                return
            self._observation = (self._generation, observation, kind)
            self._start()

    def submit(self, image: np.ndarray, lab) -> None:
        with self._lock:
            if self._closed or self._mask is None:
                return
            self._frame = (self._generation, image, lab)
            self._start()

    def has_mask(self) -> bool:
        return self._mask is not None

    def latest(self, shape) -> np.ndarray | None:
        with self._lock:
            result = self._result
            if (result is None or result[0] != self._generation
                    or time.monotonic() - result[1] > STALE_S or result[2].shape != shape):
                return None
            return result[2]

    def new_colour(self, keep_mask: bool) -> None:
        """Another colour: no frame in the old one; the mask (and the observation waiting)
        too unless the garment's kind is the same."""
        if not keep_mask:
            self.forget()
            return
        with self._lock:
            self._generation += 1
            self._frame = self._result = None
            if self._observation is not None:
                self._observation = (self._generation, *self._observation[1:])

    def forget(self) -> None:
        """Drop the observation, the mask, the pending and the last recoloured frame and end
        the thread (it finishes a job under way and throws its result away)."""
        with self._lock:
            if self._thread is None:   # nothing held (each observation off the item screen)
                return
            self._generation += 1
            self._observation = self._frame = self._mask = self._result = None
            self._live = LiveTryOn()
            self._thread = None
            self._lock.notify_all()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            thread = self._thread
        self.forget()
        if thread is not None:
            thread.join(timeout=2)

    def _start(self) -> None:
        """Under the lock: a thread for the job if none runs, and a nudge."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tryon-preview", daemon=True)
            self._thread.start()
        self._lock.notify_all()

    def _run(self) -> None:
        me = threading.current_thread()
        self.thread_ident = me.ident
        _lower_priority()
        while (job := self._take(me)) is not None:
            job()
            del job   # an idle thread holds no observation, mask or frame

    def _take(self, me: threading.Thread) -> Callable[[], None] | None:
        """The next job (the newest observation first: the frame needs its mask), or None:
        this thread was let go."""
        with self._lock:
            while self._observation is None and self._frame is None and self._thread is me:
                self._lock.wait()
            if self._thread is not me:   # forgotten or closed
                return None
            if self._observation is not None:
                job, self._observation = self._observation, None
                return partial(self._mask_from, *job, self._live)
            job, self._frame = self._frame, None
            return partial(self._recolour, *job, self._mask)

    def _mask_from(self, generation: int, observation, kind: str, live: LiveTryOn) -> None:
        mask = garment_of(live, observation, kind)
        if mask is None:
            live.reset()
        with self._lock:
            if generation != self._generation:
                return   # stopped, wiped or another kind meanwhile: never shown
            flipped = (mask is None) != (self._mask is None)
            self._mask = mask
            if mask is None:   # the pose lost: no ghost garment
                self._frame = self._result = None
        if flipped:
            self._on_mask()

    def _recolour(self, generation: int, image: np.ndarray, lab, mask: np.ndarray | None) -> None:
        if mask is None or mask.shape != image.shape[:2]:
            return
        out = recolour(image, mask, lab).image
        with self._lock:
            if generation != self._generation:
                return   # another colour, stopped or wiped meanwhile
            self._result = (generation, time.monotonic(), out)
        self._on_recoloured()




def _lower_priority() -> None:
    """This thread at nice NICE: when the two cores are busy, painting comes first."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    except OSError:   # not permitted: normal priority
        pass


def cap_vision_while_showing(preview: Preview, vision) -> None:
    """``vision.cap_rate`` (kiosk.vision.service.VisionService) follows the preview: capped
    to VISION_FPS_WHILE_SHOWING while a recolour is on screen, lifted when it goes."""
    preview.on_change(lambda showing: vision.cap_rate(VISION_FPS_WHILE_SHOWING if showing else None))
