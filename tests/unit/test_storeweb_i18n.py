"""Staff app languages: the three string tables in step, the phone's language followed,
an explicit switch remembered."""

from __future__ import annotations

import re

from kiosk.storeweb import i18n
from tests.support.storeweb import StaffSite


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def test_tables_have_the_same_keys_and_placeholders():
    english = i18n.strings("en")
    for language in ("fr", "zh_CN"):
        table = i18n.strings(language)
        assert table.keys() == english.keys(), language
        for key, text in english.items():
            assert placeholders(table[key]) == placeholders(text), (language, key)


def test_sign_in_page_follows_accept_language_and_a_switch_sticks():
    site = StaffSite()
    client = site.client()
    french = client.get("/staff", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).text
    assert 'lang="fr"' in french and "Se connecter" in french
    chinese = client.get("/staff", headers={"Accept-Language": "zh-CN"}).text
    assert 'lang="zh-Hans"' in chinese and "登录" in chinese
    client.get("/staff?lang=zh_CN")
    again = client.get("/staff", headers={"Accept-Language": "fr"}).text
    assert "登录" in again  # the associate's choice beats the phone's setting
    assert "Sign in" in site.client().get("/staff", headers={"Accept-Language": "de"}).text
