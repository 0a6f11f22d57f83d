"""Crossing from the bus thread to the GUI thread: StaffRequests callbacks become signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class StaffBridge(QObject):
    """Emit from any thread; connected slots run on the GUI thread (queued connection)."""

    list_changed = Signal(list)
    new_request = Signal(object)

    def on_list(self, views) -> None:  # StaffRequests.on_list (bus thread)
        self.list_changed.emit(list(views))

    def on_new(self, view) -> None:  # StaffRequests.on_new (bus thread)
        self.new_request.emit(view)
