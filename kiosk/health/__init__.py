"""Unattended operation, Qt-free: systemd notify + watchdog heartbeat, crash-loop safe mode,
display power policy, health snapshots and the support bundle (docs/unattended.md)."""

from kiosk.health.crashloop import CrashCounter, SafeMode
from kiosk.health.display_power import DisplayPowerPolicy
from kiosk.health.heartbeat import Heartbeat
from kiosk.health.sdnotify import SystemdNotifier
from kiosk.health.snapshot import HealthCollector, HealthSnapshot

__all__ = [
    "CrashCounter", "DisplayPowerPolicy", "HealthCollector", "HealthSnapshot", "Heartbeat",
    "SafeMode", "SystemdNotifier",
]
