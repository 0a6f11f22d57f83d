"""sd_notify(3) over the NOTIFY_SOCKET datagram socket, without libsystemd.

systemd (Type=notify) passes ``NOTIFY_SOCKET`` (a path, or ``@name`` for the abstract
namespace) and, with ``WatchdogSec=``, ``WATCHDOG_USEC`` + ``WATCHDOG_PID``.  Outside
systemd none is set and every call is a no-op returning False, so the kiosk runs the
same in a terminal.  A send failure is logged once and never raised: losing systemd
must not take the mirror down (the watchdog will act if we are really stuck).
"""

from __future__ import annotations

import logging
import os
import socket
import threading

log = logging.getLogger(__name__)


class SystemdNotifier:
    def __init__(self, socket_path: str | None = None, *, environ: dict[str, str] | None = None):
        env = os.environ if environ is None else environ
        self.socket_path = socket_path if socket_path is not None else env.get("NOTIFY_SOCKET")
        self._watchdog_usec = _watchdog_usec(env)
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._warned = False

    @property
    def enabled(self) -> bool:
        return bool(self.socket_path)

    @property
    def watchdog_s(self) -> float | None:
        """The unit's WatchdogSec for this process, or None when no watchdog is armed."""
        return None if self._watchdog_usec is None else self._watchdog_usec / 1e6

    def ready(self, status: str | None = None) -> bool:
        return self.notify(READY="1", **({"STATUS": status} if status else {}))

    def watchdog(self) -> bool:
        return self.notify(WATCHDOG="1")

    def status(self, text: str) -> bool:
        return self.notify(STATUS=text)

    def stopping(self) -> bool:
        return self.notify(STOPPING="1")

    def notify(self, **fields: str) -> bool:
        if not self.enabled or not fields:
            return False
        message = "\n".join(f"{key}={_one_line(value)}" for key, value in fields.items())
        try:
            with self._lock:
                self._socket().sendto(message.encode("utf-8"), _address(self.socket_path))
            return True
        except OSError as exc:
            if not self._warned:
                log.warning("sd_notify to %s failed: %s", self.socket_path, exc)
                self._warned = True
            return False

    def close(self) -> None:
        with self._lock:
            if self._sock is not None:
                self._sock.close()
                self._sock = None

    def _socket(self) -> socket.socket:
        if self._sock is None:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
        return self._sock


def _address(path: str) -> str | bytes:
    # "@name" is Linux's abstract namespace: a leading NUL byte on the wire.
    return b"\0" + path[1:].encode() if path.startswith("@") else path


def _one_line(value: str) -> str:
    return str(value).replace("\n", " ")[:200]


def _watchdog_usec(env) -> int | None:
    """WATCHDOG_USEC applies to us only if WATCHDOG_PID is unset or our pid (sd_watchdog_enabled)."""
    pid = env.get("WATCHDOG_PID")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec if usec > 0 else None
