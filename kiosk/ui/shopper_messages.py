"""What the shopper reads for a refused action, in the screen's language: one line per error
type of the Qt-free core (kiosk/shopper/errors.py), never a match on its English text."""

from __future__ import annotations

from kiosk.basket import MAX_LINES, MAX_QUANTITY
from kiosk.errors import KioskError
from kiosk.shopper import errors
from kiosk.ui.i18n import tr


def shopper_message(error: KioskError) -> str:
    """The most specific type wins; an error without a line of its own shows its message."""
    for kind in type(error).__mro__:
        word = _WORDS.get(kind)
        if word is not None:
            return word(error)
    return error.message


_WORDS = {
    errors.NotInStockHere: lambda e: tr("Item", "Only sizes in stock here can go in your basket."),
    errors.TooManyOfOne: lambda e: tr("Journey", "At most %1 of one item - staff can help with more")
    .replace("%1", str(MAX_QUANTITY)),
    errors.BasketFull: lambda e: tr("Journey", "Your basket is full (%1 items): send it to your phone first")
    .replace("%1", str(MAX_LINES)),
    errors.ChooseSizeFirst: lambda e: tr("Journey", "Choose a size first"),
    errors.NoShopperSession: lambda e: tr("Journey", "Touch the mirror to start"),
    errors.RequestsUnavailable: lambda e: tr(
        "Journey", "Staff requests are not available right now - please ask at the desk."),
    errors.NotRequestableHere: lambda e: tr(
        "Item", "%1 is not in stock in this store: please ask at the fitting-room desk.")
    .replace("%1", getattr(e, "size", "")),
    errors.CannotRequest: lambda e: tr(
        "Journey", "This item cannot be requested from here - please ask a member of staff."),
    errors.HandoffUnavailable: lambda e: tr("Journey", "Sending to a phone is not available right now."),
    errors.BasketEmpty: lambda e: tr("Journey", "Your basket is empty"),
    errors.UnknownStyle: lambda e: e.message,
    errors.UnknownItem: lambda e: tr(
        "Journey", "This item is not in this store's list - please ask a member of staff."),
}
