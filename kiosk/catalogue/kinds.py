"""Guessing garment vs accessory (and which accessory) from a product's words.

Shopify and Merchant Center exports carry a free-text product type and a
title, not our accessory categories; these keyword tables map them.
"""

from __future__ import annotations

import re

_ACCESSORY_WORDS = {
    "bag": "bag handbag tote clutch backpack purse shopper crossbody satchel",
    "belt": "belt",
    "scarf": "scarf scarves shawl stole snood",
    "jewellery": "jewellery jewelry jewelery necklace bracelet bangle earring earrings ring "
                 "pendant choker anklet brooch",
    "shoes": "shoe shoes sneaker sneakers trainer trainers boot boots sandal sandals loafer "
             "loafers heels pumps espadrilles mules footwear high-tops",
    "hat": "hat hats cap caps beanie beret fedora",
    "sunglasses": "sunglasses",
    "gloves": "glove gloves mittens",
    "wallet": "wallet cardholder",
    "tie": "tie bowtie",
    "watch": "watch watches",
}
_GARMENT_WORDS = ("t-shirt tee shirt blouse top jumper sweater cardigan hoodie sweatshirt dress "
                  "skirt trousers pants jeans shorts jacket coat blazer suit tuxedo jumpsuit "
                  "vest gilet knitwear polo").split()
_WORD_TO_ACCESSORY = {w: cat for cat, words in _ACCESSORY_WORDS.items() for w in words.split()}


def words(text: str) -> list[str]:
    text = text.lower().replace("high tops", "high-tops").replace("high top", "high-tops")
    return re.findall(r"[a-z][a-z-]*", text)


def accessory_category(*texts: str) -> str | None:
    """The accessory category named by the last matching word ('Leather belt bag' → bag)."""
    for text in texts:
        found = [_WORD_TO_ACCESSORY[w] for w in words(text) if w in _WORD_TO_ACCESSORY]
        if found:
            return found[-1]
    return None


def garment_category(*texts: str) -> str:
    for text in texts:
        found = [w for w in words(text) if w in _GARMENT_WORDS]
        if found:
            return "t-shirt" if found[-1] == "tee" else found[-1]
    return ""
