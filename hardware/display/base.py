"""The one small interface every display power adapter implements."""

from __future__ import annotations

from typing import Protocol


class DisplayPower(Protocol):
    name: str

    def sleep(self) -> None:
        """Blank the panel (backlight off / DPMS off).  Raises DisplayError."""

    def wake(self) -> None:
        """Light the panel again.  Raises DisplayError."""
