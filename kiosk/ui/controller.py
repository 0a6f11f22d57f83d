"""Ties the Qt-free session to the window: presence and touches in, screens out."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.session import Session, State
from kiosk.ui.i18n import Languages, tr
from kiosk.ui.mirror_window import MirrorWindow

LIVE_STATUSES = {"live", "starting"}


class MirrorController(QObject):
    def __init__(self, window: MirrorWindow, session: Session, languages: Languages, config,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None,
                 frame_clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.window, self.session, self.languages, self.clock = window, session, languages, clock
        # The camera's clock (Frame.ts is time.monotonic() at capture): how old a result is.
        self.frame_clock = frame_clock
        self._wiped_at: float | None = None
        self.session_config = config
        self.camera_status = "stopped"
        self.state_listeners: list[Callable[[State, State], None]] = []
        self._screen_before_leaving: str | None = None
        self._ignore_presence_until = 0.0
        self.vision_ok = True
        self._detected_once = False
        self.display = None  # kiosk.health.display_power.DisplayPowerPolicy, when the store has one
        # The newest observation, in memory only, for the manager's placement check; dropped
        # on every wipe (docs/privacy.md).
        self.last_observation = None
        self.outline: Callable | None = None   # observation -> polylines (kiosk.vision.outline)
        self.closed = False  # locked by the back office: no touch or sighting starts a session
        session.on_change(self._on_state)
        session.on_wipe(languages.reset)
        session.on_wipe(self._forget_observation)
        session.on_wipe(self._note_wipe)
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(lambda: self.session.tick(self.clock()))
        self._ticker.start()

    # -- inputs ----------------------------------------------------------------------------
    def touch(self) -> None:
        if self.closed:
            return
        self.session.touch(self.clock())
        if self.display is not None:
            self.display.touch()

    def simulate_absence(self, seconds: float) -> None:
        """Scenarios: the shopper walked away, even if the demo camera still shows a person."""
        self._ignore_presence_until = self.clock() + seconds

    def seen_at(self, observation) -> float:
        """When the observation's frame was captured, on the session's clock.  Presence is
        decided in frame time: on a loaded PC results arrive late, and counted at their
        arrival they kept a shopper who had left for 20 s and more (issue 14, defect 6)."""
        now = self.clock()
        ts = getattr(observation, "ts", None)
        return now if ts is None else now - max(0.0, self.frame_clock() - ts)

    def on_observation(self, observation) -> None:
        if self.closed or self.clock() < self._ignore_presence_until:
            return
        seen_at = self.seen_at(observation)
        if self._wiped_at is not None and seen_at < self._wiped_at:
            return  # a frame from before the wipe (vision forgets on its next frame): nobody new
        self.last_observation = observation if self.window.current_screen == "manager" else None
        present = bool(getattr(observation, "present", False))
        if not self._detected_once and getattr(observation, "person_in_frame", False):
            self._detected_once = True
            print("startup: first detection", flush=True)  # bench.startup reads it
        self.session.presence(present, seen_at)
        if self.display is not None:
            self.display.presence(present)
        show = self.session.state is State.ENGAGED and self.outline is not None
        self.window.camera_view.show_outline(self.outline(observation) if show else [])

    def on_vision_failed(self, message: str) -> None:
        """No observations will come: the session runs on touches, staff see why."""
        self.vision_ok = False
        self.session.camera_on = False
        attract = self.window.screens.get("attract")
        if attract is not None:
            attract.set_status(message, "vision")

    def _forget_observation(self) -> None:
        self.last_observation = None

    def _note_wipe(self) -> None:
        self._wiped_at = self.clock()

    def on_camera_status(self, status: str, reason: str) -> None:
        self.camera_status = status
        live = status in LIVE_STATUSES
        self.window.indicator.set_live(live)
        self.session.camera_on = status == "live" and self.vision_ok
        if self.display is not None:
            self.display.set_sensing(status == "live")
        if not live:
            self.window.camera_view.clear()
        attract = self.window.screens.get("attract")
        if attract is not None:
            attract.set_status("" if live or status == "stopped" else
                               tr("Attract", "Camera unavailable - touch the screen to start"))

    # -- outputs ---------------------------------------------------------------------------
    def _on_state(self, old: State, new: State) -> None:
        if new is not State.ENGAGED:  # the shopper is leaving: no outline of them lingers
            self.window.camera_view.show_outline([])
        if new is State.LEAVING:
            self._screen_before_leaving = self.window.current_screen
            self.window.show_screen("goodbye")
        elif new is State.ENGAGED:
            back = self._screen_before_leaving if old is State.LEAVING else None
            self.window.show_screen(back if back and back != "goodbye" else "hello")
        else:
            self._screen_before_leaving = None
            self.window.show_screen("attract")
        for listener in self.state_listeners:
            listener(old, new)
