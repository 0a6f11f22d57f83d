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
