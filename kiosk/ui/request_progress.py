"""What the size-request screen says once the claimer tells the mirror how it is going
(contract 1.2 progress): "Anna, about 2 min", or that staff could not find the size,
with the nearest size or colour in stock here (kiosk.recommend.alternative).

A choice on the mirror (ask for the alternative with one tap) is not built yet: the line
tells the shopper what to ask for.
"""

from __future__ import annotations

from kiosk.messaging.views import minutes
from kiosk.recommend.alternative import nearest_in_stock
from kiosk.ui.i18n import tr


def progress_lines(view, journey=None) -> tuple[str, str] | None:
    """(title, body) for a claimed request with the claimer's progress, else None (the
    screen's own texts apply).  ``journey`` (kiosk.journey.Journey) lends its catalogue;
    without one there is no alternative to offer."""
    if view is None or view.status != "claimed" or view.progress is None:
        return None
    who = view.claimed_by or tr("Request", "A member of staff")
    if view.progress == "on_my_way" and view.eta_s is not None:
        return (tr("Request", "%1, about %2 min").replace("%1", who).replace("%2", str(minutes(view.eta_s))),
                tr("Request", "On the way to %1.").replace("%1", view.room))
    if view.progress == "cannot_find":
        title = tr("Request", "%1 could not find %2").replace("%1", who).replace("%2", view.size)
        return title, _alternative_line(view, journey)
    return None


def _alternative_line(view, journey) -> str:
    alternative = nearest_in_stock(journey.catalogue, view.gtin, view.size) if journey else None
    if alternative is None:
        return tr("Request", "Nothing close is in stock here: please ask at the fitting-room desk.")
    if alternative.size != view.size or not alternative.colour:
        return tr("Request", "Nearest in stock: size %1. Ask the team to bring it.").replace(
            "%1", alternative.size)
    return tr("Request", "Nearest in stock: size %1 in %2. Ask the team to bring it.").replace(
        "%1", alternative.size).replace("%2", alternative.colour)
