"""The one place screens get the names shoppers read: product titles, colour names, sizes
and the fitting room, in the mirror's current language (issue #14, 4).

Catalogue texts come from the catalogue's translations (kiosk.catalogue.translations: the
store's own, else the built-in colour names, else the default text); "One size" and
"Fitting room N" are the mirror's own words (Qt translations, context "Names").
"""

from __future__ import annotations

import re

from kiosk.catalogue.translations import colour_in, description_in, is_one_size, title_in
from kiosk.ui.i18n import tr

_ROOM = re.compile(r"^\s*fitting room\s+(\S+)\s*$", re.IGNORECASE)


def title(style, language: str) -> str:
    return title_in(style, language)


def description(style, language: str) -> str:
    return description_in(style, language)


def colour_name(colour, language: str) -> str:
    """'Sage green' → 'Vert sauge' / '鼠尾草绿'; first letter capitalised for display."""
    name = colour_in(colour, language)
    return name[:1].upper() + name[1:]


def size_label(size: str | None) -> str:
    if is_one_size(size):
        return tr("Names", "One size")
    return size or ""


def room_name(room: str) -> str:
    """'Fitting room 3' → 'la cabine 3' / '3 号试衣间' (said inside a sentence: 'En route vers
    la cabine 3.'); a room the store named otherwise stays as named."""
    match = _ROOM.match(room or "")
    return tr("Names", "Fitting room %1").replace("%1", match.group(1)) if match else room
