"""The manager side of the mirror UI: PIN gate, status rows, live placement hints, exit.

Kept apart from the shopper's journey: none of it is reachable without the PIN, and the
placement check reads the newest observation only while the manager screen is open.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from kiosk.ui.i18n import tr

log = logging.getLogger(__name__)
EXIT_BY_STAFF = 64


class ManagerWiring:
    # the shopper-facing actions (kiosk/ui/journey_controller.py navigate) that reach this
    ACTIONS = {"manager": "open_pin", "unlock": "unlock", "manager_touch": "touched", "lock": "lock",
               "exit_kiosk": "exit_kiosk"}

    def __init__(self, window, mirror, gate):
        self.window, self.mirror, self.gate = window, mirror, gate
        manager = window.screens["manager"]
        manager.status_source = self.status_rows
        manager.placement_source = self.placement_hints if mirror.capture is not None else None

    def open_pin(self) -> None:
        if self.gate is None or self.gate.state == "no_pin":
            self.window.toast(tr("Manager", "No manager PIN is set for this mirror."))
            return
        self.window.show_screen("pin")

    def unlock(self, pin: str) -> None:
        if self.gate.unlock(pin):
            self.window.show_screen("manager")
            return
        pin_screen = self.window.screens["pin"]
        if self.gate.state == "locked_out":
            pin_screen.show_message(tr("Manager", "Too many attempts: try again in %1 s")
                                    .replace("%1", str(int(self.gate.retry_in_s()) + 1)))
        else:
            pin_screen.show_message(tr("Manager", "Wrong PIN"))

    def touched(self) -> None:
        """A manager pressed something on the manager screen: keep it open a while longer."""
        self.gate.touch()

    def lock(self) -> None:
        self.gate.lock()
        self.window.show_screen("attract")

    def exit_kiosk(self) -> None:
        if self.gate.state != "unlocked":
            return
        log.warning("kiosk exit by manager PIN")
        # A distinct exit status: the systemd unit does not restart after it
        # (RestartPreventExitStatus), so staff really get the desktop back.
        QCoreApplication.instance().exit(EXIT_BY_STAFF)

    def status_rows(self) -> list[tuple[str, str]]:
        if self.gate.state != "unlocked":  # idle lock or hard time limit: leave at once
            self.window.show_screen("attract")
            return []
        services, mirror = self.mirror.services, self.mirror
        messaging = services.messaging
        recorder = services.event_recorder
        camera = mirror.controller.camera_status if mirror.capture is not None else "off"
        catalogue = catalogue_text(services.catalogue_store, mirror.config.timezone)
        calibration = "card" if mirror.config.colour.white_ref else "no reference card"
        if recorder is None:
            return [("Camera", camera), ("Catalogue", catalogue or "none")]
        status = recorder.manager_status(online=bool(messaging and messaging.connected), camera=camera,
                                         catalogue_version=catalogue,
                                         calibration=calibration, timezone=mirror.config.timezone)
        return status.rows()

    def placement_hints(self) -> list[str] | None:
        from kiosk.insight.placement import check_placement

        observation = self.mirror.controller.last_observation
        if observation is None:
            return []
        check = check_placement(observation)
        return list(check.hints) or ([tr("Manager", "good")] if check.ok else [])


def catalogue_text(store, timezone: str) -> str | None:
    """The manager's view of the loaded catalogue: time published, size, short id."""
    from zoneinfo import ZoneInfo

    summary = store.summary()
    return summary.text(ZoneInfo(timezone)) if summary else None
