"""The ``review`` column of an import draft: what the export could not tell, per row.

``kiosk catalogue import`` writes a native file.  What Shopify or a Merchant feed
cannot express (no sizes, a colour name we do not know, a colour guessed from the
title, an accessory without its category) is a *warning* in the export; written
plainly into the native format it would turn into an error, or vanish (a guessed
colour looks like a chosen one).  So the draft names those findings in the row's
``review`` cell, and ``check`` keeps them as the same warnings: the draft checks as
the export did (issue #14, 9).

A finding goes away when the manager fills the gap (a size, a known colour or a
hex, an accessory category); a guessed colour has nothing to fill, so it stays
until the manager deletes ``colour-guessed`` from the cell.  The mirror never sees
the column: it is not part of the published document or of the version.
"""

from __future__ import annotations

from kiosk.catalogue import colour_names
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Record

# Code → what it means, for the fix of a misspelt cell.
CODES = {"size-missing": "the export had no sizes for this style",
         "colour-unknown": "the colour name is not in the colour table",
         "colour-guessed": "the colour was guessed from the title or tags",
         "accessory-category-missing": "the export did not say which accessory this is"}
GUESSED_FROM = "the import (the title or tags)"
GUESSED_FIX = "check it, then delete 'colour-guessed' from this row's review cell"


def read_review(record: Record, diag: Diagnostics) -> None:
    """Set ``record.lenient`` (and the guessed colour's origin) from its review cell."""
    text = record.text("review")
    if not text:
        return
    codes = {code.strip().lower() for code in text.replace(",", ";").split(";") if code.strip()}
    for code in sorted(codes - CODES.keys()):
        line, column = record.where("review")
        diag.error("review-unknown", f"review note {code!r} is not one the import writes",
                   "keep only " + ", ".join(CODES) + ", or clear the cell once the row is "
                   "complete", line, column, "review")
    record.lenient = frozenset(codes & CODES.keys())
    if "colour-guessed" in record.lenient:
        record.colour_guessed = GUESSED_FROM


def style_lenient(records: list[Record]) -> frozenset[str]:
    """Style-level findings (no sizes, no accessory category) may sit on any of its rows."""
    return frozenset().union(*(r.lenient for r in records))


def draft_notes(style) -> list[tuple[str, ...]]:
    """The review codes of each of ``style.variants`` (in order) for an import draft."""
    notes: list[list[str]] = [[] for _ in style.variants]
    if not notes:
        return []
    if style.kind == "garment" and not any(v.size for v in style.variants):
        notes[0].append("size-missing")
    if style.is_accessory and style.accessory_category is None:
        notes[0].append("accessory-category-missing")
    for note, variant in zip(notes, style.variants, strict=True):
        note.extend(colour_notes(variant.colour))
    return [tuple(n) for n in notes]


def colour_notes(colour) -> tuple[str, ...]:
    if colour is None:
        return ()
    if colour.source == "title":
        return ("colour-guessed",)
    if colour.source == "name" and not colour_names.lookup(colour.name)[0]:
        return ("colour-unknown",)   # the hex was approximated: the draft leaves it out
    return ()
