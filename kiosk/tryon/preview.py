"""The live See it on me preview: which colour is asked for, and the mask that follows the
shopper from observation to observation.

The item screen asks (``show``) and stops; the controller feeds observations while the
session is engaged; the camera layer calls ``apply`` on each frame before composing it.
All on the GUI thread.  Memory only: the mask is dropped on ``stop`` and whenever the
pose is lost, and ``stop`` runs on every wipe (docs/privacy.md: nothing written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kiosk.tryon.recolour import LiveTryOn, looks_like_skin, recolour, wearable


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
        self.target = target
        self._announce(before)

    def stop(self) -> None:
        before = self.showing
        self.target, self._mask = None, None
        self._live.reset()
        self._announce(before)

    def observe(self, observation, engaged: bool) -> None:
        """A new observation: the mask follows the body; gone at once without a pose, a
        person mask or an engaged shopper (they are leaving: no ghost garment)."""
        before = self.showing
        # Several people: the mask may join two bodies, and the preview is for the shopper.
        if (self.target is None or not engaged or observation is None
                or len(observation.faces) > 1):
            self._mask = None
            self._live.reset()
        else:
            face = observation.face_box
            width, height = observation.frame_size
            self._mask = self._live.update((height, width), observation.pose_keypoints,
                                           observation.person_mask, self.target.kind,
                                           face.y + face.h if face is not None else None,
                                           observation.image, face)
            if (self._mask is not None and observation.image is not None
                    and looks_like_skin(observation.image, self._mask, face)):
                self._mask = None
                self._live.reset()
        self._announce(before)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The camera frame with the garment recoloured, or the frame as it is."""
        mask, target = self._mask, self.target
        if mask is None or target is None or mask.shape != image.shape[:2]:
            return image
        self.recoloured += 1
        return recolour(image, mask, target.lab).image

    def _announce(self, before: bool) -> None:
        if self.showing != before:
            for listener in self._listeners:
                listener(self.showing)
