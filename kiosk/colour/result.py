"""What the colour analysis says, with its confidence and reasons (memory only, never stored)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kiosk.colour.palette import Season, Swatch
from kiosk.colour.spaces import lab_to_hex

VERDICT_CONFIDENCE = 0.6  # below this the mirror offers two swatches instead of a season


@dataclass(frozen=True)
class Measured:
    lab: tuple[float, float, float]
    hex: str
    name: str

    @classmethod
    def of(cls, lab: np.ndarray, name: str) -> Measured:
        return cls(tuple(round(float(v), 1) for v in lab), lab_to_hex(lab), name)

    def to_json(self) -> dict:
        return {"lab": list(self.lab), "hex": self.hex, "name": self.name}


@dataclass(frozen=True)
class ColourAnalysis:
    skin: Measured | None = None
    hair: Measured | None = None
    eyes: Measured | None = None
    garment: Measured | None = None
    ita: float | None = None
    ita_category: str | None = None
    monk: int | None = None
    undertone: str | None = None
    depth: str | None = None
    contrast: str | None = None
    season: Season | None = None  # set only when confident (or picked by the shopper)
    compare: tuple[Swatch, Swatch] | None = None  # offered instead of a season when unsure
    confidence: float = 0.0
    white_balance: str = "none"  # patch | install | grey_world | manual | none
    frames: int = 0
    reasons: tuple[str, ...] = field(default=())

    @property
    def is_verdict(self) -> bool:
        return self.season is not None

    def to_json(self) -> dict:
        """The ``colour`` object of ``kiosk analyse --json``."""
        def measured(value: Measured | None):
            return None if value is None else value.to_json()
        return {
            "skin": measured(self.skin), "hair": measured(self.hair),
            "eyes": measured(self.eyes), "garment": measured(self.garment),
            "undertone": self.undertone,
            "palette": None if self.season is None else {
                "season": self.season.name, "colours": list(self.season.colours)},
            "confidence": round(self.confidence, 2),
            "compare": None if self.compare is None else [
                {"season": s.label, "hex": s.hex} for s in self.compare],
            "ita": None if self.ita is None else round(self.ita, 1),
            "ita_category": self.ita_category, "monk": self.monk,
            "depth": self.depth, "contrast": self.contrast,
            "white_balance": self.white_balance, "frames": self.frames,
            "reasons": list(self.reasons),
        }
