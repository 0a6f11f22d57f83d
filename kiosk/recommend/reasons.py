"""One-line reasons for every suggestion, in English, French and Simplified Chinese.

A suggestion carries a ``Reason`` (a key and parameters), not a sentence, so the UI
can re-render it when the shopper switches language.  Colour parameters are the
catalogue's colour names; ``text`` translates the ones it knows
(colour_words.yaml) and shows any other as the manager wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk import yaml_files

LANGUAGES = ("en", "fr", "zh_CN")
COLOUR_PARAMS = ("a", "g", "c")   # accessory colour, garment colour, colourway colour

TEMPLATES: dict[str, dict[str, str]] = {
    # accessory vs garment (harmony in LCh)
    "warms": {"en": "{a} warms {g}", "fr": "{A} réchauffe {g}", "zh_CN": "{a}为{g}添一分暖意"},
    "cools": {"en": "{a} cools {g}", "fr": "{A} rafraîchit {g}", "zh_CN": "{a}让{g}更清爽"},
    "sharpens": {"en": "{a} sharpens {g}", "fr": "{A} structure {g}", "zh_CN": "{a}让{g}更利落"},
    "brightens": {"en": "{a} brightens {g}", "fr": "{A} illumine {g}", "zh_CN": "{a}提亮{g}"},
    "grounds": {"en": "{a} lets {g} lead", "fr": "{A} laisse briller {g}",
                "zh_CN": "{a}衬托{g}"},
    "accent": {"en": "{a} lifts {g}", "fr": "{A} réveille {g}", "zh_CN": "{a}点亮{g}"},
    "neutrals": {"en": "{a} and {g}, an easy pair", "fr": "{A} et {g}, un duo facile",
                 "zh_CN": "{a}配{g}，百搭不出错"},
    "analogous": {"en": "{a} echoes {g}", "fr": "{A} fait écho {to_g}", "zh_CN": "{a}呼应{g}"},
    "complementary": {"en": "{a} makes {g} pop", "fr": "{A} fait ressortir {g}",
                      "zh_CN": "{a}让{g}更出彩"},
    "tonal": {"en": "{a} on {g}, tone on tone", "fr": "{A} sur {g}, ton sur ton",
              "zh_CN": "{a}与{g}，同色系层次"},
    "match": {"en": "{a} matches {g}", "fr": "{A} s'accorde {to_g}", "zh_CN": "{a}与{g}同色呼应"},
    "contrast": {"en": "{a} is a bold contrast to {g}", "fr": "{A} ose le contraste avec {g}",
                 "zh_CN": "{a}与{g}大胆撞色"},
    "with_print": {"en": "{a} calms the print", "fr": "{A} apaise l'imprimé",
                   "zh_CN": "{a}平衡印花"},
    "print_accent": {"en": "{a} adds a bold note to the print",
                     "fr": "{A} ajoute une note audacieuse à l'imprimé", "zh_CN": "{a}为印花添一抹亮色"},
    "in_palette_accessory": {"en": "{a} is one of your colours",
                             "fr": "{A} fait partie de vos couleurs", "zh_CN": "{a}是你的专属色"},
    # colourways of the garment
    "in_palette": {"en": "{c} is one of your colours", "fr": "{C} fait partie de vos couleurs",
                   "zh_CN": "{c}是你的专属色"},
    "near_palette": {"en": "{c} is close to your colours", "fr": "{C} est proche de vos couleurs",
                     "zh_CN": "{c}接近你的专属色"},
    "in_stock": {"en": "In stock here: {sizes}", "fr": "En stock ici\u00a0: {sizes}",
                 "zh_CN": "本店有货：{sizes}"},
    # Not "your size ... is here": read next to "Bring me S", it said S was on its way.
    "your_size": {"en": "In stock here in {size}", "fr": "En stock ici en {size}",
                  "zh_CN": "本店有{size}码现货"},
    "available": {"en": "In stock here", "fr": "En stock ici", "zh_CN": "本店有货"},
    "sold_out": {"en": "Not in stock here", "fr": "Pas en stock ici", "zh_CN": "本店暂无库存"},
    "store_pick": {"en": "Store favourite", "fr": "Coup de cœur du magasin", "zh_CN": "店铺推荐"},
}


@dataclass(frozen=True)
class Reason:
    key: str
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, key: str, **params: str) -> Reason:
        if key not in TEMPLATES:
            raise KeyError(f"no reason template {key!r}")
        return cls(key, tuple(sorted(params.items())))

    def text(self, language: str = "en") -> str:
        """The sentence in ``language`` (en, fr, zh_CN; anything else falls back to en)."""
        language = language if language in LANGUAGES else "en"
        values = dict(self.params)
        if "sizes" in values and language == "zh_CN":
            values["sizes"] = values["sizes"].replace(", ", "、")
        for name in COLOUR_PARAMS:
            if name in values:
                values.update(_colour_forms(name, values[name], language))
        sentence = TEMPLATES[self.key][language].format(**values)
        return sentence[:1].upper() + sentence[1:]

    def all_languages(self) -> dict[str, str]:
        return {language: self.text(language) for language in LANGUAGES}


def colour_word(name: str, language: str) -> str:
    """A catalogue colour name in ``language``; unknown names stay as written."""
    key = " ".join(name.lower().replace("-", " ").split())
    if language == "en":
        return key if key in _table() else name
    return _table().get(key, {}).get(language, name)


def _colour_forms(param: str, name: str, language: str) -> dict[str, str]:
    word = colour_word(name, language)
    if language != "fr":
        return {param: word}
    elided = word[:1].lower() in "aeiouyéèêh"
    noun = f"l'{word}" if elided else f"le {word}"
    to_noun = f"à l'{word}" if elided else f"au {word}"
    return {param: noun, param.upper(): noun, f"to_{param}": to_noun}


@cache
def _table() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("colour_words.yaml")
    return yaml_files.load_file(path)
