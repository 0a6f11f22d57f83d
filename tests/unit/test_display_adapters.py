"""Display power adapters: xset against a real Xvfb, the sysfs backlight on a real folder."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from hardware.display.backlight import SysfsBacklight
from hardware.display.dpms import XsetDpms
from kiosk.errors import DisplayError
from tests.support.debian import missing_package


@pytest.fixture
def xvfb():
    if shutil.which("Xvfb") is None or shutil.which("xset") is None:
        missing_package("Xvfb/xset not installed (apt-get install xvfb x11-xserver-utils)")
    proc = subprocess.Popen(["Xvfb", "-displayfd", "1", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    number = proc.stdout.readline().decode().strip()
    yield f":{number}"
    proc.terminate()
    proc.wait(5)
    proc.stdout.close()


def xset_query(display: str) -> str:
    return subprocess.run(["xset", "-display", display, "q"], capture_output=True, text=True).stdout


def test_xset_on_a_server_without_dpms_blanks_through_the_screensaver(xvfb):
    display = XsetDpms(xvfb)
    display.sleep()
    assert display.mode == "blank"            # Xvfb has no DPMS extension
    assert "does not have the DPMS" in xset_query(xvfb)
    display.wake()                            # every real xset call exited 0


def test_xset_with_dpms_forces_the_panel_off_and_on():
    calls = []

    def runner(args):
        calls.append(args[3:])
        out = "DPMS (Energy Star):\n  DPMS is Enabled\n" if args[3:] == ["q"] else ""
        return subprocess.CompletedProcess(args, 0, out, "")

    display = XsetDpms(":5", runner=runner)
    display.sleep()
    display.wake()
    assert calls == [["q"], ["s", "0", "0"], ["s", "blank"], ["+dpms"], ["dpms", "0", "0", "0"],
                     ["dpms", "force", "off"], ["dpms", "force", "on"], ["s", "reset"]]


def test_xset_without_an_x_server_is_a_display_error_with_a_fix():
    display = XsetDpms(":93")  # nothing listens there
    with pytest.raises(DisplayError) as error:
        display.sleep()
    assert "xset -display :93" in str(error.value) and error.value.fix


def make_backlight(root, name="panel", bl_power=True):
    device = root / name
    device.mkdir()
    (device / "brightness").write_text("180\n")
    (device / "max_brightness").write_text("255\n")
    if bl_power:
        (device / "bl_power").write_text("0\n")
    return device


def test_backlight_with_bl_power_switches_it_and_keeps_brightness(tmp_path):
    device = make_backlight(tmp_path)
    backlight = SysfsBacklight(root=tmp_path)       # first device found
    backlight.sleep()
    assert (device / "bl_power").read_text() == "4"
    assert (device / "brightness").read_text().strip() == "180"
    backlight.wake()
    assert (device / "bl_power").read_text() == "0"


def test_backlight_without_bl_power_restores_the_previous_brightness(tmp_path):
    device = make_backlight(tmp_path, bl_power=False)
    backlight = SysfsBacklight("panel", root=tmp_path)
    backlight.sleep()
    backlight.sleep()                               # twice: still remembers 180, not 0
    assert (device / "brightness").read_text() == "0"
    backlight.wake()
    assert (device / "brightness").read_text() == "180"


def test_missing_or_unwritable_backlight_is_a_display_error(tmp_path):
    with pytest.raises(DisplayError, match="no backlight device"):
        SysfsBacklight(root=tmp_path)
    device = make_backlight(tmp_path)
    (device / "bl_power").unlink()
    (device / "bl_power").mkdir()                   # exists but cannot be written (even as root)
    with pytest.raises(DisplayError) as error:
        SysfsBacklight(root=tmp_path).sleep()
    assert error.value.location.file.endswith("bl_power") and "video" in error.value.fix
