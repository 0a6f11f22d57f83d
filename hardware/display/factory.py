"""The display power adapter the store config asks for (called from kiosk/app.py only)."""

from __future__ import annotations

from hardware.display.backlight import SysfsBacklight
from hardware.display.base import DisplayPower
from hardware.display.dpms import XsetDpms


def display_from_config(section) -> DisplayPower | None:
    """``display.power``: dpms -> XsetDpms, backlight -> SysfsBacklight, none -> None.

    A backlight that does not exist raises DisplayError now (at start), not at first sleep.
    """
    if section.power == "dpms":
        return XsetDpms(section.x_display)
    if section.power == "backlight":
        return SysfsBacklight(section.backlight)
    return None
