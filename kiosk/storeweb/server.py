"""Build the store web service from a store config, and run it.

    running = start(config)            # in-process (the demo): uvicorn on a thread
    print(running.staff_url)           # http://host:port/staff
    running.stop()

The service has its own broker connection (``staff_app.mqtt_username``: the one relay
the broker lets claim for signed-in staff) and its own random session key per process:
sessions live in memory, so a restart only asks staff to sign in again.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import threading
import time
from dataclasses import dataclass

import uvicorn

from kiosk.config import MqttSection, StoreConfig
from kiosk.errors import KioskError
from kiosk.messaging.bus import Bus
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings, read_password
from kiosk.storeweb import staff
from kiosk.storeweb.accounts import Accounts
from kiosk.storeweb.limits import SigninLimits
from kiosk.storeweb.relay import RequestRelay
from kiosk.storeweb.sessions import SessionStore
from kiosk.storeweb.web import StoreWeb, create_app

log = logging.getLogger(__name__)


# The login config/mosquitto/acl gives the staff app: the one relay allowed to claim and
# deliver as any associate of the store (docs/brokers.md).
RELAY_LOGIN = "staff-app"


def broker_settings(config: StoreConfig) -> MqttSettings:
    """The mqtt section's broker, with the staff app's own login when one is configured."""
    section = config.staff_app
    settings = MqttSettings.from_config(config)
    if not section.mqtt_username:
        if settings.username:  # a store broker: a mirror's login may not claim for anyone
            log.warning("staff_app.mqtt_username is not set: relaying as %r, which the store "
                        "ACL lets claim for nobody; set it to %r (docs/brokers.md)",
                        settings.username, RELAY_LOGIN)
        return settings
    own = MqttSection(password_env=section.mqtt_password_env, password_file=section.mqtt_password_file)
    return dataclasses.replace(settings, username=section.mqtt_username,
                               password=read_password(own, config))


def build(config: StoreConfig, bus: Bus, public_url: str, *, clock=time.time,
          connect_back_office: bool = False) -> tuple[StoreWeb, object]:
    section = config.staff_app
    accounts = Accounts.from_config(config)
    if not list(accounts):
        log.warning("staff app: no staff with a PIN and a zone in mqtt.staff: nobody can sign in")
    sessions = SessionStore(secrets.token_bytes(32), section.shift_hours * 3600)
    # Free associates first; the whole zone halfway to the floor lead's escalation.
    first_step = (config.mqtt.requests.escalate_after_s or [90.0])[0]
    relay = RequestRelay(bus, config.store.id, accounts, clock=clock, widen_after_s=first_step / 2,
                         signed_in=lambda: sessions.signed_in(clock())).start()
    web = StoreWeb(store_id=config.store.id, store_name=config.store.name, accounts=accounts,
                   sessions=sessions,
                   limits=SigninLimits(section.signin_per_minute, section.failures_per_account),
                   relay=relay,
                   bus=bus, key=secrets.token_bytes(32), public_url=public_url,
                   default_language=config.store.default_language, clock=clock)
    if not config.back_office.enabled:
        return web, create_app(web, staff.ROUTES)
    from kiosk.storeweb.manage import routes, setup  # the back office (/manage) on the same app
    app = create_app(web, [*staff.ROUTES, *routes.ROUTES])
    setup.attach(app, web, config, bus, connect=connect_back_office)
    return web, app


@dataclass
class RunningStoreWeb:
    url: str
    web: StoreWeb
    server: uvicorn.Server
    thread: threading.Thread
    bus: MqttBus | None = None  # owned: stopped with the service

    @property
    def staff_url(self) -> str:
        return f"{self.url}/staff"

    @property
    def manage_url(self) -> str:
        return f"{self.url}/manage"

    def stop(self, timeout: float = 5.0) -> None:
        self.web.stopping = True  # event streams end within their poll interval
        self.server.should_exit = True
        self.thread.join(timeout)
        if self.bus is not None:
            self.bus.stop()
        for stop in self.web.on_stop:  # the back office's database and broker login
            stop()


def start(config: StoreConfig, *, host: str | None = None, port: int | None = None,
          public_host: str | None = None, bus: MqttBus | None = None) -> RunningStoreWeb:
    """Serve on a daemon thread with a broker connection of its own (or ``bus``, not owned)."""
    section = config.staff_app
    own_bus = bus is None
    bus = bus or MqttBus(broker_settings(config), f"storeweb-{config.store.id}"[:64])
    # The public URL is known once the socket is bound (port 0 picks one): set it after.
    web, app = build(config, bus, section.base_url or "http://unbound", connect_back_office=own_bus)
    server = uvicorn.Server(uvicorn.Config(
        app, host=host or section.listen_host, port=section.listen_port if port is None else port,
        log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=2,
        limit_concurrency=500, timeout_keep_alive=5))
    thread = threading.Thread(target=server.run, name="storeweb-server", daemon=True)
    thread.start()
    _wait_started(server, thread)
    bound = server.servers[0].sockets[0].getsockname()[1]
    web.public_url = section.base_url or f"http://{public_host or host or section.listen_host}:{bound}"
    if own_bus:
        bus.start()
    return RunningStoreWeb(web.public_url, web, server, thread, bus if own_bus else None)


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise KioskError("the staff app did not start", fix="is staff_app.listen_port in use?")
        time.sleep(0.01)
