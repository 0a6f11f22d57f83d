"""Store config: strict schema (unknown keys are errors), YAML loading with line numbers.

Each feature owns one section model here; the top-level ``StoreConfig`` only
assembles them.  ``load_config`` turns every pydantic error into a
``ConfigError`` line carrying file, line, key and a fix, and reports *all* of
them at once (``ConfigErrors``) so an installer fixes a file in one pass.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kiosk import yaml_files
from kiosk.errors import ConfigError, Location

MAX_CONFIG_BYTES = 256 * 1024
MAX_FORGET_SECONDS = 30.0
LEAVE_GRACE_S = 3.0  # absence before the mirror says goodbye (kiosk/session.py)
PRESENCE_TRACKING_MARGIN_S = 1.0  # pose tracking kept a vanished person ~6 frames (0.4 s at 15 fps)
LANGUAGES = ("en", "fr", "zh_CN")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _known_timezone(value: str) -> str:
    import zoneinfo
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone: use an IANA name such as Europe/Paris") from None
    return value


# An IANA zone name ("Europe/Paris"), checked against the zoneinfo database on load.
TimeZoneName = Annotated[str, AfterValidator(_known_timezone)]


def local_timezone_name() -> str:
    """This machine's IANA zone (TZ, else /etc/localtime's link target), else UTC.

    The mirror's clock is set to the store's zone at install, so that is the best guess
    for a config that does not name one; a fixed offset would be wrong half the year.
    """
    import os
    for candidate in (os.environ.get("TZ", "").lstrip(":"), _localtime_link()):
        if not candidate:
            continue
        try:
            return _known_timezone(candidate)
        except ValueError:   # TZ may be a POSIX rule ("CET-1CEST"): not a zone name
            continue
    return "UTC"


def _localtime_link() -> str:
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return ""
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""


class StoreSection(Section):
    id: str = Field("demo-store", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str = "Demo Store"
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    languages: list[Literal["en", "fr", "zh_CN"]] = ["en", "fr", "zh_CN"]
    default_language: Literal["en", "fr", "zh_CN"] = "en"
    # The store's local time, for the report's hours and days and the manager screen;
    # empty: this machine's zone (StoreConfig.timezone).
    timezone: TimeZoneName | None = None


class MirrorSection(Section):
    id: str = Field("mirror-1", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    zone: str = Field("womenswear", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    room: str = "Fitting room 1"
    display_mode: Literal["two_way", "digital"] = "two_way"
    screen: int | str = 0
    lower_reach: bool = False
    fullscreen: bool = True


class CameraSection(Section):
    enabled: bool = True
    # Device index, /dev/videoN, rtsp/http URL, a video file (looped) or a folder of images.
    source: int | str = 0
    width: int = Field(640, ge=160, le=3840)
    height: int = Field(480, ge=120, le=2160)
    fps: float = Field(30.0, gt=0, le=120)
    stall_seconds: float = Field(3.0, gt=0, le=60)
    flip_horizontal: bool = True


class VisionSection(Section):
    models_dir: str = "models/build"
    pose_every_n_frames: int = Field(3, ge=1, le=30)
    backend: Literal["mediapipe", "onnx"] = "mediapipe"
    # A face in the whole frame: BlazeFace scores 0.51-0.54 on faceless photos (a coffee
    # cup, a cat, a colour chart) and 0.75+ on a shopper at the mirror.
    min_face_score: float = Field(0.6, ge=0, le=1)
    # A far face (head crop of a body, idle room scan) scores lower when real; a far face
    # below 0.7 is nobody on its own (FAR_FACE_VOUCH_SCORE, kiosk/vision/pipeline.py).
    min_far_face_score: float = Field(0.5, ge=0, le=1)
    min_pose_visibility: float = Field(0.5, ge=0, le=1)
    # Horizontal field of view of the camera, for distance estimates (typical webcam 60-78).
    camera_hfov_deg: float = Field(60.0, ge=20, le=170)
    # Presence hysteresis: seen this long to arrive, unseen this long to leave.
    present_after_s: float = Field(0.6, ge=0, le=5)
    absent_after_s: float = Field(1.5, ge=0.1, le=10)
    # Look for small (far) faces in a head crop taken from the pose keypoints.
    far_faces: bool = True
    # A body with no face keeps someone present this long after the face was last seen
    # (turning round to see the back); longer would let a tracker ghost hold a session.
    body_without_face_s: float = Field(4.0, ge=1, le=20)
    # Cap on how many frames a second vision looks at (0: every camera frame).  On a 2-core
    # mirror a lower cap leaves CPU to the screen (see docs/performance.md, Shopper journey).
    max_fps: float = Field(0.0, ge=0, le=60)
    # Pose on its own (lower-priority) thread so the face path never waits for it.
    pose_in_background: bool = True
    # While nobody is seen, a full-range face detector scans the whole frame this often
    # (faces down to ~40 px in 1280x720: greet a shopper walking up); 0 = off.
    idle_scan_hz: float = Field(2.0, ge=0, le=15)


class PrivacySection(Section):
    forget_after_s: float = Field(MAX_FORGET_SECONDS, gt=0)
    camera_notice: dict[str, str] = {
        "en": "Camera on: nothing is recorded or stored",
        "fr": "Caméra active : rien n'est enregistré ni conservé",
        "zh_CN": "摄像头已开启：不录制、不存储任何内容",
    }

    @field_validator("forget_after_s")
    @classmethod
    def _never_longer_than_30s(cls, value: float) -> float:
        if value > MAX_FORGET_SECONDS:
            raise ValueError(f"must be at most {MAX_FORGET_SECONDS:g} seconds (docs/privacy.md)")
        return value


class TlsSection(Section):
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None


class StaffEntry(Section):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str = Field(min_length=1, max_length=40)
    # "associate" and "zone" are the same rung (the zone's associates; "zone" is the older name).
    role: Literal["associate", "zone", "floor_lead", "manager"] = "associate"
    # Zones an associate serves on the staff web app (floor leads and managers see every zone).
    zones: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]] = Field(
        [], max_length=32)
    # Salted hash of the staff app PIN (`kiosk staff-app pin`); none = cannot sign in.
    pin_hash: str | None = Field(None, max_length=200)


class StaffAppSection(Section):
    """The associates' web app served by the store (kiosk/storeweb, docs/staff-app.md)."""
    enabled: bool = True
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(8090, ge=0, le=65535)
    # What phones open (QR / bookmark); unset = http://listen_host:port.  https switches on
    # Secure cookies and HSTS.
    base_url: str | None = Field(None, pattern=r"^https?://[^\s/?#]+$")
    shift_hours: float = Field(10.0, gt=0, le=16)       # a sign-in lasts one shift
    signin_per_minute: int = Field(10, ge=1, le=600)    # attempts per phone address
    failures_per_account: int = Field(5, ge=1, le=100)  # wrong PINs per name per 15 min
    # The service's own broker login (the one relay allowed to claim for signed-in staff);
    # unset = the mqtt section's login.
    mqtt_username: str | None = None
    mqtt_password_env: str | None = None
    mqtt_password_file: str | None = None


class ManagerEntry(Section):
    """A back-office login (kiosk/storeweb/manage): ``id`` is the name typed at sign-in."""
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
    name: str = Field(min_length=1, max_length=60)
    role: Literal["manager", "regional_manager"] = "manager"
    # Salted hash from `kiosk back-office password`; none = cannot sign in.
    password_hash: str | None = Field(None, max_length=200)


def _lan_or_https(value: str | None) -> str | None:
    """https anywhere; plain http only to a host on the store's own network (a private,
    loopback or link-local address, or a name without a dot or under .local/.lan/.internal)."""
    if value is None:
        return value
    import ipaddress
    from urllib.parse import urlsplit
    parts = urlsplit(value)
    if parts.username or parts.password:
        raise ValueError("no user or password in the URL: put a token in its path or query")
    if parts.scheme == "https":
        return value
    host = (parts.hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
        lan = address.is_private or address.is_loopback or address.is_link_local
    except ValueError:
        lan = "." not in host or host.endswith((".local", ".lan", ".internal", ".home.arpa"))
    if not lan:
        raise ValueError(f"plain http to {host!r}, which is not on the store's network: use https")
    return value


class PairingSection(Section):
    """A new mirror joins by a code on its screen (docs/back-office.md, kiosk/pairing/): the
    broker files the store web service may add a mirror's login to, and how to reload it."""
    password_file: str | None = None   # mosquitto's password_file
    acl_file: str | None = None        # mosquitto's acl_file
    reload_command: list[str] = Field(["systemctl", "reload", "mosquitto"], min_length=1, max_length=20)
    code_minutes: float = Field(10.0, ge=1, le=60)
    starts_per_address: int = Field(5, ge=1, le=100)      # per code lifetime
    guesses_per_manager: int = Field(10, ge=1, le=100)    # per code lifetime


_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_MAIL_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_MAIL_ADDRESS = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]{{1,64}}@{_MAIL_LABEL}(?:\.{_MAIL_LABEL})*")


def _mail_address(value: str) -> str:
    """A bare address (no display name, no line break): it goes into the To and From headers."""
    if not _MAIL_ADDRESS.fullmatch(value) or ("." not in value.split("@")[1] and
                                          not value.endswith("@localhost")):
        raise ValueError(f"{value!r} is not an e-mail address: write it as name@example.com")
    return value


MailAddress = Annotated[str, StringConstraints(max_length=254), AfterValidator(_mail_address)]


class EmailAlertsSection(Section):
    """The offline alerts by e-mail (kiosk/storeweb/manage/mail.py): the store's SMTP server,
    who sends and who receives.  The password never lives in this file: ``password_env``
    names an environment variable, ``password_file`` a file holding only the password."""
    smtp_host: str = Field(min_length=1, max_length=253, pattern=r"^[A-Za-z0-9.:\[\]-]+$")
    smtp_port: int | None = Field(None, ge=1, le=65535)   # none: 587 starttls, 465 tls, 25 none
    # starttls: plain connection upgraded before login; tls: TLS from the first byte
    # (port 465); none: no encryption, only to a server on this machine.
    security: Literal["starttls", "tls", "none"] = "starttls"
    ca_file: str | None = None     # the store's own CA for the server certificate; none: the system's
    username: str | None = Field(None, min_length=1, max_length=254)
    password_env: str | None = Field(None, pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
    password_file: str | None = None
    from_address: MailAddress
    recipients: list[MailAddress] = Field(min_length=1, max_length=20)
    timeout_s: float = Field(10.0, gt=0, le=60)

    @property
    def port(self) -> int:
        return self.smtp_port or {"starttls": 587, "tls": 465, "none": 25}[self.security]

    @field_validator("security")
    @classmethod
    def _encrypted_off_this_machine(cls, value: str, info: ValidationInfo) -> str:
        host = str(info.data.get("smtp_host", ""))
        if value == "none" and host.strip("[]").lower() not in _LOCAL_HOSTS:
            raise ValueError(f"none sends the mail and login unencrypted to {host}: use starttls "
                             "or tls (none is only for a relay on this machine, localhost)")
        return value

    @model_validator(mode="after")
    def _complete(self) -> EmailAlertsSection:
        if self.password_env and self.password_file:
            raise ValueError("give the SMTP password in password_env or password_file, not both")
        if self.username and not (self.password_env or self.password_file):
            raise ValueError(f"username {self.username!r} needs a password: set password_env "
                             "(an environment variable) or password_file (never the password here)")
        if (self.password_env or self.password_file) and not self.username:
            raise ValueError("a password without a username: set username (the SMTP login)")
        return self


class OfflineAlertsSection(Section):
    """A webhook POST and/or an e-mail when a mirror has been offline ``after_minutes`` and
    once when it is back (kiosk/storeweb/manage/alerts.py); they name the store and the
    mirror, nothing about people.  Neither ``webhook_url`` nor ``email`` = no alerts."""
    webhook_url: Annotated[str | None, AfterValidator(_lan_or_https)] = Field(
        None, pattern=r"^https?://[^\s]+$", max_length=2000)
    after_minutes: float = Field(10.0, ge=1, le=24 * 60)
    timeout_s: float = Field(10.0, gt=0, le=60)
    email: EmailAlertsSection | None = None


class StockFeedSection(Section):
    """A stock file (GTIN, quantity) the store side fetches every ``every_minutes`` and
    publishes when the stock changed (kiosk/storeweb/manage/stock_feed.py), checked by the
    stock upload's rules.  Unset ``feed_url`` = no feed."""
    feed_url: Annotated[str | None, AfterValidator(_lan_or_https)] = Field(
        None, pattern=r"^https?://[^\s]+$", max_length=2000)
    every_minutes: float = Field(15.0, ge=0.5, le=24 * 60)
    timeout_s: float = Field(20.0, gt=0, le=120)
    max_mb: int = Field(20, ge=1, le=60)


class BackOfficeSection(Section):
    """The managers' back office at /manage, served by the staff app's service (docs/back-office.md)."""
    enabled: bool = True
    managers: list[ManagerEntry] = Field([], max_length=100)
    session_hours: float = Field(8.0, gt=0, le=24)
    signin_per_minute: int = Field(10, ge=1, le=600)    # attempts per browser address
    failures_per_account: int = Field(5, ge=1, le=100)  # wrong passwords per name per 15 min
    max_upload_mb: int = Field(20, ge=1, le=60)
    db: str = "backoffice.sqlite3"  # audit log and published versions, relative to data_dir
    # Publishing needs a login that may write the catalogue topic (manager-tool in
    # config/mosquitto/acl); unset = the staff app's connection.
    mqtt_username: str | None = None
    mqtt_password_env: str | None = None
    mqtt_password_file: str | None = None
    offline_alerts: OfflineAlertsSection = OfflineAlertsSection()
    stock_feed: StockFeedSection = StockFeedSection()
    pairing: PairingSection = PairingSection()


class RequestsSection(Section):
    """Size-request lifecycle: who is asked next, and when a request gives up."""
    escalate_after_s: list[float] = Field([90.0, 240.0], max_length=5)  # -> floor_lead, manager
    ladder: list[Literal["zone", "floor_lead", "manager"]] = ["zone", "floor_lead", "manager"]
    expire_after_s: float = Field(900.0, gt=0, le=24 * 3600)
    linger_s: float = Field(30.0, ge=0, le=3600)  # closed docs stay visible this long
    # A size with 0 in stock here: "ask" lets the shopper ask staff anyway, labelled (they
    # check the stockroom and other stores, docs/manager-guide.md); "refuse" says why not.
    not_in_stock: Literal["ask", "refuse"] = "ask"

    @field_validator("escalate_after_s")
    @classmethod
    def _increasing(cls, value: list[float]) -> list[float]:
        if any(b <= a for a, b in zip(value, value[1:], strict=False)) or any(v <= 0 for v in value):
            raise ValueError("must be positive and increasing, e.g. [90, 240]")
        return value


class MqttSection(Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(1883, ge=1, le=65535)
    username: str | None = None
    # Secrets never live in the config file itself: name an env variable or a file.
    password_env: str | None = None
    password_file: str | None = None
    tls: TlsSection | None = None
    protocol: Literal["3.1.1", "5"] = "5"
    keepalive_s: int = Field(30, ge=5, le=600)
    # Persistent session: the broker keeps our subscriptions and queued QoS 1 messages
    # this long while we are away (MQTT 5 keeps nothing without it).
    session_expiry_s: int = Field(7 * 24 * 3600, ge=0, le=2**32 - 1)
    client_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    # A new mirror without a password_file asks this store web service for a pairing code.
    pairing_url: str | None = Field(None, pattern=r"^https?://[^\s/?#]+/?$")
    outbox_path: str = "outbox.sqlite3"  # relative to data_dir
    requests: RequestsSection = RequestsSection()
    staff: list[StaffEntry] = []  # roster; empty = accept any staff the broker's ACL lets in


class CatalogueSection(Section):
    # Native YAML/CSV, Shopify CSV or Merchant Center TSV/XML (docs/catalogue-format.md).
    path: str = "config/demo-catalogue.yaml"
    watch_interval_s: float = Field(2.0, gt=0, le=3600)   # reload the file when it changes
    image_cache_dir: str = "images"                       # relative to data_dir


class CheckoutSection(Section):
    """Where the phone continues after the basket page (docs/handoff.md)."""

    kind: Literal["order", "shopify", "woocommerce", "wechat", "alipay"] = "order"
    shop_url: str | None = Field(None, pattern=r"^https?://[^\s/?#]+/?$")  # shopify, woocommerce
    app_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")     # wechat, alipay
    page: str = Field("pages/basket/basket", pattern=r"^[A-Za-z0-9_/-]{1,128}$")
    payment_link: str | None = Field(None, pattern=r"^https://\S+$")  # order; None: pay at the till
    id_map_file: str | None = None  # CSV "gtin,platform_id" for shopify / woocommerce

    @model_validator(mode="after")
    def _target_has_what_it_needs(self) -> CheckoutSection:
        if self.kind in ("shopify", "woocommerce") and not self.shop_url:
            raise ValueError(f"checkout kind {self.kind} needs shop_url (https://your-shop.example)")
        if self.kind in ("wechat", "alipay") and not self.app_id:
            raise ValueError(f"checkout kind {self.kind} needs app_id (the mini-program's id)")
        return self


class HandoffSection(Section):
    enabled: bool = True
    base_url: str = Field("http://127.0.0.1:8088", pattern=r"^https?://[^\s/?#]+$")  # printed under the QR
    mirror_key_env: str | None = None     # this mirror's signing key (hex), mirror side
    mirror_key_file: str | None = None
    # Service side (kiosk handoff-server):
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(8088, ge=0, le=65535)
    database_url: str = "sqlite:///handoff.sqlite3"  # relative paths live in data_dir
    token_key_env: str | None = None      # store token HMAC key (hex, >= 32 bytes)
    token_key_file: str | None = None
    mirror_keys_file: str | None = None   # lines "mirror-id hex-key"
    token_ttl_s: int = Field(180, ge=30, le=300)
    timeout_s: float = Field(2.0, gt=0, le=10)
    redeem_per_minute: int = Field(20, ge=1, le=600)  # per phone address
    order_retention_days: int = Field(30, ge=1, le=365)
    checkout: CheckoutSection = CheckoutSection()


class InsightSection(Section):
    """Anonymous usage events and the manager report (docs/insight.md)."""
    enabled: bool = True
    db: str = "insight.sqlite3"  # relative to data_dir
    timezone: TimeZoneName | None = None  # overrides store.timezone for the report only
    retention_days: int = Field(400, ge=1, le=3650)
    response_target_s: float = Field(180.0, gt=0, le=3600)  # p90 above this is flagged
    ha_discovery: bool = True
    ha_prefix: str = Field("homeassistant", pattern=r"^[A-Za-z0-9_-]{1,64}$")
    # File holding the PIN hash made by `kiosk insight pin`; no file = manager screen locked.
    manager_pin_file: str | None = None


class HealthSection(Section):
    """Unattended operation: watchdog, crash-loop safe mode, health publishing (docs/unattended.md)."""
    safe_mode_after_crashes: int = Field(3, ge=2, le=20)   # unclean starts within the window
    crash_window_s: float = Field(600.0, ge=60, le=24 * 3600)
    safe_mode_retry_after_s: float = Field(1800.0, ge=300, le=7 * 24 * 3600)
    publish_interval_s: float = Field(30.0, ge=5, le=3600)
    watchdog_grace_s: float = Field(60.0, ge=0, le=3600)  # a failing liveness check, before restart


class DisplaySection(Section):
    """Display power: sleep with nobody present, wake on presence or touch."""
    power: Literal["none", "dpms", "backlight"] = "none"
    sleep_after_s: float = Field(300.0, ge=10, le=24 * 3600)
    x_display: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]*:\d+(\.\d+)?$")  # dpms; default $DISPLAY
    backlight: str | None = None  # a folder name in /sys/class/backlight; default: the first one


class ColourSection(Section):
    """Colour analysis (after opt-in only): reference patch and install calibration (docs/colour.md)."""
    # The neutral grey card in the mirror frame, [x, y, width, height] in camera pixels.
    white_ref: list[int] | None = None
    white_ref_luminance: float = Field(0.18, ge=0.02, le=1.0)  # Y of the card: 0.18 = 18 % grey
    ccm_file: str | None = None  # written by `kiosk calibrate`; relative to this file
    min_frames: int = Field(10, ge=2, le=300)  # frames with skin before confidence is full

    @field_validator("white_ref")
    @classmethod
    def _region(cls, value: list[int] | None) -> list[int] | None:
        if value is not None and (len(value) != 4 or min(value[:2]) < 0 or min(value[2:]) < 2):
            raise ValueError("must be [x, y, width, height]: x, y >= 0, width and height >= 2")
        return value


class ScannersSection(Section):
    """Item identification (docs/hardware.md): camera hang tags, HID wedge, serial RFID."""
    camera_tags: bool = True            # read tags with the mirror's camera (when it runs)
    camera_reads_per_s: float = Field(4.0, gt=0, le=30)
    # /dev/input/by-id/…-event-kbd of a USB wedge scanner; None: none (or Qt feeds the parser)
    hid_device: str | None = None
    hid_grab: bool = True               # exclusive: scans never type into anything else
    hid_max_key_gap_s: float = Field(0.04, ge=0.005, le=0.2)
    rfid_port: str | None = None        # /dev/serial/by-id/… or any pyserial URL
    rfid_baudrate: int = Field(115200, ge=1200, le=921600)
    rfid_hold_s: float = Field(3.0, ge=0, le=60)   # a tag in the field is reported once
    repeat_hold_s: float = Field(2.0, ge=0, le=60)  # same GTIN from any reader within: one item


class LightsSection(Section):
    """Fitting-room lighting presets over Zigbee2MQTT on the store broker (docs/hardware.md)."""
    enabled: bool = False
    base_topic: str = Field("zigbee2mqtt", pattern=r"^[^#+\s/][^#+\s]*[^#+\s/]$|^[^#+\s/]$")
    devices: list[str] = []             # Zigbee2MQTT friendly names of this room's lights
    default_preset: Literal["daylight", "evening", "office"] = "daylight"
    transition_s: float = Field(1.5, ge=0, le=30)

    @model_validator(mode="after")
    def _devices_when_enabled(self) -> LightsSection:
        if self.enabled and not self.devices:
            raise ValueError("lights are enabled but no devices are listed (friendly names)")
        return self


class StoreConfig(Section):
    store: StoreSection = StoreSection()
    mirror: MirrorSection = MirrorSection()
    camera: CameraSection = CameraSection()
    vision: VisionSection = VisionSection()
    privacy: PrivacySection = PrivacySection()
    mqtt: MqttSection = MqttSection()
    catalogue: CatalogueSection = CatalogueSection()
    handoff: HandoffSection = HandoffSection()
    staff_app: StaffAppSection = StaffAppSection()
    back_office: BackOfficeSection = BackOfficeSection()
    insight: InsightSection = InsightSection()
    health: HealthSection = HealthSection()
    display: DisplaySection = DisplaySection()
    colour: ColourSection = ColourSection()
    scanners: ScannersSection = ScannersSection()
    lights: LightsSection = LightsSection()
    data_dir: str = "var"
    source_path: str | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _forget_time_covers_presence_lag(self) -> StoreConfig:
        # The session counts presence lag against the forget deadline (kiosk/app.py): with a
        # lag near the forget time a shopper standing there would be wiped between frames.
        needed = self.presence_lag_s + LEAVE_GRACE_S
        if self.privacy.forget_after_s < needed:
            slack = LEAVE_GRACE_S + PRESENCE_TRACKING_MARGIN_S
            raise ValueError(f"privacy.forget_after_s must be at least {needed:g} s with these vision "
                             f"settings (absent_after_s + body_without_face_s + {slack:g}): "
                             "raise it or lower vision.body_without_face_s")
        return self

    @property
    def timezone(self) -> str:
        """The store's IANA zone: insight.timezone, else store.timezone, else this machine's."""
        return self.insight.timezone or self.store.timezone or local_timezone_name()

    @property
    def presence_lag_s(self) -> float:
        """How long after a shopper really left vision may still say 'present': the debounce,
        a body without a face, and pose tracking.  The session counts it against the forget
        deadline (docs/privacy.md: wiped within forget_after_s of leaving)."""
        return self.vision.absent_after_s + self.vision.body_without_face_s + PRESENCE_TRACKING_MARGIN_S

    def resolve(self, relative: str) -> Path:
        """Paths in the config are relative to the config file's folder."""
        path = Path(relative)
        if path.is_absolute() or not self.source_path:
            return path
        return Path(self.source_path).parent / path


class ConfigErrors(ConfigError):
    """Several config problems, reported together."""

    def __init__(self, errors: list[ConfigError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def load_config(path: str | Path) -> StoreConfig:
    path = Path(path)
    data, lines = _read_yaml(path)
    try:
        config = StoreConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigErrors([_to_config_error(path, err, lines) for err in exc.errors()]) from None
    return config.model_copy(update={"source_path": str(path)})


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict[tuple, int]]:
    if not path.is_file():
        raise ConfigError("config file not found", location=Location(str(path)),
                          fix="pass the path of a store config, e.g. config/store.example.yaml")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"config file cannot be read: {exc.strerror}", location=Location(str(path)),
                          fix="check the file's permissions (the kiosk user must be able to read it)") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file is larger than {MAX_CONFIG_BYTES} bytes",
                          location=Location(str(path)), fix="a store config is a few KB: check the file")
    try:
        text = raw.decode("utf-8")
        node = yaml_files.compose(text, str(path))  # a repeated key or a huge integer: refused
        data = yaml_files.construct(node)  # here: an unknown tag (!x) is a syntax error too (fuzz/)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError("not valid UTF-8", location=Location(str(path), line),
                          fix="save the file as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(f"YAML syntax: {exc.problem}",
                          location=Location(str(path), mark.line + 1 if mark else None,
                                            mark.column + 1 if mark else None),
                          fix="check indentation and quoting on that line") from None
    except yaml.reader.ReaderError as exc:  # a control character (found by tests/fuzz)
        line = text[: exc.position].count("\n") + 1
        raise ConfigError(f"character U+{exc.character:04X} is not allowed in YAML",
                          location=Location(str(path), line),
                          fix="remove control characters (save as plain UTF-8 text)") from None
    except RecursionError:
        raise ConfigError("nested too deeply", location=Location(str(path)),
                          fix="a store config is at most a few levels deep") from None
    if node is None:  # an empty file would quietly run the demo store's defaults
        raise ConfigError("the config file is empty", location=Location(str(path), 1),
                          fix="start from config/store.example.yaml (at least 'store:' and "
                              "'mirror:')")
    if _count_aliases(node) > 0:
        raise ConfigError("YAML aliases/anchors are not allowed in a store config",
                          location=Location(str(path)), fix="write the values out in full")
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError("the config must be a mapping of sections",
                          location=Location(str(path), node.start_mark.line + 1),
                          fix="start with keys such as 'store:' and 'mirror:'")
    odd_key = _complex_key(node)
    if odd_key is not None:  # "? [a]: 1" -- found by tests/fuzz
        raise ConfigError("keys must be plain names, not lists or mappings",
                          location=Location(str(path), odd_key.start_mark.line + 1),
                          fix="write keys such as 'store:' without '?', '[' or '{'")
    lines: dict[tuple, int] = {}
    _index_lines(node, (), lines)
    return data or {}, lines


def _count_aliases(node: yaml.Node, seen: set[int] | None = None) -> int:
    seen = seen if seen is not None else set()
    if id(node) in seen:
        return 1
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return sum(_count_aliases(k, seen) + _count_aliases(v, seen) for k, v in node.value)
    if isinstance(node, yaml.SequenceNode):
        return sum(_count_aliases(v, seen) for v in node.value)
    return 0


def _complex_key(node: yaml.Node) -> yaml.Node | None:
    """The first mapping key that is not a plain scalar (aliases are already refused)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                return key
            found = _complex_key(value)
            if found is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        return next((k for k in map(_complex_key, node.value) if k is not None), None)
    return None


def _index_lines(node: yaml.Node, prefix: tuple, lines: dict[tuple, int]) -> None:
    lines[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[prefix + (key.value,)] = key.start_mark.line + 1
            _index_lines(value, prefix + (key.value,), lines)
            lines[prefix + (key.value,)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _index_lines(value, prefix + (i,), lines)


def _to_config_error(path: Path, err: dict, lines: dict[tuple, int]) -> ConfigError:
    loc = tuple(err["loc"])
    key = ".".join(str(p) for p in loc)
    line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
    if err["type"] == "extra_forbidden":
        message, fix = f"unknown key '{loc[-1]}'", _unknown_key_fix(loc)
    else:
        message = f"{err['msg']} (got {_shown(err.get('input'))})"
        fix = _fix_for(err)
    return ConfigError(message, location=Location(str(path), line, field=key), fix=fix)


def _shown(value: Any, limit: int = 80) -> str:
    """The value echoed back, cut short: a 5,000-digit string is not worth a screenful."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def _unknown_key_fix(loc: tuple) -> str:
    model: Any = StoreConfig
    for part in loc[:-1]:
        field = model.model_fields.get(str(part)) if isinstance(model, type) else None
        annotation = field.annotation if field else None
        model = next((a for a in (annotation, *getattr(annotation, "__args__", ()))
                      if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None:
            break
    known = list(model.model_fields) if model is not None else []
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"remove it; valid keys here: {', '.join(known)}" if known else "remove it"


def _fix_for(err: dict) -> str:
    kind = err["type"]
    if kind.startswith(("int", "float")):
        return "write a number"
    if kind.startswith("bool"):
        return "write true or false"
    if kind == "literal_error":
        return f"use one of: {err.get('ctx', {}).get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return _pattern_fix(str(err.get("ctx", {}).get("pattern", "")))
    return "see config/store.example.yaml for a valid value"


def _pattern_fix(pattern: str) -> str:
    """The hint for a value its field's pattern refused: URLs get a URL, ids the id rules."""
    if pattern.startswith("^https://"):
        return "a full https URL such as https://pay.example.com/…"
    if pattern.startswith(r"^https?://[^\s/?#]+"):
        return "a full URL, scheme and host only, such as https://mirror.example.com (no path)"
    if pattern.startswith("^https?://"):
        return "a full URL such as https://mirror.example.com/…"
    if pattern.startswith("^[a-z0-9]"):
        return "use lower-case letters, digits, '-' or '_'"
    return "see config/store.example.yaml for a valid value"
