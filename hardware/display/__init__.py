"""Display power adapters: DPMS through ``xset``, a sysfs backlight, and a fake for tests.

Chosen in kiosk/app.py only (``display.power`` in the store config); never a silent fake.
"""

from hardware.display.backlight import SysfsBacklight
from hardware.display.base import DisplayPower
from hardware.display.dpms import XsetDpms
from hardware.display.fake import FakeDisplay

__all__ = ["DisplayPower", "FakeDisplay", "SysfsBacklight", "XsetDpms"]
