"""The back office's remote commands on the mirror's screen (kiosk/remote.py ``Screen``).

Commands are handled on the command server's worker thread; every change to widgets, the
session or the camera hops to the GUI thread (``GuiHop``) and the worker waits for it, so
the answer says what the mirror really shows.  Locked ("closed"): the session is wiped,
the closed screen is up, touches, scans and presence are ignored (``MirrorController.closed``)
and the camera is released (the indicator goes off) until ``unlock``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from kiosk.errors import KioskError
from kiosk.ui.bridges import GuiHop

log = logging.getLogger(__name__)
GUI_WAIT_S = 5.0


class RemoteScreen:
    def __init__(self, mirror, window, controller):
        self.mirror, self.window, self.controller = mirror, window, controller
        self._hop = GuiHop(window)
        self.locked = False

    def lock(self) -> dict[str, Any]:
        return self._on_gui(self._lock)

    def unlock(self) -> dict[str, Any]:
        return self._on_gui(self._unlock)

    def exit(self, status: int) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            self._hop(lambda: app.exit(status))()

    def _lock(self) -> dict[str, Any]:
        self.locked = self.controller.closed = True
        self.mirror.session.end(self.controller.clock())   # wipe: nothing of a shopper stays
        capture = self.mirror.capture
        if capture is not None:
            capture.stop()   # idle and released: the camera indicator goes off
        self.window.show_screen("closed")
        return self._state()

    def _unlock(self) -> dict[str, Any]:
        self.locked = self.controller.closed = False
        capture = self.mirror.capture
        if capture is not None and capture.status == "stopped":
            capture.start()
        self.window.show_screen("attract")
        return self._state()

    def _state(self) -> dict[str, Any]:
        capture = self.mirror.capture
        return {"locked": self.locked, "screen": self.window.current_screen,
                "camera": capture.status if capture is not None else "off"}

    def _on_gui(self, change: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        done, box = threading.Event(), list[dict[str, Any] | Exception]()

        def run() -> None:
            try:
                box.append(change())
            except Exception as exc:  # the worker answers with it; the GUI loop goes on
                log.exception("remote command failed on the screen")
                box.append(exc)
            finally:
                done.set()

        self._hop(run)()
        if not done.wait(GUI_WAIT_S):
            raise KioskError(f"the mirror's screen did not respond within {GUI_WAIT_S:g} s",
                             fix="restart the mirror")
        result = box[0]
        if isinstance(result, Exception):
            raise KioskError(f"the screen could not change: {result}", fix="see the mirror's log")
        return result
