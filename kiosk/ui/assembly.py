"""Builds the Qt side of the mirror: application, window, screens, bridges, controllers.

Everything else is built by kiosk/app.py (``Services``); here the UI only creates widgets and
subscribes to its listener lists, each thread's callback hopping to the GUI thread through
``GuiHop`` (observations through ``ObservationBridge``, which keeps only the newest)."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.errors import KioskError
from kiosk.session import State
from kiosk.ui import theme
from kiosk.ui.bridges import CameraBridge, GuiHop, ObservationBridge
from kiosk.ui.controller import MirrorController
from kiosk.ui.i18n import Languages
from kiosk.ui.journey_controller import JourneyController
from kiosk.ui.keywedge import KeyWedge
from kiosk.ui.mirror_window import MirrorWindow
from kiosk.ui.navbar import NavBar
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.basket import BasketScreen
from kiosk.ui.screens.browse import BrowseScreen
from kiosk.ui.screens.closed import ClosedScreen
from kiosk.ui.screens.colours import ColoursScreen
from kiosk.ui.screens.goodbye import GoodbyeScreen
from kiosk.ui.screens.handoff import HandoffScreen
from kiosk.ui.screens.hello import HelloScreen
from kiosk.ui.screens.item import ItemScreen
from kiosk.ui.screens.look import LookScreen
from kiosk.ui.screens.manager import ManagerScreen
from kiosk.ui.screens.pin import PinScreen
from kiosk.ui.screens.request import RequestScreen

log = logging.getLogger(__name__)
SCREENS = [AttractScreen, HelloScreen, BrowseScreen, ItemScreen, LookScreen, ColoursScreen,
           BasketScreen, RequestScreen, HandoffScreen, GoodbyeScreen, PinScreen, ManagerScreen,
           ClosedScreen]


def qt_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # a kiosk never quits because a window closed
    return app


def assemble_ui(mirror, *, windowed: bool, size: tuple[int, int] | None) -> None:
    config = mirror.config
    app = qt_application()
    window = MirrorWindow(digital=config.mirror.display_mode == "digital",
                          flip=config.camera.flip_horizontal, windowed=windowed)
    width, height = size or _screen_size(config)
    window.resize(width, height)
    metrics = theme.metrics_for(width, height)
    languages = Languages(list(config.store.languages), config.store.default_language, window)
    controller = MirrorController(window, mirror.session, languages, config, parent=window)
    services = mirror.services
    journey = JourneyController(window, controller, services.shopper, services, parent=window)
    controller.state_listeners.append(journey.on_state)
    mirror.journey_controller = journey
    vision = services.vision
    ctx = UiContext(config, languages, journey.navigate, services, metrics,
                    colour_analysis_available=lambda: (controller.camera_status == "live" and vision is not None
                                                       and vision.worker is not None))
    for screen_class in SCREENS:
        window.add_screen(screen_class(ctx))
    window.set_navbar(_navbar(metrics, languages, journey))
    _connect_shopper(mirror, window, journey)
    _connect_camera_notice(window, languages, config)
    window.show_screen("attract")
    if mirror.capture is not None:
        _connect_camera(mirror, window, controller)
    _connect_scanners(mirror, app, window, journey)
    _connect_manager(mirror, window)
    _connect_unattended(mirror, window, controller)
    _connect_remote(mirror, window, controller)
    if mirror.startup_errors:
        window.screens["attract"].set_status("\n".join(mirror.startup_errors), "startup")
    languages.set_language(config.store.default_language)
    mirror.qt_app, mirror.window, mirror.controller = app, window, controller
    _show(window, config, windowed or size is not None)
    _announce_when_painted(window)


def _connect_shopper(mirror, window: MirrorWindow, journey: JourneyController) -> None:
    """The core's news to the screens; request updates and "opened on a phone" from the MQTT
    thread to the GUI thread (the controller's hops)."""
    from kiosk.handoff.flow import subscribe_claimed

    core, services, config = journey.core, mirror.services, mirror.config
    core.clock = lambda: journey.mirror.clock()  # the session's clock: scenarios move it
    core.on_request.append(window.screens["request"].show_request)
    core.journey.on_change(lambda what: window.navbar.set_basket_count(
        core.journey.basket.count if core.journey.basket else 0) if what in ("basket", "wipe") else None)
    services.request_changes.listeners.append(journey.request_changed)
    if services.bus is not None:
        subscribe_claimed(services.bus, config.store.id, config.mirror.id, journey.handoff_claimed)


def _navbar(metrics, languages: Languages, journey: JourneyController) -> NavBar:
    navbar = NavBar(metrics, languages.available)
    navbar.back.connect(lambda: journey.navigate("back"))
    navbar.colours.connect(lambda: journey.navigate("colours"))
    navbar.basket.connect(lambda: journey.navigate("basket"))
    navbar.language.connect(languages.set_language)
    languages.changed.connect(navbar.set_language)
    return navbar


def _connect_camera(mirror, window: MirrorWindow, controller: MirrorController) -> None:
    from kiosk.tryon.preview import cap_vision_while_showing
    from kiosk.vision.outline import body_outline

    hop, services = GuiHop(window), mirror.services
    bridge = CameraBridge(mirror.capture.latest, mirror.config.camera.fps, window)
    bridge.on_frame(window.camera_view.show_frame)
    mirror.capture.add_status_listener(  # capture threads
        hop(lambda status, reason: controller.on_camera_status(status, reason or "")))
    bridge.start()
    mirror._stoppers.append(bridge.stop)
    observations = ObservationBridge(window)
    observations.observation.connect(controller.on_observation)
    if window.camera_view.digital:  # behind mirror glass the reflection is the outline
        controller.outline = lambda observation: body_outline(observation)
        preview = services.tryon
        window.camera_view.tryon = preview.apply
        preview.wake = hop(preview.refresh)   # the worker's mask came or went: the label follows
        if services.vision is not None:
            cap_vision_while_showing(preview, services.vision)
        observations.observation.connect(
            lambda observation: preview.observe(observation, mirror.session.state is State.ENGAGED))
    elif services.tryon is not None:  # two-way glass: See it on me is a still, on a tap
        still = services.tryon.still
        observations.observation.connect(
            lambda observation: still.observe(observation, mirror.session.state is State.ENGAGED))
    # vision thread: first in the list, presence must not wait on colour (kiosk/app.py)
    services.observations.listeners.append(observations.on_observation)
    services.vision_errors.listeners.append(hop(controller.on_vision_failed))


def _connect_scanners(mirror, app, window: MirrorWindow, journey: JourneyController) -> None:
    """The hub (kiosk/app.py) reaches the shopper's journey; a USB wedge without its own evdev
    reader is read from Qt keystrokes and fed into the hub."""
    from hardware.scanners.factory import wedge_parser

    section, services = mirror.config.scanners, mirror.services
    services.scanned.listeners.append(journey.item_scanned)    # scanner threads: GuiHop
    services.scan_errors.listeners.append(journey.scan_error)
    if not section.hid_device and services.scan_hub is not None:
        wedge = KeyWedge(wedge_parser(section), services.scan_hub.submit, services.scan_hub.report, window)
        app.installEventFilter(wedge)
        mirror._stoppers.append(lambda: app.removeEventFilter(wedge))


def _connect_unattended(mirror, window: MirrorWindow, controller: MirrorController) -> None:
    """The systemd heartbeat from the GUI thread (a frozen UI stops it), display power, and
    safe mode: "out of service" for shoppers, a clean exit after a while to try again."""
    unattended = mirror.services.unattended
    heartbeat = QTimer(window)
    heartbeat.setInterval(int(unattended.heartbeat.interval_s * 1000))
    heartbeat.timeout.connect(unattended.heartbeat.beat)
    heartbeat.start()
    QTimer.singleShot(0, unattended.heartbeat.ready)  # runs once the first screen is up
    display = mirror.services.display_power
    if display is not None:
        controller.display = display
        ticker = QTimer(window)
        ticker.setInterval(1000)
        ticker.timeout.connect(display.tick)
        ticker.start()
    safe = unattended.safe_mode
    if mirror.services.out_of_service:
        window.screens["attract"].set_out_of_service(True)
    if safe.active:
        QTimer.singleShot(int(safe.retry_after_s * 1000), QApplication.instance().quit)


def _connect_manager(mirror, window: MirrorWindow) -> None:
    from kiosk.insight.manager import ManagerGate, load_pin_hash
    from kiosk.ui.manager_wiring import ManagerWiring

    pin_file = mirror.config.insight.manager_pin_file
    pin_hash = None
    if pin_file:
        try:
            pin_hash = load_pin_hash(mirror.config.resolve(pin_file))
        except KioskError as exc:
            mirror.startup_errors.append(f"manager PIN: {exc.message}")
    mirror.journey_controller.manager = ManagerWiring(window, mirror, ManagerGate(pin_hash))
    window.corner_held.connect(lambda: mirror.journey_controller.navigate("manager"))
    QApplication.instance().installEventFilter(window)


def _connect_remote(mirror, window: MirrorWindow, controller: MirrorController) -> None:
    """The back office's lock / unlock / restart reach the screen (kiosk/remote.py)."""
    from kiosk.ui.remote_wiring import RemoteScreen

    if mirror.services.remote is not None:
        mirror.services.remote.screen = RemoteScreen(mirror, window, controller)


def _connect_camera_notice(window: MirrorWindow, languages: Languages, config) -> None:
    def update(code: str) -> None:
        notices = config.privacy.camera_notice
        window.indicator.set_notice(notices.get(code) or notices.get("en") or "Camera on")

    languages.changed.connect(update)
    update(languages.current)


def _announce_when_painted(window: MirrorWindow) -> None:
    """One log line once the first frame of the attract screen is up (bench.startup reads it)."""
    QTimer.singleShot(0, lambda: print("startup: attract screen shown", flush=True))


def _screen_size(config) -> tuple[int, int]:
    screen = QApplication.primaryScreen()
    return (screen.size().width(), screen.size().height()) if screen else (1080, 1920)


def _show(window: MirrorWindow, config, windowed: bool) -> None:
    if windowed:
        window.show()
        return
    screens = QApplication.screens()
    chosen = config.mirror.screen
    screen = (screens[chosen] if isinstance(chosen, int) and chosen < len(screens)
              else next((s for s in screens if s.name() == chosen), QApplication.primaryScreen()))
    if screen is not None:
        window.setScreen(screen)
        window.setGeometry(screen.geometry())
    if config.mirror.fullscreen:
        window.showFullScreen()
    else:
        window.show()
