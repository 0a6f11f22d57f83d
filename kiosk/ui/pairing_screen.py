"""The screen a new mirror shows until a manager pairs it (docs/back-office.md, kiosk/pairing/).

The code is the one thing on the screen that must be read from 2 m: 160 px at 1080p in the
accent colour, in two groups of four.  Under it: where to type it, this mirror's id (the
manager checks it before approving) and when the code changes.  The pairing itself runs on
a worker thread (``kiosk.pairing.client.pair``); the GUI thread keeps systemd's watchdog
fed, so a mirror waiting for a manager is not restarted as frozen.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.config import StoreConfig
from kiosk.errors import KioskError
from kiosk.pairing.client import PairingClient, client_for, pair
from kiosk.pairing.codes import grouped
from kiosk.ui import theme
from kiosk.ui.i18n import tr

log = logging.getLogger(__name__)
RETRY_S = 10.0  # the store server unreachable: try again (it may still be starting)


class _Relay(QObject):
    code = Signal(str, int)
    failed = Signal(str)
    paired = Signal()


class PairingScreen(QWidget):
    def __init__(self, mirror_id: str, metrics: theme.Metrics, parent: QWidget | None = None):
        super().__init__(parent)
        self.mirror_id, self.metrics = mirror_id, metrics
        self.expires_at = 0.0
        self.setObjectName("pairing")
        self.setStyleSheet(f"#pairing {{ background: {theme.BACKGROUND.name()}; }}")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.px(40), metrics.px(160), metrics.px(40), metrics.px(160))
        layout.setSpacing(metrics.px(40))
        self.title = self._label(metrics.title, theme.TEXT, QFont.Weight.Bold)
        self.code = self._label(metrics.px(160), theme.ACCENT, QFont.Weight.Bold)
        self.code.setObjectName("pairing-code")
        self.code.setWordWrap(False)  # never broken at its dash
        self.where = self._label(metrics.body, theme.TEXT)
        self.mirror = self._label(metrics.body, theme.TEXT_DIM)
        self.status = self._label(metrics.small, theme.TEXT_DIM)
        layout.addStretch(2)
        for widget in (self.title, self.code, self.where, self.mirror):
            layout.addWidget(widget)
        layout.addStretch(3)
        layout.addWidget(self.status)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_status)
        self._tick.start()
        self.show_code("", 0)

    def _label(self, size: int, colour, weight=QFont.Weight.Normal) -> QLabel:
        label = QLabel(self)
        label.setFont(theme.font(size, weight))
        label.setStyleSheet(f"color: {colour.name()};")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def show_code(self, code: str, expires_s: int) -> None:
        self.expires_at = time.monotonic() + expires_s
        self.title.setText(tr("Pairing", "Pair this mirror"))
        self.code.setText(grouped(code) if code else "…")
        self.where.setText(tr("Pairing", "In the back office, open Mirrors, then Add a mirror, "
                                         "and type this code."))
        self.mirror.setText(tr("Pairing", "This mirror: %1").replace("%1", self.mirror_id))
        self.error = ""
        self._show_status()

    def show_error(self, text: str) -> None:
        self.error = text
        self._show_status()

    def _show_status(self) -> None:
        if self.error:
            self.status.setText(self.error)
            return
        minutes = max(0, int((self.expires_at - time.monotonic() + 59) // 60))
        self.status.setText(tr("Pairing", "Waiting for a manager. A new code in %n min.", None, minutes)
                            if self.code.text() != "…" else tr("Pairing", "Asking the store for a code…"))


def run_pairing(config: StoreConfig, *, size: tuple[int, int] | None, windowed: bool,
                client: PairingClient | None = None) -> bool:
    """Show the pairing screen until paired (True) or the window is closed (False)."""
    from kiosk.health.sdnotify import SystemdNotifier
    from kiosk.ui.assembly import qt_application
    from kiosk.ui.i18n import Languages

    app = qt_application()
    languages = Languages(list(config.store.languages), config.store.default_language)
    languages.set_language(config.store.default_language)
    width, height = size or (1080, 1920)
    screen = PairingScreen(config.mirror.id, theme.metrics_for(width, height))
    screen.resize(width, height)
    if windowed or size:
        screen.show()
    else:
        screen.showFullScreen()
    relay, stop, outcome = _Relay(), threading.Event(), {"paired": False}
    relay.code.connect(screen.show_code)
    relay.failed.connect(screen.show_error)
    relay.paired.connect(app.quit)
    systemd = SystemdNotifier()
    systemd.ready("waiting to be paired: the code is on the screen")
    beat = QTimer(screen)
    beat.setInterval(int((systemd.watchdog_s or 20) * 500))
    beat.timeout.connect(systemd.watchdog)
    beat.start()

    def work() -> None:
        while not stop.is_set():
            try:
                path = pair(config, lambda code, expires_s: relay.code.emit(code, expires_s),
                            on_tick=lambda: not stop.is_set(), client=client)
                log.info("paired: broker password written to %s", path)
                outcome["paired"] = True
                relay.paired.emit()
                return
            except KioskError as exc:
                if stop.is_set():
                    return
                log.warning("pairing: %s", exc)
                relay.failed.emit(f"{exc}")
                stop.wait(RETRY_S)

    worker = threading.Thread(target=work, name="pairing", daemon=True)
    worker.start()
    try:
        app.exec()
    finally:
        stop.set()
        beat.stop()
        screen.close()
        screen.deleteLater()
    return bool(outcome["paired"])


__all__ = ["PairingScreen", "client_for", "run_pairing"]
