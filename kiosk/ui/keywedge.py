"""A USB keyboard-wedge scanner types into whatever has focus.  This application-wide
filter hands every keystroke to the scan parser instead, so scans never type into the
UI and nothing typed reaches a widget (the mirror has no text fields)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent

from kiosk.errors import KioskError

log = logging.getLogger(__name__)
GS1_KEYS = "\r\n\x1d"  # Enter, and the group separator GS1-128 scans carry


class KeyWedge(QObject):
    def __init__(self, parser, submit, report, parent: QObject | None = None):
        super().__init__(parent)
        self.parser, self.submit, self.report = parser, submit, report

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        text = event.text()
        if len(text) == 1 and (text.isprintable() or text in GS1_KEYS):
            try:
                # The key's own timestamp: a busy GUI thread delivers queued keys back to
                # back, and timing is how a scanner burst is told from a person typing.
                scanned = self.parser.feed(text, event.timestamp() / 1000.0)
            except KioskError as exc:
                self.report(exc)
                return True
            if scanned is not None:
                self.submit(scanned)
        return True  # swallowed: keys are for the scanner only
