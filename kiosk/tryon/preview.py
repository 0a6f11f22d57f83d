"""The live See it on me preview: which colour is asked for, and the mask that follows the
shopper from observation to observation.

The item screen asks (``show``) and stops; the controller feeds observations while the
session is engaged (GUI thread: the mask, ~1-2 ms, and the label's state); the camera layer
calls ``apply`` on each frame before composing it.  The recolour itself (~3-4 ms a frame)
runs on a small worker thread of its own that keeps only the newest frame: ``apply`` hands
the frame over and returns the newest recoloured frame, at most one camera frame behind,
or the frame as it is until there is one.  The GUI thread never recolours.

Memory only: the mask, the pending frame and the last recoloured frame are dropped on
``stop`` and whenever the pose is lost, and ``stop`` runs on every wipe (docs/privacy.md:
nothing written).

Two-way mirror (no camera image on screen): ``Still`` keeps the newest observation while the
item screen asks for one and, on a tap, makes one recoloured, mirrored still of it on a
short-lived thread (the same mask and recolour as the live preview); ``stop`` drops it too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kiosk.tryon.recolour import LiveTryOn, looks_like_skin, recolour, wearable

STALE_S = 0.25   # a recoloured frame older than this is not shown (a stalled worker)


@dataclass(frozen=True)
class Target:
    kind: str                           # kiosk.catalogue.silhouettes kind: top, dress …
    lab: tuple[float, float, float]     # the colourway's CIELAB (D65)
    colour_name: str


class Preview:
    def __init__(self) -> None:
        self.target: Target | None = None
        self._live = LiveTryOn()
        self._mask: np.ndarray | None = None
        self._listeners: list[Callable[[bool], None]] = []
        self.recoloured = 0   # frames recoloured so far (the benchmark's count)
        self._worker = _Recolourer(self._count)
        self.still = Still()   # two-way mirror: one still on request

    @property
    def showing(self) -> bool:
        """A recolour is on screen now (asked for, and the garment found)."""
        return self.target is not None and self._mask is not None

    def on_change(self, listener: Callable[[bool], None]) -> None:
        """``listener(showing)`` whenever ``showing`` flips (the screen's label)."""
        self._listeners.append(listener)

    def show(self, target: Target | None) -> None:
        """Ask for a colour (None, or a kind a body cannot show: stop)."""
        if target is None or not wearable(target.kind):
            self.stop()
            return
        before = self.showing
        if target != self.target:
            self._worker.forget()   # no frame in the colour asked before
        self.target = target
        self._announce(before)

    def stop(self) -> None:
        before = self.showing
        self.target, self._mask = None, None
        self.still.drop()
        self._live.reset()
        self._worker.forget()
        self._announce(before)

    def close(self) -> None:
        """Stop and end the worker thread (the application's exit, tests)."""
        self.stop()
        self._worker.close()

    def observe(self, observation, engaged: bool) -> None:
        """A new observation: the mask follows the body; gone at once without a pose, a
        person mask or an engaged shopper (they are leaving: no ghost garment)."""
        before = self.showing
        # Several people: the mask may join two bodies, and the preview is for the shopper.
        if (self.target is None or not engaged or observation is None
                or len(observation.faces) > 1):
            self._drop_mask()
        else:
            self._mask = garment_of(self._live, observation, self.target.kind)
            if self._mask is None:
                self._drop_mask()
        self._announce(before)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The camera frame with the garment recoloured (the newest one the worker has
        finished, at most a frame behind), or the frame as it is.  Never recolours here."""
        mask, target = self._mask, self.target
        if mask is None or target is None or mask.shape != image.shape[:2]:
            return image
        self._worker.submit(image, mask, target.lab)
        done = self._worker.latest(image.shape)
        return image if done is None else done

    def _drop_mask(self) -> None:
        self._mask = None
        self._live.reset()
        self._worker.forget()

    def _count(self) -> None:
        self.recoloured += 1

    def _announce(self, before: bool) -> None:
        if self.showing != before:
            for listener in self._listeners:
                listener(self.showing)


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


class _Recolourer:
    """One daemon thread that recolours the newest frame handed to it; an older frame still
    waiting is replaced, never queued.  It lives only while a preview is shown: started by
    the first frame, ended by ``forget`` (a new colour, the pose lost, stop, wipe)."""

    def __init__(self, on_done: Callable[[], None]) -> None:
        self._on_done = on_done
        self._lock = threading.Condition()
        self._pending: tuple | None = None
        self._result: tuple[int, float, np.ndarray] | None = None   # generation, time, image
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._closed = False
        self.thread_ident: int | None = None   # the thread that recolours (tests)

    def submit(self, image: np.ndarray, mask: np.ndarray, lab) -> None:
        with self._lock:
            if self._closed:
                return
            self._pending = (self._generation, image, mask, lab)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="tryon-recolour", daemon=True)
                self._thread.start()
            self._lock.notify()

    def latest(self, shape) -> np.ndarray | None:
        with self._lock:
            result = self._result
            if (result is None or result[0] != self._generation
                    or time.monotonic() - result[1] > STALE_S or result[2].shape != shape):
                return None
            return result[2]

    def forget(self) -> None:
        """Drop the pending and the last recoloured frame and end the thread (a new
        colour, a wipe); the next frame starts a new one."""
        with self._lock:
            self._generation += 1
            self._pending = self._result = None
            self._thread = None
            self._lock.notify()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._pending = self._result = None
            thread, self._thread = self._thread, None
            self._lock.notify()
        if thread is not None:
            thread.join(timeout=2)

    def _run(self) -> None:
        me = threading.current_thread()
        self.thread_ident = me.ident
        while True:
            with self._lock:
                while self._pending is None and self._thread is me:
                    self._lock.wait()
                if self._thread is not me:   # forgotten or closed
                    return
                generation, image, mask, lab = self._pending
                self._pending = None
            out = recolour(image, mask, lab).image
            with self._lock:
                if generation == self._generation:
                    self._result = (generation, time.monotonic(), out)
            self._on_done()
