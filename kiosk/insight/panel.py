"""``ManagerPanel``: the manager screen's view-model, so the Qt widget only draws.

The widget forwards key presses (digits, "back", "ok") and calls ``view()``
on a ~1 Hz timer and after each press; it draws the ``ManagerView`` it gets.
The PIN never leaves this object and is cleared after every attempt; the
placement check runs only while unlocked, and the last one is dropped on
lock (docs/privacy.md: live only while the manager is there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.insight.manager import ManagerGate, ManagerStatus
from kiosk.insight.placement import PlacementCheck

MAX_PIN_DIGITS = 8


@dataclass(frozen=True)
class ManagerView:
    state: str  # no_pin, locked, locked_out, unlocked
    pin_dots: str  # "●●●" while typing; never the digits
    message: str
    rows: tuple[tuple[str, str], ...] = ()
    placement: PlacementCheck | None = None


class ManagerPanel:
    def __init__(self, gate: ManagerGate, status: Callable[[], ManagerStatus],
                 placement: Callable[[], PlacementCheck | None] = lambda: None):
        self._gate, self._status, self._placement = gate, status, placement
        self._typed = ""
        self._message = ""

    def press(self, key: str) -> None:
        """A key of the PIN pad: "0"-"9", "back" or "ok"; any press counts as activity."""
        if self._gate.state == "unlocked":
            self._gate.touch()
            return
        if key.isdigit() and len(key) == 1 and len(self._typed) < MAX_PIN_DIGITS:
            self._typed += key
        elif key == "back":
            self._typed = self._typed[:-1]
        elif key == "ok":
            self._attempt()

    def lock(self) -> None:
        self._gate.lock()
        self._typed, self._message = "", ""

    def view(self) -> ManagerView:
        state = self._gate.state
        if state == "unlocked":
            return ManagerView(state, "", "", tuple(self._status().rows()), self._placement())
        if state == "locked_out":
            self._typed = ""
            wait = f"Too many wrong PINs: try again in {self._gate.retry_in_s():.0f} s"
            return ManagerView(state, "", wait)
        if state == "no_pin":
            return ManagerView(state, "", "No manager PIN is set: run `kiosk insight pin` "
                                          "and set insight.manager_pin_file")
        return ManagerView(state, "●" * len(self._typed), self._message or "Enter the manager PIN")

    def _attempt(self) -> None:
        typed, self._typed = self._typed, ""
        self._message = "" if self._gate.unlock(typed) else "Wrong PIN"
