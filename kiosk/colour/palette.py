"""The 12 seasonal palettes and the Monk skin-tone swatches, loaded from kiosk/colour/data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from kiosk import yaml_files
from kiosk.colour.spaces import hex_to_lab

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Season:
    id: str
    name: str
    dominant: str  # warm | cool | light | deep | bright | soft
    leaning: str  # the secondary characteristic, same vocabulary
    temperature: str  # warm | cool
    compare: str  # one swatch (hex) shown when the analysis is unsure
    colours: tuple[str, ...]


@dataclass(frozen=True)
class Swatch:
    """A colour card for the manual path or for 'which looks better on you?'."""

    id: str
    hex: str
    label: str


@cache
def seasons() -> dict[str, Season]:
    data = yaml_files.load_file(DATA / "seasons.yaml")
    return {key: Season(key, entry["name"], entry["axes"]["dominant"], entry["axes"]["leaning"],
                        entry["axes"]["temperature"], entry["compare"], tuple(entry["colours"]))
            for key, entry in data["seasons"].items()}


def palette(season_id: str) -> Season:
    """The season by id (``light_spring`` ... ``bright_winter``); KeyError names the valid ids."""
    try:
        return seasons()[season_id]
    except KeyError:
        raise KeyError(f"unknown season {season_id!r}; one of {', '.join(seasons())}") from None


def manual_swatches() -> list[Swatch]:
    """One card per season, for the shopper who would rather pick than be measured."""
    return [Swatch(s.id, s.compare, s.name) for s in seasons().values()]


@cache
def monk_lab() -> np.ndarray:
    data = yaml_files.load_file(DATA / "monk.yaml")
    return np.array([hex_to_lab(code) for code in data["swatches"]])


@cache
def monk_hex() -> tuple[str, ...]:
    data = yaml_files.load_file(DATA / "monk.yaml")
    return tuple(data["swatches"])
