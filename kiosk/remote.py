"""The mirror's remote commands (MQTT contract 1.5, ``kiosk.messaging.commands.COMMANDS``):
lock, unlock, restart, placement, lights.  Qt-free: the screen is a small interface the UI
fills in once it exists (kiosk/ui/remote_wiring.py, on the GUI thread); kiosk/app.py
registers the handlers on the mirror's ``CommandServer``.

Every handler answers: bad arguments are a ``PayloadError`` naming ``args.<field>``, a
command the mirror cannot do (no lights, no camera, locked) an error saying how to fix it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from hardware.lights.presets import PRESETS
from kiosk.errors import ConfigError, KioskError, Location, PayloadError
from kiosk.insight.placement import PlacementCheck
from kiosk.messaging.commands import AfterAnswer, CommandServer

log = logging.getLogger(__name__)
# EX_TEMPFAIL: any status but 64 is restarted by the systemd unit (Restart=always,
# RestartPreventExitStatus=64, config/systemd/smart-mirror.service); 64 is "Exit kiosk".
RESTART_STATUS = 75
EXIT_BY_STAFF = 64          # kiosk/ui/manager_wiring.py: never restarted
RESTART_FALLBACK_S = 5.0    # exit even if the broker never acknowledges the answer
PLACEMENT_WAIT_S = 3.0      # the next camera picture; vision runs at several per second
LIGHT_CHOICES = (*PRESETS, "off")


class Screen(Protocol):
    """What the commands need of the mirror's UI (kiosk/ui/remote_wiring.py)."""

    @property
    def locked(self) -> bool: ...

    def lock(self) -> dict[str, Any]: ...

    def unlock(self) -> dict[str, Any]: ...

    def exit(self, status: int) -> None: ...


class Placement(Protocol):
    def next_check(self, timeout: float) -> PlacementCheck | None: ...


class RemoteCommands:
    def __init__(self, *, lights: Any = None, placement: Callable[[], Placement | None] = lambda: None,
                 placement_wait_s: float = PLACEMENT_WAIT_S):
        # not ``lights``/``placement``: those are the handlers
        self.room_lights, self.probe, self.placement_wait_s = lights, placement, placement_wait_s
        self.screen: Screen | None = None   # set by the UI once it is built
        # called after a lock or unlock (the health publisher: the retained state at once)
        self.on_change: list[Callable[[], None]] = []
        self._exiting = threading.Lock()

    def register(self, server: CommandServer) -> CommandServer:
        for name in ("lock", "unlock", "restart", "placement", "lights"):
            server.register(name, getattr(self, name))
        return server

    def lock(self, args: dict[str, Any]) -> dict[str, Any]:
        _check_args("lock", args, ())
        answer = self._screen().lock()
        log.warning("mirror locked by a remote command (out of service until unlock)")
        self._changed()
        return answer

    def unlock(self, args: dict[str, Any]) -> dict[str, Any]:
        _check_args("unlock", args, ())
        answer = self._screen().unlock()
        log.warning("mirror unlocked by a remote command")
        self._changed()
        return answer

    @property
    def locked(self) -> bool | None:
        """Closed by a Lock (None before the screen exists): the retained state carries it."""
        return self.screen.locked if self.screen is not None else None

    def _changed(self) -> None:
        for listener in self.on_change:
            listener()

    def restart(self, args: dict[str, Any]) -> AfterAnswer:
        _check_args("restart", args, ("by",))
        by = args.get("by", "someone")
        if not isinstance(by, str) or not 0 < len(by) <= 64:
            raise PayloadError("by must be 1-64 characters naming who asked",
                               location=Location(field="args.by"), fix='e.g. {"by": "manager"}')
        screen = self._screen()
        log.warning("restart asked by %r over MQTT: exiting with %d, systemd starts the app again",
                    by, RESTART_STATUS)
        timer = threading.Timer(RESTART_FALLBACK_S, self._exit, args=(screen,))
        timer.daemon = True
        timer.start()

        def answered() -> None:
            timer.cancel()
            self._exit(screen)

        return AfterAnswer({"restarting": True, "exit_status": RESTART_STATUS}, then=answered)

    def _exit(self, screen: Screen) -> None:
        if self._exiting.acquire(blocking=False):  # the answer's ack or the fallback: once
            screen.exit(RESTART_STATUS)

    def placement(self, args: dict[str, Any]) -> dict[str, Any]:
        _check_args("placement", args, ())
        if self.screen is not None and self.screen.locked:
            raise KioskError("the mirror is locked: its camera is idle",
                             fix="unlock the mirror, stand where a shopper stands, check again")
        probe = self.probe()
        if probe is None:
            raise KioskError("this mirror has no camera picture to check",
                             fix="camera.enabled in the store config; see the mirror's Camera status")
        check = probe.next_check(self.placement_wait_s)
        if check is None:
            raise KioskError(f"no camera picture within {self.placement_wait_s:g} s",
                             fix="see the mirror's Camera and Vision status on the Mirrors page")
        # Plain numbers and sentences only: no frame, no points (docs/privacy.md).
        return {"ok": check.ok, "face_x": check.face_x, "face_y": check.face_y,
                "face_height": check.face_height, "hints": list(check.hints), "codes": list(check.codes)}

    def lights(self, args: dict[str, Any]) -> dict[str, Any]:
        _check_args("lights", args, ("preset",))
        name = args.get("preset")
        if name not in LIGHT_CHOICES:
            raise PayloadError(f"preset {name!r} is not one of {', '.join(LIGHT_CHOICES)}",
                               location=Location(field="args.preset"),
                               fix=f'e.g. {{"preset": "{LIGHT_CHOICES[0]}"}}')
        if self.room_lights is None:
            raise ConfigError("this mirror has no lights configured", location=Location(field="lights"),
                              fix="set lights.enabled: true and list lights.devices in the store config")
        devices = list(getattr(self.room_lights, "devices", []))
        if name == "off":
            self.room_lights.off()
            return {"preset": "off", "devices": devices}
        chosen = self.room_lights.apply(name)
        return {"preset": chosen.name, "kelvin": chosen.kelvin, "brightness": chosen.brightness,
                "devices": devices}

    def _screen(self) -> Screen:
        if self.screen is None:
            raise KioskError("the mirror's screen is still starting", fix="try again in a few seconds")
        return self.screen


def _check_args(command: str, args: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in args:
        if key not in allowed:
            takes = f"takes {', '.join(allowed)}" if allowed else "takes no arguments"
            raise PayloadError(f"unknown argument {key!r} for {command}",
                               location=Location(field=f"args.{key}"), fix=f"{command} {takes}")
