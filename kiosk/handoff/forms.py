"""The phone's checkout form -> a ``Choice``; missing fields are named, never guessed."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.handoff.targets import Address, Choice

FULFILMENTS = ("delivery", "collect", "take_now")
REQUIRED = ("first_name", "last_name", "address1", "city", "zip", "country")
OPTIONAL = ("address2", "email")
MAX_FIELD = 120


class FormProblem(ValueError):
    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


def parse_choice(form: Mapping[str, str], takes_address: bool) -> Choice:
    fulfilment = form.get("fulfilment", "")
    if fulfilment not in FULFILMENTS:
        raise FormProblem(["fulfilment"])
    if fulfilment != "delivery" or not takes_address:
        return Choice(fulfilment)
    values = {key: _clean(form.get(key, "")) for key in REQUIRED + OPTIONAL}
    missing = [key for key in REQUIRED if not values[key]]
    if values["email"] and "@" not in values["email"]:
        missing.append("email")
    if missing:
        raise FormProblem(missing)
    return Choice(fulfilment, Address(**values))


def _clean(value: str) -> str:
    """One line, no control characters, bounded length."""
    text = "".join(ch for ch in str(value) if ch.isprintable())
    return " ".join(text.split())[:MAX_FIELD]
