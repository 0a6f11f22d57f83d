"""Writes a ``Catalogue`` as the native YAML form, one variant per line.

Hand-rolled rather than ``yaml.dump`` so the file reads like the demo
catalogue (variants in flow style) and stays diff-friendly; every scalar that
is not plainly safe is written as a JSON string, which is valid YAML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kiosk.catalogue.document import to_document
from kiosk.catalogue.review import draft_notes

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/()+-]*$")
_RESERVED = {"null", "~", "true", "false", "yes", "no", "on", "off"}


def scalar(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if _PLAIN.match(text) and text == text.strip() and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _mapping_lines(mapping: dict, indent: str, first: str) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(mapping.items()):
        prefix = first if index == 0 else indent
        lines.append(f"{prefix}{key}: {scalar(value)}")
    return lines


def _add_review_notes(catalogue, document: dict) -> None:
    """An import draft: each variant's review codes, and no approximated hex (review.py)."""
    for style, style_doc in zip(catalogue.styles, document["styles"], strict=True):
        notes = dict(zip((v.key for v in style.variants), draft_notes(style), strict=True))
        for colourway, colourway_doc in zip(style.colourways, style_doc["colourways"],
                                            strict=True):
            for variant, variant_doc in zip(colourway.variants, colourway_doc["variants"],
                                            strict=True):
                if note := notes[variant.key]:
                    variant_doc["review"] = "; ".join(note)
                    if "colour-unknown" in note:
                        colourway_doc.pop("hex", None)


def write_native_yaml(catalogue, path: Path | None = None, header_comment: str = "",
                      draft: bool = False) -> str:
    document = to_document(catalogue)
    if draft:
        _add_review_notes(catalogue, document)
    lines = [f"# {line}" for line in header_comment.splitlines()]
    lines += ["catalogue:"] + [f"  {k}: {scalar(v)}" for k, v in document["catalogue"].items()]
    lines.append("styles:")
    for style in document["styles"]:
        colourways = style.pop("colourways")
        lines += [""] + _mapping_lines(style, "    ", "  - ") + ["    colourways:"]
        for colourway in colourways:
            variants = colourway.pop("variants")
            own = colourway or {"colour": ""}
            lines += _mapping_lines(own, "        ", "      - ") + ["        variants:"]
            for variant in variants:
                body = ", ".join(f"{k}: {scalar(v)}" for k, v in variant.items())
                lines.append(f"          - {{{body}}}")
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
