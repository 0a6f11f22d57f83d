"""Read a USB HID wedge scanner straight from /dev/input/eventN (Linux evdev), grabbed.

No python-evdev needed: an input event is a fixed struct (timeval, type, code,
value) and EVIOCGRAB is one ioctl.  Grabbing gives this reader the device's keys
exclusively, so a scan never types into the desktop or the mirror's window.  The
kernel timestamps each event, so scanner-vs-person timing does not suffer from
Python scheduling.  Point it at /dev/input/by-id/usb-…-event-kbd (stable across
reboots); the kiosk user needs read access (group ``input`` or a udev rule).
"""

from __future__ import annotations

import errno
import fcntl
import os
import select
import struct
import threading

from hardware.errors import DeviceError, ScanError
from hardware.scanners.events import ErrorHandler, ScanHandler
from hardware.scanners.keymap import CTRLS, SHIFTS, char_for
from hardware.scanners.wedge import KeystrokeParser

EVENT = struct.Struct("llHHi")   # struct input_event on 64-bit Linux: 24 bytes
EV_KEY = 1
KEY_UP, KEY_DOWN = 0, 1
EVIOCGRAB = 0x40044590           # _IOW('E', 0x90, int)


def pack_key(code: int, down: bool, t: float) -> bytes:
    """One EV_KEY event as the kernel writes it (tests and the fake device use this)."""
    seconds = int(t)
    return EVENT.pack(seconds, int(round((t - seconds) * 1e6)), EV_KEY, code, int(down))


class EvdevWedgeReader:
    name = "hid-evdev"

    def __init__(self, path: str, *, grab: bool = True, parser: KeystrokeParser | None = None):
        self.path, self.grab = path, grab
        self.parser = parser or KeystrokeParser()
        self._held: set[int] = set()
        self._fd: int | None = None
        self._stop_r, self._stop_w = -1, -1
        self._thread: threading.Thread | None = None

    def start(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        self._fd = self._open()
        self._stop_r, self._stop_w = os.pipe()
        self._thread = threading.Thread(target=self._run, args=(on_scan, on_error),
                                        name="hid-evdev", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        os.write(self._stop_w, b"x")
        self._thread.join(3.0)
        self._thread = None
        for fd in (self._fd, self._stop_r, self._stop_w):
            if fd is not None and fd >= 0:
                os.close(fd)
        self._fd = None

    def _open(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise DeviceError(f"cannot open scanner {self.path}: {exc.strerror}",
                              fix="use /dev/input/by-id/…-event-kbd and add the kiosk user "
                                  "to the input group") from None
        if self.grab:
            try:
                fcntl.ioctl(fd, EVIOCGRAB, 1)
            except OSError as exc:
                os.close(fd)
                raise DeviceError(f"cannot grab scanner {self.path}: {exc.strerror}",
                                  fix="another program holds it; stop it or set grab off") from None
        return fd

    def _run(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        pending = b""
        while True:
            ready, _, _ = select.select([self._fd, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                chunk = os.read(self._fd, EVENT.size * 64)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EINTR):
                    continue
                on_error(DeviceError(f"scanner {self.path} was unplugged: {exc.strerror}",
                                     fix="plug it back in and restart the kiosk service"))
                return
            if not chunk:   # writer closed (a FIFO in tests); wait for stop
                self._wait_stop()
                return
            pending += chunk
            whole = len(pending) - len(pending) % EVENT.size
            for offset in range(0, whole, EVENT.size):
                self._event(EVENT.unpack_from(pending, offset), on_scan, on_error)
            pending = pending[whole:]

    def _wait_stop(self) -> None:
        select.select([self._stop_r], [], [])

    def _event(self, event: tuple, on_scan: ScanHandler, on_error: ErrorHandler) -> None:
        seconds, micros, kind, code, value = event
        if kind != EV_KEY:
            return
        if value == KEY_UP:
            self._held.discard(code)
            return
        self._held.add(code)
        if code in SHIFTS or code in CTRLS:
            return
        char = char_for(code, any(c in self._held for c in SHIFTS),
                        any(c in self._held for c in CTRLS))
        if char is None:
            return
        try:
            scan = self.parser.feed(char, seconds + micros / 1e6)
        except ScanError as exc:
            on_error(exc)
            return
        if scan is not None:
            on_scan(scan)
