"""A sysfs backlight (/sys/class/backlight/NAME): laptops-style panels and many kiosk displays.

``bl_power`` (0 = on, 4 = FB_BLANK_POWERDOWN) is the gentlest switch: brightness is kept.
Devices without it get brightness 0 and their remembered brightness back on wake.
Writing needs the kiosk user in the ``video`` group (udev rule in docs/unattended.md).
"""

from __future__ import annotations

from pathlib import Path

from hardware.errors import DisplayError, Location

SYSFS_ROOT = Path("/sys/class/backlight")
POWER_ON, POWER_OFF = "0", "4"


class SysfsBacklight:
    def __init__(self, device: str | Path | None = None, *, root: Path = SYSFS_ROOT):
        self.path = _find_device(device, root)
        self.name = f"backlight {self.path.name}"
        self._saved_brightness: str | None = None

    def sleep(self) -> None:
        if (self.path / "bl_power").exists():
            self._write("bl_power", POWER_OFF)
            return
        current = self._read("brightness")
        if current != "0":
            self._saved_brightness = current
        self._write("brightness", "0")

    def wake(self) -> None:
        if (self.path / "bl_power").exists():
            self._write("bl_power", POWER_ON)
            return
        level = self._saved_brightness or self._read("max_brightness")
        self._write("brightness", level)

    def _read(self, name: str) -> str:
        try:
            return (self.path / name).read_text().strip()
        except OSError as exc:
            raise self._error(name, exc) from None

    def _write(self, name: str, value: str) -> None:
        try:
            (self.path / name).write_text(value)
        except OSError as exc:
            raise self._error(name, exc) from None

    def _error(self, name: str, exc: OSError) -> DisplayError:
        return DisplayError(f"backlight {name}: {exc.strerror or exc}",
                            location=Location(str(self.path / name), field="display.backlight"),
                            fix="add the kiosk user to the 'video' group (udev rule in docs/unattended.md)")


def _find_device(device: str | Path | None, root: Path) -> Path:
    if device:
        path = Path(device)
        path = path if path.is_absolute() else root / path
    else:
        found = sorted(root.iterdir()) if root.is_dir() else []
        path = found[0] if found else root / "<none>"
    if not (path / "brightness").exists():
        raise DisplayError("no backlight device", location=Location(str(path), field="display.backlight"),
                           fix="set display.backlight to a folder of /sys/class/backlight, "
                               "or use display.power: dpms")
    return path
