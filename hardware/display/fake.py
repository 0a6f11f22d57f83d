"""A display that records calls, for unit tests (and can be told to fail)."""

from __future__ import annotations

from hardware.errors import DisplayError


class FakeDisplay:
    name = "fake"

    def __init__(self, *, fail: bool = False):
        self.calls: list[str] = []
        self.awake = True
        self.fail = fail

    def sleep(self) -> None:
        self._call("sleep")
        self.awake = False

    def wake(self) -> None:
        self._call("wake")
        self.awake = True

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if self.fail:
            raise DisplayError(f"fake display refused {name}")
