"""Recommend engine (Qt-free, pure, deterministic): colourways and complete-the-look.

    from kiosk.recommend import recommend, ShopperPalette
    rec = recommend(catalogue, "2000020102003", palette=None)       # the scanned GTIN
    rec.colourways[0].colourway, rec.colourways[0].reason.text("fr")
    rec.accessories[0].style.title, rec.accessories[0].reason.text("zh_CN")

Nothing here keeps state or touches the disk: the palette lives only in the
session that passes it in.
"""

from kiosk.recommend.accessories import AccessorySuggestion, complete_the_look
from kiosk.recommend.colourways import ColourwaySuggestion, rank_colourways
from kiosk.recommend.engine import Recommendation, recommend, recommend_for
from kiosk.recommend.harmony import Harmony, harmony
from kiosk.recommend.palette import ShopperPalette
from kiosk.recommend.reasons import LANGUAGES, Reason

__all__ = ["LANGUAGES", "AccessorySuggestion", "ColourwaySuggestion", "Harmony", "Reason",
           "Recommendation", "ShopperPalette", "complete_the_look", "harmony", "rank_colourways",
           "recommend", "recommend_for"]
