"""Ties the Qt-free session to the window: presence and touches in, screens out."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.session import Session, State
from kiosk.ui.i18n import Languages, tr
from kiosk.ui.mirror_window import MirrorWindow

SCREEN_FOR_STATE = {State.ATTRACT: "attract", State.ENGAGED: "hello", State.LEAVING: "goodbye"}
LIVE_STATUSES = {"live", "starting"}


class MirrorController(QObject):
    def __init__(self, window: MirrorWindow, session: Session, languages: Languages,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None):
        super().__init__(parent)
        self.window, self.session, self.languages, self.clock = window, session, languages, clock
        self.camera_status = "stopped"
        self.camera_reason = ""
        session.on_change(self._on_state)
        session.on_wipe(languages.reset)
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(lambda: self.session.tick(self.clock()))
        self._ticker.start()

    # -- inputs ----------------------------------------------------------------------------
    def navigate(self, target: str, **params) -> None:
        if target == "touch":
            self.session.touch(self.clock())
        elif target in self.window.screens:
            self.session.touch(self.clock())
            self.window.show_screen(target, **params)

    def on_observation(self, observation) -> None:
        self.session.presence(bool(getattr(observation, "present", False)), self.clock())
        keypoints = getattr(observation, "pose_keypoints", None)
        self.window.camera_view.show_keypoints(keypoints if self.session.state is not State.ATTRACT else None)

    def on_camera_status(self, status: str, reason: str) -> None:
        self.camera_status, self.camera_reason = status, reason
        live = status in LIVE_STATUSES
        self.window.indicator.set_live(live)
        self.session.camera_on = status == "live"
        if not live:
            self.window.camera_view.clear()
        attract = self.window.screens.get("attract")
        if attract is not None:
            attract.set_status("" if live or status == "stopped" else
                               tr("Attract", "Camera unavailable - touch the screen to start"))

    # -- outputs ---------------------------------------------------------------------------
    def _on_state(self, old: State, new: State) -> None:
        self.window.show_screen(SCREEN_FOR_STATE[new])
