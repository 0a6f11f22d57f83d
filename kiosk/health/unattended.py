"""Everything unattended operation needs at start-up, in one Qt-free object for app.py.

    unattended = Unattended.start(config)          # first thing: records the start mark
    if unattended.safe_mode.active: ...            # show "out of service" (see SafeMode)
    heartbeat timer: QTimer(interval=unattended.heartbeat.interval_s) -> heartbeat.beat
    unattended.heartbeat.ready()                   # once the first screen is painted
    ...
    unattended.clean_exit()                        # last thing on an orderly shutdown
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.config import StoreConfig
from kiosk.health.crashloop import CrashCounter, SafeMode
from kiosk.health.display_power import DisplayPowerPolicy
from kiosk.health.heartbeat import Heartbeat
from kiosk.health.publisher import HealthPublisher
from kiosk.health.sdnotify import SystemdNotifier
from kiosk.health.snapshot import HealthCollector, LastError

log = logging.getLogger(__name__)


@dataclass
class Unattended:
    config: StoreConfig
    crashes: CrashCounter
    safe_mode: SafeMode
    notifier: SystemdNotifier
    heartbeat: Heartbeat
    errors: LastError

    @classmethod
    def start(cls, config: StoreConfig, *, notifier: SystemdNotifier | None = None) -> Unattended:
        health = config.health
        crashes = CrashCounter(config.resolve(config.data_dir), threshold=health.safe_mode_after_crashes,
                               window_s=health.crash_window_s, retry_after_s=health.safe_mode_retry_after_s)
        safe_mode = crashes.record_start()
        errors = LastError()
        logging.getLogger().addHandler(errors)
        notifier = notifier or SystemdNotifier()
        heartbeat = Heartbeat(notifier, grace_s=health.watchdog_grace_s)
        if safe_mode.active:
            heartbeat.status(f"safe mode ({safe_mode.level}): {safe_mode.reason}")
        return cls(config, crashes, safe_mode, notifier, heartbeat, errors)

    def display_policy(self, display) -> DisplayPowerPolicy | None:
        """The policy for a display adapter (hardware.display.factory), None without one."""
        if display is None:
            return None
        policy = DisplayPowerPolicy(display, sleep_after_s=self.config.display.sleep_after_s)
        policy.set_sensing(self.safe_mode.camera_allowed and self.config.camera.enabled)
        return policy

    def health_publisher(self, *, publish: Callable[[dict], None] | None, capture: Any = None,
                         messaging: Any = None, pipeline: Any = None, display: Any = None,
                         catalogue_version: Callable[[], str | None] = lambda: None,
                         catalogue_error: Callable[[], str | None] = lambda: None,
                         locked: Callable[[], bool | None] = lambda: None,
                         version: str | None = None) -> HealthPublisher:
        collector = HealthCollector(capture=capture, messaging=messaging, pipeline=pipeline,
                                    display=display, safe_mode=self.safe_mode,
                                    catalogue_version=catalogue_version,
                                    catalogue_error=catalogue_error, locked=locked,
                                    errors=self.errors,
                                    version=version)
        publisher = HealthPublisher(collector, publish, self.config.resolve(self.config.data_dir),
                                    interval_s=self.config.health.publish_interval_s)
        follow = getattr(getattr(messaging, "mqtt", None), "add_connect_listener", None)
        if follow is not None:  # the birth message on every (re)connect carries no health
            follow(publisher.request_publish)
        return publisher

    def clean_exit(self) -> None:
        """Orderly shutdown (SIGTERM from systemd included): this start no longer counts."""
        self.heartbeat.stopping()
        self.crashes.record_clean_exit()
        logging.getLogger().removeHandler(self.errors)
        self.notifier.close()
