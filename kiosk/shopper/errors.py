"""A shopper's action refused: one type per reason, so the UI words each one in the screen's
language (kiosk/ui/shopper_messages.py) without reading the English message."""

from __future__ import annotations

from kiosk.basket import BasketError, BasketFull, TooManyOfOne
from kiosk.errors import KioskError
from kiosk.journey import (
    ChooseSizeFirst,
    NoShopperSession,
    NotInStockHere,
    UnknownItem,
    UnknownStyle,
)

__all__ = [
    "BasketEmpty", "BasketError", "BasketFull", "CannotRequest", "ChooseSizeFirst",
    "HandoffUnavailable", "NoShopperSession", "NotInStockHere", "NotRequestableHere",
    "RequestsUnavailable", "ShopperError", "TooManyOfOne", "UnknownAction", "UnknownItem",
    "UnknownStyle",
]


class ShopperError(KioskError):
    """Refused by the shopper core (kiosk/shopper/core.py)."""


class UnknownAction(ShopperError):
    """A tap or scenario step names no action and no screen."""


class RequestsUnavailable(ShopperError):
    """No staff messaging on this mirror (MQTT off, or it could not start)."""


class NotRequestableHere(ShopperError):
    """The chosen size has none here and the store does not let staff look further."""

    def __init__(self, size: str) -> None:
        super().__init__(f"{size} is not in stock in this store", fix="ask at the fitting-room desk")
        self.size = size


class CannotRequest(ShopperError):
    """The request could not be built (a payload the staff contract refuses, an unknown item)."""


class HandoffUnavailable(ShopperError):
    """No hand-off service on this mirror."""


class BasketEmpty(ShopperError):
    """Nothing to send to a phone."""
