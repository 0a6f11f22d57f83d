"""Language switching through Qt translations (.qm compiled from kiosk/ui/translations/*.ts).

English is the source language.  Switching installs the new translator and tells every
screen to re-read its texts, so the language can change at any time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).parent / "translations"
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "zh_CN": "中文"}


def tr(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, disambiguation, n)


class Languages(QObject):
    changed = Signal(str)

    def __init__(self, available: list[str], default: str, parent: QObject | None = None):
        super().__init__(parent)
        self.available = available
        self.current = "en"
        self._translator: QTranslator | None = None
        self._others: dict[str, QTranslator | None] = {}  # for translate_in, loaded once
        self.default = default

    def set_language(self, code: str) -> None:
        if code not in self.available:
            log.warning("language %s is not enabled for this store", code)
            return
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if code != "en":
            self._translator = self._load(code)
            if self._translator is not None:
                app.installTranslator(self._translator)
        self.current = code
        self.changed.emit(code)

    def translate_in(self, code: str, context: str, text: str) -> str:
        """``text`` in language ``code`` without switching the mirror's language (the attract
        screen invites in every store language before anyone has chosen one)."""
        if code == "en":
            return text
        if code not in self._others:
            self._others[code] = self._load(code)
        translator = self._others[code]
        return (translator.translate(context, text) if translator else "") or text

    def reset(self) -> None:
        self.set_language(self.default)

    def _load(self, code: str) -> QTranslator | None:
        translator = QTranslator()
        path = TRANSLATIONS / f"kiosk_{code}.qm"
        if not translator.load(str(path)):
            log.error("translation %s missing: run 'kiosk i18n build'", path)
            return None
        return translator
