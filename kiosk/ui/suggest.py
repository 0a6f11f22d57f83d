"""Adapter between the screens and kiosk.recommend (ranked colourways and accessories)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ranked:
    style: object
    colourway: object
    reason: object = None


def colourway_order(services, style, palette) -> list[Ranked]:
    # TEMPORARY until kiosk.recommend lands: catalogue order, in-stock first.
    return [Ranked(style, c) for c in sorted(style.colourways, key=lambda c: not c.in_stock)]


def accessory_suggestions(services, selection, palette) -> list[Ranked]:
    return []


def reason_text(reason, language: str) -> str:
    return "" if reason is None else str(reason)
