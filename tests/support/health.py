"""Test helpers for the unattended/health area: a real datagram socket standing in for systemd."""

from __future__ import annotations

import socket
from pathlib import Path


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


class NotifySocket:
    """A bound AF_UNIX datagram socket, as systemd's NOTIFY_SOCKET is; collects messages."""

    def __init__(self, folder: Path, name: str = "notify.sock"):
        self.path = str(Path(folder) / name)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.messages: list[dict[str, str]] = []

    def receive(self, timeout: float = 2.0) -> dict[str, str] | None:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(4096)
        except TimeoutError:
            return None
        fields = dict(line.split("=", 1) for line in data.decode().splitlines() if "=" in line)
        self.messages.append(fields)
        return fields

    def drain(self, timeout: float = 0.05) -> list[dict[str, str]]:
        got = []
        while (message := self.receive(timeout)) is not None:
            got.append(message)
        return got

    def close(self) -> None:
        self.sock.close()


class MiniSystemd:
    """What systemd does for a Type=notify unit with WatchdogSec=, reduced to one process:
    pass NOTIFY_SOCKET + WATCHDOG_USEC, wait for READY=1, then SIGABRT the process if no
    WATCHDOG=1 arrives within the period.  Events are recorded for the test to read."""

    def __init__(self, folder: Path, watchdog_s: float):
        self.folder, self.watchdog_s = Path(folder), watchdog_s
        self.events: list[str] = []

    def _record(self, message: dict[str, str]) -> None:
        self.events.extend(key for key in ("READY", "WATCHDOG", "STOPPING") if message.get(key) == "1")
        if "STATUS" in message:
            self.events.append(f"STATUS={message['STATUS']}")

    def run(self, command: list[str], *, observe_s: float, env: dict[str, str]) -> int:
        import os
        import signal
        import subprocess
        import time

        sock = NotifySocket(self.folder, f"notify-{len(self.events)}.sock")
        env = env | {"NOTIFY_SOCKET": sock.path, "WATCHDOG_USEC": str(int(self.watchdog_s * 1e6))}
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + observe_s
        try:
            while time.monotonic() < deadline and proc.poll() is None:
                message = sock.receive(timeout=self.watchdog_s)
                if message is None:
                    if "READY" in self.events:
                        self.events.append("watchdog-timeout")
                        proc.send_signal(signal.SIGABRT)   # WatchdogSignal=SIGABRT
                        break
                    continue
                self._record(message)
            if proc.poll() is None and "watchdog-timeout" not in self.events:
                proc.terminate()
            code = proc.wait(10)
            for message in sock.drain():  # what it said while stopping (STOPPING=1)
                self._record(message)
            return code
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            proc.stderr.close()
            sock.close()
