"""What the size-request screen says once the claimer tells the mirror how it is going
(contract 1.2 progress): "Anna, about 2 min", or that staff could not find the size,
with the nearest size or colour in stock here (kiosk.recommend.alternative).

"Can't find it" is a choice on the mirror: the request screen offers the alternative as one
big button ("Ask for L instead": a new request) and "No thanks" (``offer``).
"""

from __future__ import annotations

from kiosk.messaging.views import minutes
from kiosk.recommend.alternative import Alternative, nearest_in_stock
from kiosk.ui.i18n import tr
from kiosk.ui.names import colour_name, room_name


def progress_lines(view, journey=None, language: str = "en") -> tuple[str, str] | None:
    """(title, body) for a claimed request with the claimer's progress, else None (the
    screen's own texts apply).  ``journey`` (kiosk.journey.Journey) lends its catalogue;
    without one there is no alternative to offer."""
    if view is None or view.status != "claimed" or view.progress is None:
        return None
    who = view.claimed_by or tr("Request", "A member of staff")
    if view.progress == "on_my_way" and view.eta_s is not None:
        return (tr("Request", "%1, about %2 min").replace("%1", who).replace("%2", str(minutes(view.eta_s))),
                tr("Request", "On the way to %1.").replace("%1", room_name(view.room)))
    if view.progress == "cannot_find":
        title = tr("Request", "%1 could not find %2").replace("%1", who).replace("%2", view.size)
        return title, _alternative_line(view, journey, language)
    return None


def offer(view, journey) -> Alternative | None:
    """The alternative to offer with one tap: staff could not find the size and something
    near it is in stock here (with a GTIN to ask for); else None."""
    if view is None or view.status != "claimed" or view.progress != "cannot_find" or journey is None:
        return None
    alternative = nearest_in_stock(journey.catalogue, view.gtin, view.size)
    return alternative if alternative is not None and alternative.gtin else None


def offer_label(view, alternative: Alternative, journey=None, language: str = "en") -> str:
    """The big button: "Ask for L instead", or "Ask for M in Navy instead"."""
    if alternative.size != view.size or not alternative.colour:
        return tr("Request", "Ask for %1 instead").replace("%1", alternative.size)
    return tr("Request", "Ask for %1 in %2 instead").replace("%1", alternative.size).replace(
        "%2", _colour(alternative, journey, language))


def _colour(alternative: Alternative, journey, language: str) -> str:
    """The colour in the shopper's language: the catalogue's translated name if it has one
    (kiosk.ui.names), else as the catalogue writes it."""
    variant = journey.catalogue.find_gtin(alternative.gtin) if journey and alternative.gtin else None
    if variant is None or variant.colour is None:
        return alternative.colour
    return colour_name(variant.colour, language)


def _alternative_line(view, journey, language: str) -> str:
    alternative = nearest_in_stock(journey.catalogue, view.gtin, view.size) if journey else None
    if alternative is None:
        return tr("Request", "Nothing close is in stock here: please ask at the fitting-room desk.")
    if alternative.size != view.size or not alternative.colour:
        return tr("Request", "Nearest in stock: size %1.").replace("%1", alternative.size)
    return tr("Request", "Nearest in stock: size %1 in %2.").replace(
        "%1", alternative.size).replace("%2", _colour(alternative, journey, language))
