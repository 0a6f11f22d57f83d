"""docs/privacy.md for See it on me behind two-way glass (issue 20): the still of the shopper
is made in memory only and is gone with the session.  The real vision pipeline on a real
photo, the mirror's own session/journey/shopper-core wiring and its ``build_tryon`` (the
still is dropped on the session's wipe); the Python audit hook of the no-frame-leaves rig
(tests/support/privacy_child.py) watches for any write or send while the still exists."""

from __future__ import annotations

import gc
from types import SimpleNamespace

import numpy as np
from PySide6.QtGui import QImage, QPixmap

from kiosk.app import build_tryon
from kiosk.config import StoreConfig
from kiosk.services import Services
from kiosk.session import State
from kiosk.tryon.preview import StillPicture
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.item import ItemScreen
from tests.support import privacy_child
from tests.support.privacy import ShopperRig, photo, reachable


def test_the_two_way_still_is_gone_with_the_session_and_never_written(qtbot, tmp_path, audited):
    rig = ShopperRig(tmp_path, forget_after_s=10.0)
    try:
        preview = build_tryon(SimpleNamespace(session=rig.session))   # as the mirror builds it
        shopper = photo("astronaut.png")
        privacy_child.RUNNING[0] = True
        rig.show(shopper, 2)
        assert rig.session.state is State.ENGAGED
        ctx = UiContext(StoreConfig(mirror={"display_mode": "two_way"}), Languages(["en"], "en"),
                        lambda *a, **k: None, Services(journey=rig.journey, tryon=preview),
                        theme.metrics_for(1080, 1920), colour_analysis_available=lambda: True)
        screen = ItemScreen(ctx)
        qtbot.addWidget(screen)
        screen.resize(1080, 1920)
        screen.show()
        rig.journey.open_style("W-LIN-SHIRT")
        screen.on_enter()
        worn = rig.journey.selection.colourway.colour
        rig.journey.choose_colour(next(c.colour.name for c in rig.journey.selection.style.colourways
                                       if c.colour and c.colour.lab and c.colour != worn))
        for _ in range(3):   # the observations reach the still as the mirror's GUI passes them on
            rig.step(shopper)
            preview.still.observe(rig.last_observation, rig.session.state is State.ENGAGED)
        assert preview.still.ready
        screen.see_button.click()
        qtbot.waitUntil(screen.still_view.isVisible, timeout=10000)
        assert not screen.still_view.pixmap().isNull()

        left_at = rig.clock.now   # the shopper walks away: the session's own wipe
        while rig.session.state is not State.ATTRACT and rig.clock.now - left_at < 35:
            rig.idle(1, photo("chelsea.png"))
        privacy_child.RUNNING[0] = False
        assert rig.session.state is State.ATTRACT

        assert not audited, f"written or sent while the still existed: {audited}"
        assert screen.still_view.pixmap().isNull() and not screen.still_view.isVisible()
        assert not screen.still_caption.text() and not screen.see_button.isVisible()
        assert not preview.still.ready and not preview.still.wanted
        qtbot.wait(50)   # a still still in the event queue would arrive now (and be refused)
        assert screen.still_view.pixmap().isNull()
        gc.collect()
        assert not [o for o in gc.get_objects() if isinstance(o, StillPicture)]
        held = reachable(screen.__dict__, preview)
        assert not [o for o in held if isinstance(o, np.ndarray) and o.ndim == 3], "a frame is kept"
        assert not [o for o in held if isinstance(o, (QPixmap, QImage)) and o.width() > 300], "a still is kept"
    finally:
        privacy_child.RUNNING[0] = False
        rig.close()
