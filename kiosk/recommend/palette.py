"""The shopper's palette as the recommend engine sees it: a few CIELAB colours, in memory only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from kiosk.colour import delta_e_2000, hex_to_lab
from kiosk.colour.palette import Season

Lab = tuple[float, float, float]
IN_PALETTE_DELTA_E = 10.0     # CIEDE2000 to the nearest palette colour: "one of your colours"
NEAR_PALETTE_DELTA_E = 18.0   # "close to your colours"
NO_FIT_DELTA_E = 35.0         # fit falls to 0 here


@dataclass(frozen=True)
class ShopperPalette:
    colours: tuple[Lab, ...]
    name: str = ""            # season name for display: "Soft Autumn"
    # Distances already computed, kept in the palette itself (not a module-level cache) so
    # they go when the session drops the palette: nothing about a shopper outlives it.
    _distances: dict[Lab, float] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_season(cls, season: Season) -> ShopperPalette:
        """From the colour analysis (``ColourAnalysis.season``) or a swatch the shopper picked."""
        return cls.from_hexes(season.colours, season.name)

    @classmethod
    def from_hexes(cls, hexes: Iterable[str], name: str = "") -> ShopperPalette:
        labs = tuple(tuple(float(v) for v in hex_to_lab(code)) for code in hexes)
        if not labs:
            raise ValueError("a palette needs at least one colour")
        return cls(labs, name)  # type: ignore[arg-type]

    def distance(self, lab: Lab) -> float:
        """CIEDE2000 to the nearest palette colour."""
        key = tuple(lab)
        if key not in self._distances:
            self._distances[key] = float(np.min(delta_e_2000(np.asarray(self.colours),
                                                             np.asarray(key))))
        return self._distances[key]

    def fit(self, lab: Lab | None) -> float:
        """1 on a palette colour, falling linearly to 0 at NO_FIT_DELTA_E; 0 without a colour."""
        if lab is None:
            return 0.0
        return max(0.0, 1.0 - self.distance(lab) / NO_FIT_DELTA_E)

    def verdict(self, lab: Lab | None) -> str | None:
        """'in_palette', 'near_palette' or None: what a reason may honestly claim."""
        if lab is None:
            return None
        distance = self.distance(lab)
        if distance <= IN_PALETTE_DELTA_E:
            return "in_palette"
        return "near_palette" if distance <= NEAR_PALETTE_DELTA_E else None
