"""Build the back office from a store config and add it to the store web service's app.

    routes = setup.ROUTES                       # added to create_app's routes by server.build
    office = setup.attach(app, web, config, bus)

The back office shares the staff app's service, session store class, sign-in limits, CSRF
checks and security headers (kiosk.storeweb.web), with its own cookie (path /manage),
its own key and its own limits: a staff sign-in never opens the back office.  Publishing
needs a broker login that may write the catalogue topic (``back_office.mqtt_username``,
manager-tool in config/mosquitto/acl); without one the staff app's connection is used.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from dataclasses import dataclass

from kiosk.config import MqttSection, StoreConfig
from kiosk.storeweb.limits import SigninLimits
from kiosk.storeweb.manage.accounts import Managers
from kiosk.storeweb.manage.alerts import OfflineAlerts
from kiosk.storeweb.manage.channel import CatalogueChannel
from kiosk.storeweb.manage.commands import MirrorCommands
from kiosk.storeweb.manage.db import BackOfficeDb
from kiosk.storeweb.manage.drafts import Drafts
from kiosk.storeweb.manage.mirrors import MirrorBoard
from kiosk.storeweb.manage.pairing import DEVICE_PATHS, MirrorPairing
from kiosk.storeweb.manage.results import Results
from kiosk.storeweb.manage.stock_feed import StockFeed
from kiosk.storeweb.sessions import SessionStore
from kiosk.storeweb.web import StoreWeb

log = logging.getLogger(__name__)
UPLOAD_PATH = "/manage/catalogue/upload"
STOCK_PATH = "/manage/catalogue/stock"
HARD_UPLOAD_BYTES = 64 * 1024 * 1024  # above this the gate refuses before any route runs


@dataclass
class BackOffice:
    config: StoreConfig
    managers: Managers
    sessions: SessionStore
    limits: SigninLimits
    key: bytes
    db: BackOfficeDb
    drafts: Drafts
    channel: CatalogueChannel
    board: MirrorBoard
    results: Results
    alerts: OfflineAlerts | None = None
    stock_feed: StockFeed | None = None
    pairing: MirrorPairing | None = None
    commands: MirrorCommands | None = None   # the Mirrors page's lock, restart … (commands.py)

    @property
    def max_upload_bytes(self) -> int:
        return self.config.back_office.max_upload_mb * 1024 * 1024


def attach(app, web: StoreWeb, config: StoreConfig, bus, *, connect: bool = False) -> BackOffice:
    """``connect``: open the back office's own broker login when one is configured."""
    section = config.back_office
    managers = Managers.from_config(config)
    if not list(managers):
        log.warning("back office: no manager with a password in back_office.managers")
    publish_bus = _own_bus(config, web) if connect and section.mqtt_username else bus
    db = BackOfficeDb(config.resolve(config.data_dir) / section.db)
    web.on_stop.append(db.close)
    office = BackOffice(
        config, managers, SessionStore(secrets.token_bytes(32), section.session_hours * 3600),
        SigninLimits(section.signin_per_minute, section.failures_per_account),
        secrets.token_bytes(32), db, Drafts(),
        CatalogueChannel(publish_bus, config.store.id, db, web.clock).start(),
        MirrorBoard(bus, config.store.id, web.clock).start(), Results(config))
    office.alerts = OfflineAlerts(office.board, config, db, web.clock).start()
    office.stock_feed = StockFeed(office.channel, db, config, web.clock).start()
    web.on_stop[:0] = [office.alerts.stop, office.stock_feed.stop]  # before the database closes
    web.post_limits[UPLOAD_PATH] = web.post_limits[STOCK_PATH] = HARD_UPLOAD_BYTES
    office.pairing = MirrorPairing(config, web.clock)
    # on the login that may write mirror/+/cmd/# (manager-tool in config/mosquitto/acl)
    office.commands = MirrorCommands(publish_bus, config.store.id, web.clock)
    web.device_posts.update(DEVICE_PATHS)
    app.state.backoffice = office
    return office


def _own_bus(config: StoreConfig, web: StoreWeb):
    from kiosk.messaging.mqtt import MqttBus
    from kiosk.messaging.settings import MqttSettings, read_password
    section = config.back_office
    own = MqttSection(password_env=section.mqtt_password_env, password_file=section.mqtt_password_file)
    settings = dataclasses.replace(MqttSettings.from_config(config), username=section.mqtt_username,
                                   password=read_password(own, config))
    bus = MqttBus(settings, f"backoffice-{config.store.id}"[:64]).start()
    web.on_stop.append(bus.stop)
    return bus
