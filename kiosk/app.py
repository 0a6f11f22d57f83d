"""Composition root: config -> hardware -> services -> UI.  Every part that is not Qt (the
vision service and the scanner hub included) is built here into one typed ``Services``; the
UI (kiosk/ui/assembly.py) only creates widgets and subscribes to the listener lists.

Hardware is chosen here only; a fake is never picked silently (the demo camera is a real
playlist of real photos, chosen explicitly by ``camera.source: demo``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hardware.camera import CaptureLoop, FrameSource, PlaylistSource, source_from_spec
from kiosk.config import StoreConfig
from kiosk.errors import CameraError, KioskError, Location
from kiosk.services import Services
from kiosk.session import Session, SessionTimings, State

if TYPE_CHECKING:
    from hardware.scanners.base import ScanHub
    from kiosk.journey import Journey
    from kiosk.shopper.core import ShopperCore
    from kiosk.tryon.preview import Preview
    from kiosk.vision.service import VisionService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoScene:
    photo: str
    seconds: float
    shows_a_person: bool


# The demo camera: real photos (fetched by `kiosk models build`), a visitor in each, with
# empty scenes between (a coffee cup, a cat: the models find nobody there).
DEMO_VISITORS = (("astronaut.png", 20.0), ("grace_hopper.jpg", 15.0), ("camera.png", 12.0))
DEMO_EMPTY_PHOTOS = ("coffee.png", "chelsea.png", "coffee.png")
# The attract screen stays up at least this long after a wipe before the next visitor walks
# in: a pause a viewer notices, and room for the wall-clock demo scenario
# (tests/scenarios/demo_cycle.yaml) to find attract.  Load does not eat into it: presence is
# decided in frame time (a sighting counts when its frame was taken), so a loaded PC wipes at
# the same point of the playlist, later only by how far its GUI thread is behind
# (tests/integration/test_demo_cycle_frames.py).
DEMO_ATTRACT_S = 20.0


def demo_playlist(config: StoreConfig) -> list[DemoScene]:
    """Visitors and empty scenes in turn.  An empty scene outlasts the forget time: the session
    wipes at most ``forget_after_s`` after the last real sighting (the presence lag counts
    against it, kiosk/session.py), so every visitor is said goodbye to and forgotten before
    the next one arrives, and the demo walks attract -> engaged -> goodbye -> forgotten."""
    # The vision side may hold on for body_without_face_s (a tracker ghost on the empty
    # scene) before the last sighting: without it the next visitor arrived before the wipe.
    empty_s = config.privacy.forget_after_s + config.vision.body_without_face_s + DEMO_ATTRACT_S
    scenes = []
    for (visitor, seconds), empty in zip(DEMO_VISITORS, DEMO_EMPTY_PHOTOS, strict=True):
        scenes += [DemoScene(visitor, seconds, True), DemoScene(empty, empty_s, False)]
    return scenes


@dataclass
class Mirror:
    config: StoreConfig
    session: Session
    capture: CaptureLoop | None
    qt_app: Any
    window: Any
    controller: Any
    services: Services = field(default_factory=Services)
    startup_errors: list[str] = field(default_factory=list)
    journey_controller: Any = None   # the UI's (kiosk/ui/journey_controller.py), for scenarios
    scenario: Any = None             # kiosk scenario: the runner
    _stoppers: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        for stop in reversed(self._stoppers):
            try:
                stop()
            except Exception:  # shutdown boundary: stop everything we can
                log.exception("error while stopping")
        self._stoppers.clear()


def find_photo(models_dir: Path, name: str) -> Path | None:
    if not models_dir.is_dir():
        return None
    return next(iter(sorted(models_dir.rglob(name))), None)


def demo_source(config: StoreConfig) -> FrameSource:
    folder = models_dir(config)
    playlist = demo_playlist(config)
    items = [(find_photo(folder, scene.photo), scene.seconds) for scene in playlist]
    missing = [scene.photo for (path, _), scene in zip(items, playlist, strict=True) if path is None]
    if missing:
        raise CameraError(f"demo photos missing: {', '.join(sorted(set(missing)))}",
                          location=Location(str(folder)), fix="run 'kiosk models build'")
    cam = config.camera
    return PlaylistSource(items, fps=cam.fps, size=(cam.width, cam.height), name="demo camera")


def models_dir(config: StoreConfig) -> Path:
    """The models folder: KIOSK_MODELS_DIR (set by the systemd unit) wins over the config."""
    from kiosk.models.paths import resolve_models_dir

    return resolve_models_dir(config.resolve(config.vision.models_dir))


def camera_factory(config: StoreConfig):
    cam = config.camera

    def factory() -> FrameSource:
        if cam.source == "demo":
            return demo_source(config)
        spec = cam.source
        if isinstance(spec, str) and not spec.isdigit() and "://" not in spec and not spec.startswith("/dev/"):
            spec = str(config.resolve(spec))
        return source_from_spec(spec, cam.width, cam.height, cam.fps)

    return factory


def build_session(config: StoreConfig) -> Session:
    return Session(SessionTimings(forget_after_s=config.privacy.forget_after_s,
                                  presence_lag_s=config.presence_lag_s))


def build_mirror(config: StoreConfig, *, windowed: bool = False, size: tuple[int, int] | None = None,
                 startup_errors: list[str] | None = None, demo: bool = False,
                 demo_broker_port: int | None = None, out_of_service: bool = False) -> Mirror:
    from kiosk.ui.assembly import assemble_ui  # Qt only past this line

    unattended = start_unattended(config, demo=demo)
    session = build_session(config)
    capture = None
    if config.camera.enabled and unattended.safe_mode.camera_allowed:
        capture = CaptureLoop(camera_factory(config), stall_seconds=config.camera.stall_seconds)
    session.camera_on = capture is not None  # without a camera, only touches say who is there
    mirror = Mirror(config, session, capture, None, None, None, startup_errors=list(startup_errors or []))
    mirror.services.unattended = unattended
    mirror.services.out_of_service = out_of_service or unattended.safe_mode.active
    build_services(mirror, demo=demo, demo_broker_port=demo_broker_port)
    vision = mirror.services.vision = build_vision(mirror) if capture is not None else None
    start_scan_hub(mirror)
    assemble_ui(mirror, windowed=windowed, size=size)
    if capture is not None:
        capture.start()
        mirror._stoppers.append(capture.stop)
    if vision is not None:
        vision.start()
        mirror._stoppers.append(vision.stop)
    start_health(mirror)
    return mirror


def start_unattended(config: StoreConfig, *, demo: bool):
    """Crash-loop safe mode, the systemd heartbeat, the last-error log handler.  The demo
    never enters safe mode (a developer's crashes must not change what the next demo does)."""
    from kiosk.health.crashloop import SafeMode
    from kiosk.health.unattended import Unattended

    unattended = Unattended.start(config)
    if demo and unattended.safe_mode.active:
        unattended.safe_mode = SafeMode()
    return unattended


def start_health(mirror: Mirror) -> None:
    """The retained health state on MQTT (and in the data dir for `kiosk diagnose`)."""
    services = mirror.services
    unattended, catalogue = services.unattended, services.catalogue_store
    assert unattended is not None and catalogue is not None  # built first by build_mirror
    display, messaging, vision = services.display_power, services.messaging, services.vision
    if vision is not None:  # a dead vision thread is fixed by a restart: withhold the heartbeat
        unattended.heartbeat.add_check(
            "vision", lambda: None if vision.worker is None or vision.worker.running else "vision worker died")
    publisher = unattended.health_publisher(
        publish=messaging.publish_health if messaging else None, capture=mirror.capture,
        messaging=messaging, pipeline=vision,
        display=display, catalogue_version=lambda: catalogue.version,
        catalogue_error=lambda: catalogue.refusal,
        locked=lambda: services.remote.locked if services.remote is not None else None).start()
    # A new catalogue (or a refused one), a lock or an unlock is reported at once, not at the
    # next round: the back office's Mirrors page shows each mirror's state from it.
    catalogue.add_listener(on_change=lambda *_: publisher.request_publish(),
                                             on_reject=lambda *_: publisher.request_publish())
    if services.remote is not None:
        services.remote.on_change.append(publisher.request_publish)
    mirror._stoppers.append(publisher.stop)


def build_services(mirror: Mirror, *, demo: bool, demo_broker_port: int | None = None) -> None:
    """Catalogue, basket, journey, consent, messaging, hand-off: each optional part that
    cannot start leaves a message on screen and in the log; the mirror keeps running."""
    from kiosk.basket import BasketStore
    from kiosk.consent import ColourConsent
    from kiosk.journey import Journey

    config, services = mirror.config, mirror.services
    data_dir = config.resolve(config.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    catalogue = build_catalogue(mirror)
    baskets = _optional(mirror, "basket", lambda: BasketStore(data_dir / "basket.sqlite3")) or BasketStore()
    mirror._stoppers.append(baskets.close)
    journey = Journey(lambda: catalogue.current, baskets)
    consent = ColourConsent(lambda: colour_session(config))
    services.catalogue_store, services.baskets, services.journey = catalogue, baskets, journey
    services.consent = consent
    services.tryon = build_tryon(mirror)
    if demo:
        start_demo_infrastructure(mirror, demo_broker_port)
    assert services.unattended is not None
    paging = services.unattended.safe_mode.paging_allowed
    if config.mqtt.enabled and paging:
        _optional(mirror, "messaging", lambda: start_messaging(mirror))
    if config.handoff.enabled and paging:
        _optional(mirror, "handoff", lambda: start_handoff(mirror, demo=demo))
    if demo and config.staff_app.enabled and config.mqtt.enabled and paging:
        _optional(mirror, "staff app", lambda: start_demo_staff_app(mirror))
    from kiosk.visit_events import VisitEvents

    services.display_power = _optional(mirror, "display power", lambda: build_display_power(mirror))
    services.visit_events = _optional(mirror, "insight", lambda: build_visit_events(mirror)) or VisitEvents(None)
    services.shopper = build_shopper(mirror, journey)


def build_shopper(mirror: Mirror, journey: Journey) -> ShopperCore:
    """The shopper core (kiosk/shopper/core.py): one visit's verbs over the parts above."""
    from kiosk.shopper.core import ShopperCore

    config, services = mirror.config, mirror.services
    return ShopperCore(journey, mirror.session, requests=services.requests,
                       sender=services.handoff_sender, events=services.visit_events,
                       consent=services.consent,
                       not_in_stock=lambda: config.mqtt.requests.not_in_stock)


def build_tryon(mirror: Mirror) -> Preview:
    """See it on me: memory only, stopped on every wipe."""
    from kiosk.tryon.preview import Preview

    preview = Preview()
    mirror.session.on_wipe(preview.stop)
    return preview


def build_vision(mirror: Mirror) -> VisionService:
    """The vision service (models load off-thread once started).  Its observations feed the
    colour consent (after the UI's listeners: presence must not wait on colour); the UI
    subscribes to ``services.observations`` and ``services.vision_errors``."""
    from kiosk.insight.placement import PlacementProbe
    from kiosk.vision.pipeline import VisionSettings
    from kiosk.vision.service import VisionService

    config, services, capture = mirror.config, mirror.services, mirror.capture
    assert capture is not None
    consent, observed = services.consent, services.observations
    placement = services.placement = PlacementProbe()  # the back office's placement command

    def on_observation(observation) -> None:  # vision thread
        observed(observation)
        placement.observe(observation)  # nothing unless a check was asked for
        try:
            if consent is not None:
                consent.feed(observation)
        except Exception:  # boundary: colour sampling must not stop vision
            log.exception("colour sampling failed on a frame")

    vision = VisionService(models_dir(config), VisionSettings.from_config(config.vision),
                           config.vision.backend, capture.latest, on_observation, services.vision_errors)
    mirror.session.on_wipe(vision.forget)
    return vision


def start_scan_hub(mirror: Mirror) -> ScanHub:
    """Camera tags, an evdev wedge, serial RFID: one hub; the UI subscribes to
    ``services.scanned`` / ``scan_errors`` (and feeds a Qt keystroke wedge into the hub).  A
    reader that cannot open is a startup error; a bad scan later is the shopper's to retry."""
    from hardware.scanners.factory import scan_hub_from_config

    services = mirror.services
    latest = mirror.capture.latest if mirror.capture is not None else None
    hub = scan_hub_from_config(mirror.config.scanners, services.scanned, services.scan_errors,
                               latest_frame=latest)
    startup_problems: list = []
    hub.on_error = startup_problems.append
    hub.start()
    hub.on_error = services.scan_errors
    mirror.startup_errors.extend(f"scanner: {getattr(e, 'message', e)}" for e in startup_problems)
    mirror._stoppers.append(hub.stop)
    camera_scanners = [s for s in hub.sources if hasattr(s, "paused")]

    def pause_when_nobody(old: State | None, new: State) -> None:  # tags for nobody: only CPU
        for scanner in camera_scanners:
            scanner.paused = new is State.ATTRACT

    pause_when_nobody(None, State.ATTRACT)
    mirror.session.on_change(pause_when_nobody)
    services.scan_hub = hub
    return hub


def build_display_power(mirror: Mirror):
    """Sleep the panel with nobody there, wake it on presence (None: the store has no adapter)."""
    from hardware.display.factory import display_from_config

    assert mirror.services.unattended is not None
    return mirror.services.unattended.display_policy(display_from_config(mirror.config.display))


def build_visit_events(mirror: Mirror):
    """Anonymous usage events (kiosk.insight): stored locally, published when a bus exists."""
    from kiosk.insight.names import names_from_catalogue
    from kiosk.insight.recorder import EventRecorder
    from kiosk.insight.request_events import RequestEvents
    from kiosk.insight.store import EventStore
    from kiosk.visit_events import VisitEvents

    config = mirror.config
    if not config.insight.enabled:
        return VisitEvents(None)
    store = EventStore(config.resolve(config.data_dir) / config.insight.db)
    mirror._stoppers.append(store.close)
    recorder = EventRecorder(store, store_id=config.store.id, mirror_id=config.mirror.id,
                             zone=config.mirror.zone, retention_days=config.insight.retention_days)
    visits = VisitEvents(recorder)
    messaging = mirror.services.messaging
    if messaging is not None:
        # The event log is its own outbox: publish on the plain client, not the durable bus.
        recorder.attach(messaging.mqtt)
        mirror.services.request_changes.listeners.append(RequestEvents(recorder, lambda: visits.visit))
        if config.insight.ha_discovery:
            announce_to_home_assistant(config, messaging.mqtt)
    catalogue = mirror.services.catalogue_store
    assert catalogue is not None
    store.set_product_names(names_from_catalogue(catalogue.current))
    catalogue.add_listener(on_change=lambda new, origin: store.set_product_names(names_from_catalogue(new)))
    mirror.services.event_recorder = recorder
    return visits


def announce_to_home_assistant(config: StoreConfig, mqtt) -> None:
    """Home Assistant MQTT discovery: the mirror appears as a device, now and on every reconnect."""
    from kiosk.insight.discovery import MirrorIdentity, publish_discovery

    identity = MirrorIdentity(config.store.id, config.mirror.id, config.mirror.zone, config.mirror.room)

    def announce() -> None:
        publish_discovery(mqtt, identity, config.insight.ha_prefix)

    mqtt.add_connect_listener(announce)
    announce()


def colour_session(config: StoreConfig):
    """A fresh colour accumulator, calibrated as the store configured (card, install CCM)."""
    from kiosk.colour.accumulator import ColourSession
    from kiosk.colour.calibrator import calibrator_from_config

    return ColourSession(calibrator_from_config(config.colour, config.resolve),
                         min_frames=config.colour.min_frames)


def build_catalogue(mirror: Mirror):
    """The local catalogue file, reloaded when it changes; a broken file leaves an empty
    catalogue (browse shows nothing, scans say "ask staff") and a message on screen."""
    from kiosk.catalogue import Catalogue
    from kiosk.catalogue.store import CatalogueStore
    from kiosk.catalogue.watcher import CatalogueFileWatcher

    config = mirror.config
    path = config.resolve(config.catalogue.path)
    store = CatalogueStore(Catalogue([], currency=config.store.currency), store_id=config.store.id)
    watcher = CatalogueFileWatcher(path, store, config.catalogue.watch_interval_s)
    _prefetch_images(mirror, store)   # before the first load: its URLs are queued too
    if not watcher.load():  # notes the file's state first: a save during the load is not lost
        log.error("catalogue not loaded: %s", store.last_error)
        mirror.startup_errors.append(f"Catalogue error - see the log ({path.name})")
    mirror._stoppers.append(watcher.start().stop)
    return store


def _prefetch_images(mirror: Mirror, store) -> None:
    """Each accepted catalogue's image URLs are downloaded in the background into the cache
    the screens read (kiosk/ui/pictures.py); a tap never waits on the network."""
    from kiosk.catalogue.image_cache import ImageCache
    from kiosk.catalogue.image_prefetch import ImagePrefetcher

    config = mirror.config
    cache = ImageCache(config.resolve(config.data_dir) / config.catalogue.image_cache_dir)
    prefetcher = ImagePrefetcher(cache).start()
    store.add_listener(on_change=prefetcher.catalogue_changed)
    mirror._stoppers.append(prefetcher.stop)


def start_demo_infrastructure(mirror: Mirror, port: int | None) -> None:
    """The demo's embedded broker (amqtt, loopback only) at the port the demo config names,
    or ``port`` (0: any free port, for tests running side by side)."""
    from kiosk.messaging.demo_broker import DemoBroker

    mqtt = mirror.config.mqtt
    broker = DemoBroker(mqtt.host, mqtt.port if port is None else port).start()
    mqtt.port = broker.port
    mirror._stoppers.append(broker.stop)
    mirror.services.demo_broker = broker


def start_messaging(mirror: Mirror):
    from hardware.lights.factory import lights_from_config
    from kiosk.catalogue.store import follow_published
    from kiosk.messaging.service import MirrorMessaging

    services = mirror.services
    messaging = MirrorMessaging.from_config(mirror.config, on_request_change=services.request_changes).start()
    mirror._stoppers.append(messaging.stop)
    follow_published(messaging.bus, services.catalogue_store)
    services.messaging, services.requests, services.bus = messaging, messaging.requests, messaging.bus
    journey = services.journey
    assert journey is not None  # built before messaging (build_services)
    messaging.requests.off_floor = journey.off_floor
    # Straight to MQTT, not through the outbox: a light command is never worth replaying later.
    lights = lights_from_config(mirror.config.lights, messaging.mqtt)
    if lights is not None:
        lights.apply(mirror.config.lights.default_preset)
        mirror.session.on_wipe(lambda: lights.apply(mirror.config.lights.default_preset))
        services.lights = lights
    start_remote_commands(mirror, messaging)
    return messaging


def start_remote_commands(mirror: Mirror, messaging) -> None:
    """The back office's commands (lock, unlock, restart, placement, lights: kiosk/remote.py)
    on the plain client: an answer is never worth replaying later.  The UI gives them the
    screen once it exists (kiosk/ui/assembly.py)."""
    from kiosk.messaging.commands import CommandServer
    from kiosk.remote import RemoteCommands

    config, services = mirror.config, mirror.services
    services.remote = RemoteCommands(lights=services.lights, placement=lambda: services.placement)
    server = CommandServer(messaging.mqtt, store=config.store.id, mirror=config.mirror.id, threaded=True)
    services.remote.register(server).start()
    mirror._stoppers.append(server.stop)


def start_handoff(mirror: Mirror, *, demo: bool):
    from kiosk.handoff.client import HandoffClient
    from kiosk.handoff.flow import HandoffSender
    from kiosk.handoff.server import read_hex_secret

    config = mirror.config
    if demo:
        from kiosk.handoff.demo import start_demo_service

        catalogue = mirror.services.catalogue_store
        assert catalogue is not None
        running = start_demo_service(config, mirror.services.bus, lambda: catalogue.current)
        mirror._stoppers.append(running.stop)
        client = running.client
    else:
        key = read_hex_secret(config.handoff.mirror_key_env, config.handoff.mirror_key_file,
                              "handoff.mirror_key", config)
        client = HandoffClient(config.handoff.base_url, config.store.id, config.mirror.id, key,
                               timeout_s=config.handoff.timeout_s, language=config.store.default_language)
    sender = HandoffSender(client)
    mirror._stoppers.append(sender.close)
    mirror.services.handoff_sender = sender
    return sender


def start_demo_staff_app(mirror: Mirror):
    """The associates' web app (kiosk/storeweb) in-process, reachable from phones on the LAN;
    in a store it runs as its own service (`kiosk staff-app serve`)."""
    from kiosk.handoff.server import lan_address
    from kiosk.storeweb.server import start

    running = start(mirror.config, host="0.0.0.0", public_host=lan_address())
    mirror._stoppers.append(running.stop)
    mirror.services.staff_app = running
    print(f"Staff app: {running.staff_url}", flush=True)  # the demo's instructions point here
    if mirror.config.back_office.enabled:
        print(f"Back office: {running.manage_url}", flush=True)  # same service (kiosk/storeweb/manage)
    return running


def _optional(mirror: Mirror, name: str, start):
    """Start an optional part; any failure leaves a message and the mirror running."""
    try:
        return start()
    except KioskError as exc:
        log.error("%s unavailable: %s", name, exc)
        mirror.startup_errors.append(f"{name}: {exc.message}")
    except Exception as exc:  # boundary: a bad key file, a TLS file, a corrupt database
        log.exception("%s unavailable", name)
        mirror.startup_errors.append(f"{name}: {exc}")
    return None
