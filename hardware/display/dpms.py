"""DPMS through ``xset`` (X11): the panel's own power saving, which most monitors honour.

At start we switch X's own screensaver and DPMS timeouts off so only the kiosk decides when
the screen sleeps, then force DPMS ``off``/``on`` on demand.  A server without the DPMS
extension (Xvfb, some VNC servers) gets the screensaver blank instead (``s activate`` /
``s reset``): the picture goes black even if the panel stays powered.  Note that
``xset dpms force off`` exits 0 even when the extension is missing, so we ask ``xset q``.
Under Wayland (Ubuntu Frame, cage) there is no xset: use the backlight adapter instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence

from hardware.errors import DisplayError, Location

Runner = Callable[[Sequence[str]], subprocess.CompletedProcess]


def _run(args: Sequence[str]) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=5, check=False)


class XsetDpms:
    def __init__(self, display: str | None = None, *, runner: Runner = _run, xset: str = "xset"):
        self.display = display or os.environ.get("DISPLAY") or ":0"
        self.name = f"dpms {self.display}"
        self._runner, self._xset = runner, xset
        self.mode: str | None = None  # "dpms" or "blank", found on first use

    def sleep(self) -> None:
        self._prepare()
        if self.mode == "dpms":
            self._xset_call("dpms", "force", "off")
        else:
            self._xset_call("s", "activate")

    def wake(self) -> None:
        self._prepare()
        if self.mode == "dpms":
            self._xset_call("dpms", "force", "on")
        self._xset_call("s", "reset")  # ends a screensaver blank in either mode

    def _prepare(self) -> None:
        """Own the timers: no automatic screensaver or DPMS timeouts, only ours."""
        if self.mode is not None:
            return
        if self._runner is _run and shutil.which(self._xset) is None:
            raise DisplayError("xset not found", location=Location(field="display.power"),
                               fix="apt-get install x11-xserver-utils, or use display.power: backlight")
        has_dpms = "does not have the DPMS" not in self._xset_call("q")
        self._xset_call("s", "0", "0")  # no automatic screensaver timeout
        self._xset_call("s", "blank")
        if has_dpms:
            self._xset_call("+dpms")
            self._xset_call("dpms", "0", "0", "0")
        self.mode = "dpms" if has_dpms else "blank"

    def _xset_call(self, *args: str) -> str:
        command = [self._xset, "-display", self.display, *args]
        try:
            done = self._runner(command)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DisplayError(f"{' '.join(command)} failed: {exc}",
                               location=Location(field="display.power"),
                               fix="check DISPLAY and that the kiosk user may use the X server") from None
        if done.returncode != 0:
            detail = (done.stderr or done.stdout or "").strip().splitlines()[:1]
            raise DisplayError(f"{' '.join(command)} exited {done.returncode}: {' '.join(detail)}",
                               location=Location(field="display.power"),
                               fix="check DISPLAY / XAUTHORITY in the systemd unit (docs/unattended.md)")
        return done.stdout or ""
