"""Every text the mirror shows exists in French and Simplified Chinese, and the .qm is current."""

import subprocess
import sys
from pathlib import Path

from kiosk.ui.i18n_tools import TARGETS, TRANSLATIONS, extract, read_ts


def test_every_string_is_translated_in_every_language():
    strings = extract()
    assert len(strings) > 80
    for language in TARGETS:
        translated = read_ts(TRANSLATIONS / f"kiosk_{language}.ts")
        missing = [key for key in strings if not translated.get(key)]
        assert not missing, f"{language}: run 'kiosk i18n update' and translate {missing[:5]}"


def test_committed_qm_files_match_their_sources(tmp_path):
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for language in TARGETS:
        ts, qm = TRANSLATIONS / f"kiosk_{language}.ts", TRANSLATIONS / f"kiosk_{language}.qm"
        fresh = tmp_path / qm.name
        subprocess.run([str(lrelease), str(ts), "-qm", str(fresh)], check=True, capture_output=True)
        assert qm.read_bytes() == fresh.read_bytes(), "run 'kiosk i18n build'"


def test_qt_loads_and_uses_the_translations(qapp):
    from kiosk.ui.i18n import Languages, tr

    languages = Languages(["en", "fr", "zh_CN"], "en")
    languages.set_language("fr")
    assert tr("Item", "Add to basket") == "Ajouter au panier"
    assert tr("Nav", "Basket (%n)", None, 2) == "Panier (2)"
    languages.set_language("zh_CN")
    assert tr("Item", "Add to basket") == "加入购物袋"
    languages.set_language("en")
    assert tr("Item", "Add to basket") == "Add to basket"
