"""A chime for new requests: an external player if configured, else the system beep.

PySide6-Essentials has no QtMultimedia; handhelds usually have ``paplay``/``aplay``.
"""

from __future__ import annotations

import logging
import shlex
import subprocess

from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


class Chime:
    def __init__(self, command: str | None = None):
        self.command = shlex.split(command) if command else None
        self.played = 0

    def play(self) -> None:
        self.played += 1
        if not self.command:
            QApplication.beep()
            return
        try:
            subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            log.warning("chime command failed (%s): falling back to the beep", exc)
            QApplication.beep()
