"""docs/privacy.md for the live See it on me preview of a digital mirror (issue 20): the
garment mask and the recoloured frames are made on the preview's worker, in memory only,
and the session's wipe leaves nothing of the shopper behind, not even what a job still
under way at the wipe finishes afterwards.  The real vision pipeline on a real photo, the
mirror's own session and its ``build_tryon`` (stopped on the wipe); the no-frame-leaves
rig's audit hook watches for any write or send meanwhile."""

from __future__ import annotations

import gc
import threading
import weakref
from types import SimpleNamespace

import numpy as np

from kiosk.app import build_tryon
from kiosk.session import State
from kiosk.tryon.preview import Target
from tests.support import privacy_child
from tests.support.privacy import ShopperRig, photo, reachable, watch_tryon

SKY = Target("top", (72.0, -6.0, -24.0), "Sky blue")
WAIT_S = 10.0


def test_the_live_preview_keeps_nothing_after_the_sessions_wipe(tmp_path, audited, monkeypatch):
    in_flight, go_on = threading.Event(), threading.Event()

    def hold() -> None:   # the mask under way when the shopper leaves waits here
        if in_flight.is_set():
            assert go_on.wait(WAIT_S)

    made = watch_tryon(monkeypatch, hold)   # every mask and recoloured frame, weakly
    rig = ShopperRig(tmp_path, forget_after_s=10.0)
    preview = build_tryon(SimpleNamespace(session=rig.session))   # as the mirror builds it
    try:
        shopper = photo("astronaut.png")

        def frame(image):   # what the mirror's GUI does with each camera frame and observation
            rig.step(image)
            preview.observe(rig.last_observation, rig.session.state is State.ENGAGED)
            return preview.apply(image.copy())

        privacy_child.RUNNING[0] = True
        rig.show(shopper, 2)
        assert rig.session.state is State.ENGAGED
        preview.show(SKY)   # the item screen asks for a colour
        recoloured = 0
        for _ in range(60):
            image = shopper.copy()
            rig.step(image)
            preview.observe(rig.last_observation, True)
            recoloured += preview.apply(image) is not image
            if recoloured >= 3:
                break
        assert preview.showing and recoloured >= 3, "the live preview ran"
        observations = [weakref.ref(rig.last_observation)]
        in_flight.set()
        rig.step(shopper)
        preview.observe(rig.last_observation, True)   # its mask is under way at the wipe
        observations.append(weakref.ref(rig.last_observation))

        left_at = rig.clock.now   # the shopper walks away: the session's own wipe
        while rig.session.state is not State.ATTRACT and rig.clock.now - left_at < 35:
            rig.idle(1, photo("chelsea.png"))
            frame(photo("chelsea.png"))
        privacy_child.RUNNING[0] = False
        assert rig.session.state is State.ATTRACT
        assert preview.target is None and not preview.showing
        go_on.set()
        for thread in threading.enumerate():
            if thread.name == "tryon-preview":
                thread.join(WAIT_S)
                assert not thread.is_alive()

        assert not audited, f"written or sent while the preview ran: {audited}"
        gc.collect()
        assert len(made) >= 4
        assert not [ref for ref in made if ref() is not None], "a mask or a recoloured frame is kept"
        assert not [ref for ref in observations if ref() is not None], "an observation is kept"
        held = reachable(preview)
        assert not [o for o in held if isinstance(o, np.ndarray) and o.ndim >= 2], "a frame or mask is kept"
    finally:
        go_on.set()
        privacy_child.RUNNING[0] = False
        preview.close()
        rig.close()
