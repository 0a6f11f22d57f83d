"""A record's colour cells (name, hex, Lab) → ``Colour``, with issues for what is off."""

from __future__ import annotations

from kiosk.catalogue import colour_names
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.model import Colour
from kiosk.catalogue.records import Record
from kiosk.catalogue.review import GUESSED_FIX
from kiosk.catalogue.values import BadValue, parse_lab

_UNKNOWN_FIX = ("use a colour name from the table in docs/catalogue-format.md, or keep your "
                "name and add colour_hex (e.g. #1f2a44)")


class ColourResolver:
    def __init__(self, diag: Diagnostics):
        self.diag = diag
        self._known: dict[str, Colour] = {}   # hot path: plain known names, resolved once

    def resolve(self, record: Record, kind: str) -> Colour | None:
        name = record.text("colour")
        hex_text, lab_text = record.text("colour_hex"), record.text("colour_lab")
        if hex_text or lab_text:
            return self._explicit(record, name, hex_text, lab_text)
        if not name:
            return None
        colour = self._known.get(name) or self._from_table(record, name)
        if colour is not None and record.colour_guessed:
            line, column = record.where("colour")
            fix = GUESSED_FIX if "colour-guessed" in record.lenient else (
                "check it, or add a Color option (or colour column) to the product")
            self.diag.warning("colour-guessed", f"colour {name!r} guessed from "
                              f"{record.colour_guessed}", fix, line, column, "colour")
            return Colour(colour.name, colour.hex, colour.lab, "title")
        return colour

    def _from_table(self, record: Record, name: str) -> Colour | None:
        known, hex_colour = colour_names.lookup(name)
        if known:
            lab = colour_names.lab_for_hex(hex_colour) if hex_colour else None
            colour = self._known[name] = Colour(name, hex_colour, lab, "name")
            return colour
        line, column = record.where("colour")
        guess = colour_names.find_in_text(name)
        lenient = "colour-unknown" in self.diag.downgrade or "colour-unknown" in record.lenient
        if guess and lenient:
            self.diag.warning("colour-approximated",
                              f"colour {name!r} is not in the colour table: read as {guess!r}",
                              _UNKNOWN_FIX, line, column, "colour")
            _, hex_colour = colour_names.lookup(guess)
            return Colour(name, hex_colour, colour_names.lab_for_hex(hex_colour), "name")
        self.diag.error("colour-unknown", f"colour name {name!r} is not in the colour table",
                        _UNKNOWN_FIX, line, column, "colour", record.lenient)
        return Colour(name, None, None, "name")

    def _explicit(self, record: Record, name: str, hex_text: str, lab_text: str) -> Colour | None:
        hex_colour = colour_names.parse_hex(hex_text) if hex_text else None
        if hex_text and hex_colour is None:
            line, column = record.where("colour_hex")
            self.diag.error("colour-hex", f"colour_hex {hex_text!r} is not a hex colour",
                            "write six hex digits, e.g. #9caf88", line, column, "colour_hex")
            return None
        if lab_text:
            try:
                lab = parse_lab(lab_text)
            except BadValue as exc:
                line, column = record.where("colour_lab")
                self.diag.error("colour-lab", str(exc), exc.fix, line, column, "colour_lab")
                return None
            return Colour(name or hex_colour or "custom", hex_colour, lab, "lab")
        return Colour(name or hex_colour, hex_colour, colour_names.lab_for_hex(hex_colour), "hex")
