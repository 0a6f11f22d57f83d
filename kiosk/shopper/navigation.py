"""Which screen comes next, Qt-free: the history Back walks, and the journey's own turns."""

from __future__ import annotations

PASSING = ("attract", "goodbye")  # shown to nobody in particular: Back never returns there


class Navigation:
    def __init__(self) -> None:
        self.history: list[str] = []

    def leave(self, current: str | None, to: str) -> None:
        """The shopper goes from ``current`` to ``to``: remember where Back returns."""
        if current and current != to and current not in PASSING:
            self.history.append(current)

    def back(self, current: str | None) -> str:
        while self.history:
            previous = self.history.pop()
            if previous != current:
                return previous
        return "hello"

    def touched(self, current: str | None, request_open: bool) -> str | None:
        """A touch on a passing screen: the waiting request, or hello (None: stay)."""
        if current not in PASSING:
            return None
        return "request" if request_open else "hello"

    def after_handoff(self) -> str:
        """The phone has the basket and the shopper was thanked: back where they sent it from."""
        if self.history and self.history[-1] == "basket":
            self.history.pop()
        return "basket"

    def clear(self) -> None:
        self.history.clear()
