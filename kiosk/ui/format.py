"""Locale-aware money and text helpers for the screens."""

from __future__ import annotations

import ipaddress
from decimal import Decimal

from PySide6.QtCore import QLocale

LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
           "fr": QLocale(QLocale.Language.French, QLocale.Country.France),
           "zh_CN": QLocale(QLocale.Language.Chinese, QLocale.Country.China)}
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CNY": "¥", "CHF": "CHF "}


def money(amount: Decimal | float, currency: str, language: str) -> str:
    locale = LOCALES.get(language, LOCALES["en"])
    return locale.toCurrencyString(float(amount), SYMBOLS.get(currency, currency + " "))


def names_a_domain(address: str) -> bool:
    """True for an address a shopper can recognise ('shop.example.com'); False for an IP
    address, 'localhost' or anything with a port, which say nothing to a shopper."""
    host, has_port, _ = address.partition(":")
    if has_port or "." not in host:
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False
