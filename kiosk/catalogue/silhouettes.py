"""Garment silhouettes: the picture a product shows when it has no photo (yet).

One shape table, in a tiny SVG path subset (M, L, Q, Z; absolute, in a 100 x 120 box,
filled even-odd so an overlap cuts a hole, e.g. the belt's buckle), read by the mirror
(``kiosk.ui.silhouette`` builds QPainterPaths from it) and by the phone's basket page
(``svg``: inline SVG).  One table, so the mirror and the phone draw the same garment.

Qt-free: the hand-off service uses it too.
"""

from __future__ import annotations

import re
from html import escape

BOX_W, BOX_H = 100, 120
KINDS = ("top", "dress", "outerwear", "trousers", "skirt", "bag", "scarf", "shoes", "hat",
         "jewellery", "belt", "sunglasses")

SHAPES: dict[str, str] = {
    "top": "M30 14 L42 10 Q50 20 58 10 L70 14 L93 34 L82 47 L72 40 L72 108 L28 108 L28 40 "
           "L18 47 L7 34 Z",
    "dress": "M37 8 L44 8 Q50 17 56 8 L63 8 L65 30 Q60 40 62 50 L87 112 Q50 118 13 112 L38 50 "
             "Q40 40 35 30 Z",
    "outerwear": "M34 10 L44 8 L50 28 L56 8 L66 10 L84 20 L95 94 L83 96 L74 46 L74 112 L51 112 "
                 "L51 34 L49 34 L49 112 L26 112 L26 46 L17 96 L5 94 L16 20 Z",
    "trousers": "M27 8 L73 8 L82 112 L58 112 L50 42 L42 112 L18 112 Z",
    "skirt": "M32 16 L68 16 L70 26 L89 106 Q50 115 11 106 L30 26 Z",
    "bag": "M16 46 L84 46 L91 110 L9 110 Z "
           "M31 46 L31 32 Q31 14 50 14 Q69 14 69 32 L69 46 L61 46 L61 32 Q61 22 50 22 "
           "Q39 22 39 32 L39 46 Z",
    "scarf": "M20 10 L80 10 L80 28 Q66 40 61 52 L71 112 L53 112 L48 62 L41 112 L23 112 L34 52 "
             "Q26 38 20 28 Z",
    "shoes": "M8 70 L8 96 Q8 104 16 104 L88 104 Q96 104 96 96 Q96 84 80 80 L57 72 Q51 60 45 56 "
             "L14 56 Q8 58 8 70 Z",
    "hat": "M30 61 Q30 28 50 28 Q70 28 70 61 Z M5 68 Q50 55 95 68 Q95 79 50 79 Q5 79 5 68 Z",
    "jewellery": "M18 18 Q50 104 82 18 L74 18 Q50 88 26 18 Z M43 64 L57 64 L50 82 Z",
    "belt": "M4 52 L96 52 L96 68 L4 68 Z M30 46 L50 46 L50 74 L30 74 Z M35 51 L45 51 L45 69 "
            "L35 69 Z",
    "sunglasses": "M8 42 L44 42 Q46 66 28 68 Q10 68 8 42 Z M56 42 L92 42 Q90 68 72 68 Q54 66 56 42 Z "
                  "M44 42 L56 42 L56 47 L44 47 Z M2 38 L8 38 L8 46 L2 46 Z M92 38 L98 38 L98 46 "
                  "L92 46 Z",
}

# The catalogue's words for a product (category, accessory category) -> one of KINDS.
# Accessory categories without a shape of their own borrow the nearest one.
_ACCESSORY_KIND = {"bag": "bag", "wallet": "bag", "belt": "belt", "scarf": "scarf",
                   "tie": "scarf", "gloves": "scarf", "jewellery": "jewellery",
                   "watch": "jewellery", "shoes": "shoes", "hat": "hat",
                   "sunglasses": "sunglasses"}
_GARMENT_WORDS = {
    "dress": "dress gown jumpsuit playsuit romper kaftan",
    "outerwear": "jacket coat blazer suit tuxedo gilet parka trench anorak bomber outerwear "
                 "cape poncho",
    "trousers": "trousers trouser pants jeans shorts chinos leggings joggers culottes",
    "skirt": "skirt skort",
}
_WORD_KIND = {word: kind for kind, words in _GARMENT_WORDS.items() for word in words.split()}
_TOKEN = re.compile(r"[MLQZ]|-?\d+(?:\.\d+)?")


def kind_of(style) -> str:
    """The silhouette for a ``Style`` (anything with kind, category, accessory_category):
    tops are the default garment, bags the default accessory."""
    if style.is_accessory:
        return _ACCESSORY_KIND.get(style.accessory_category or "", "bag")
    for word in re.findall(r"[a-z]+", (style.category or "").lower()):
        if word in _WORD_KIND:
            return _WORD_KIND[word]
    return "top"


def commands(kind: str) -> list[tuple[str, tuple[float, ...]]]:
    """The shape as (command, numbers) pairs, for a renderer that is not SVG."""
    out: list[tuple[str, tuple[float, ...]]] = []
    tokens = _TOKEN.findall(SHAPES[kind])
    i = 0
    while i < len(tokens):
        op = tokens[i]
        count = {"M": 2, "L": 2, "Q": 4, "Z": 0}[op]
        out.append((op, tuple(float(t) for t in tokens[i + 1:i + 1 + count])))
        i += 1 + count
    return out


def picture_refs(style, colourway=None, variant=None) -> tuple[str, ...]:
    """The pictures for what is shown, most specific first: the variant's own, then its
    colourway's, then the style's."""
    for refs in (getattr(variant, "images", ()), getattr(colourway, "images", ()), style.images):
        if refs:
            return tuple(refs)
    return ()


def svg(kind: str, colour_hex: str | None, size: tuple[int, int] = (72, 96)) -> str:
    """Inline SVG of the silhouette in ``colour_hex`` (neutral grey without one), with a
    light edge so a black garment still shows on a dark page."""
    fill = colour_hex if colour_hex and re.fullmatch(r"#[0-9a-fA-F]{6}", colour_hex) else "#9a9a9a"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BOX_W} {BOX_H}" '
            f'width="{size[0]}" height="{size[1]}" aria-hidden="true" class="silhouette">'
            f'<path d="{escape(SHAPES[kind])}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="#bdbdbd" stroke-width="1.5" stroke-linejoin="round"/></svg>')
