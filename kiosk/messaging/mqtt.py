"""paho-mqtt 2.x adapter implementing the Bus protocol (MQTT 3.1.1 for amqtt, 5 for mosquitto).

- callback API 2, one loop thread (``loop_start``); every callback is wrapped so
  a bad payload or a handler bug is logged and counted, never kills the loop;
- paho's network thread dies on an exception raised outside a user callback (e.g.
  its packer, resending after CONNACK): ``_SupervisedClient`` logs and counts it
  (``loop_crashes``), and reconnects instead of leaving the mirror deaf;
- properties are built and packed in ``publish`` (the caller's thread), so a bad
  value fails there, never later in the network thread;
- connect_async + automatic reconnect with backoff (1 s .. 30 s), so a mirror
  starts and works while the broker is down;
- subscriptions are (re)made in on_connect; a refused CONNACK (bad password,
  not authorised) is logged with its reason and never counted as connected;
- a subscription the broker refuses in its SUBACK is asked for again (backoff 1 s .. 30 s,
  while connected): a clustered broker refuses one when it cannot create the subscription's
  queue in time (NATS JetStream while a node is down: "Unable to add JetStream consumer"),
  and the connection stays up, so without this the client would stay deaf to that filter;
- persistent session: clean_session=False (3.1.1) or clean_start=False with a
  Session Expiry Interval (5), so the broker queues QoS 1 for us while away;
- optional birth/last-will pair on the mirror's state topic (retained);
- ``on_ack(True)`` only when the broker acknowledges (PUBACK), ``on_ack(False)``
  when it refuses (MQTT 5 reason code >= 0x80, e.g. "Not authorized").
"""

from __future__ import annotations

import contextlib
import functools
import logging
import ssl
import threading
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from kiosk.errors import MessagingError, PayloadError
from kiosk.messaging.bus import (
    MAX_PAYLOAD_BYTES,
    AckCallback,
    Handler,
    Payload,
    call_safely,
    decode,
    encode,
    expiry_interval,
    topic_matches,
)
from kiosk.messaging.settings import MqttSettings

log = logging.getLogger(__name__)
Message = tuple[str, Payload]
CRASH_BACKOFF_MAX_S = 30.0
SUBSCRIBE_RETRY_MAX_S = 30.0


class _SupervisedClient(paho.Client):
    """A paho client whose network thread survives its own crashes (see module doc).

    ``on_loop_crash(exc)`` is called on the network thread; it returns False to stop
    (the bus is stopping), True after waiting out a backoff, then we reconnect afresh."""

    on_loop_crash: Callable[[Exception], bool] | None = None

    def loop_forever(self, timeout: float = 1.0, retry_first_connection: bool = False):
        crashed = False
        while True:
            try:
                if crashed:  # a fresh connection: drops half-handled packets, resends in-flight ones
                    with contextlib.suppress(OSError):  # broker down: loop_forever retries
                        self.reconnect()
                return super().loop_forever(timeout, retry_first_connection)
            except Exception as exc:
                if self.on_loop_crash is None or not self.on_loop_crash(exc):
                    return paho.MQTT_ERR_UNKNOWN
                crashed = retry_first_connection = True


class MqttBus:
    def __init__(self, settings: MqttSettings, client_id: str, *,
                 birth: Message | None = None, will: Message | None = None):
        self.settings = settings
        self.client_id = client_id
        self._birth, self._will = birth, will
        self._subs: list[tuple[str, Handler, int]] = []
        # MQTT 5 subscription identifiers: with overlapping filters the broker may send one
        # copy per matching subscription; the ids tell which handlers each copy is for.
        self._sub_ids: dict[str, int] = {}
        self._unacked_subs: set[int] = set()
        self._sub_mids: dict[int, str] = {}          # SUBSCRIBE mid -> filter, to retry a refusal
        self._sub_retries: dict[str, int] = {}       # filter -> refusals in a row
        self._acks: dict[int, AckCallback | None] = {}
        self._early_acks: dict[int, bool] = {}
        self._lock = threading.Lock()
        self._subscribed = threading.Condition(self._lock)
        self._connected = threading.Event()
        self._connect_listeners: list[Callable[[], None]] = []
        self.stats = {"connects": 0, "refused": 0, "unreachable": 0, "bad_payloads": 0, "handler_errors": 0,
                      "refused_publishes": 0, "callback_errors": 0, "loop_crashes": 0,
                      "refused_subscriptions": 0}
        self._stopping = threading.Event()
        self._crashes_in_row = 0
        self.last_error: str | None = None
        self._client = self._make_client()

    # -- lifecycle ---------------------------------------------------------------------------
    def _make_client(self) -> paho.Client:
        s = self.settings
        v5 = s.protocol == "5"
        client = _SupervisedClient(CallbackAPIVersion.VERSION2, client_id=self.client_id,
                                   protocol=paho.MQTTv5 if v5 else paho.MQTTv311,
                                   clean_session=None if v5 else False)
        client.suppress_exceptions = True  # paho would swallow silently: _guarded logs and counts
        client.on_loop_crash = self._on_loop_crash
        if s.username:
            client.username_pw_set(s.username, s.password)
        if s.tls:
            client.tls_set(ca_certs=s.ca_file, certfile=s.cert_file, keyfile=s.key_file,
                           tls_version=ssl.PROTOCOL_TLS_CLIENT)
        if self._will:
            client.will_set(self._will[0], encode(self._will[1]), qos=1, retain=True)
        client.reconnect_delay_set(1, 30)
        client.max_inflight_messages_set(100)
        client.on_connect = self._guarded(self._on_connect)
        client.on_disconnect = self._guarded(self._on_disconnect)
        client.on_message = self._guarded(self._on_message)
        client.on_publish = self._guarded(self._on_publish)
        client.on_subscribe = self._guarded(self._on_subscribe)
        client.on_connect_fail = self._guarded(self._on_connect_fail)
        return client

    def _guarded(self, callback: Callable[..., None]) -> Callable[..., None]:
        """paho catches a callback's exception without a word: log and count it instead."""
        @functools.wraps(callback)
        def guarded(*args) -> None:
            try:
                callback(*args)
            except Exception:
                self.stats["callback_errors"] += 1
                log.exception("MQTT callback %s failed", callback.__name__)
        return guarded

    def _on_loop_crash(self, exc: Exception) -> bool:
        """Network thread: note the crash where health shows it, back off, then reconnect."""
        self.stats["loop_crashes"] += 1
        self._crashes_in_row += 1
        self._connected.clear()
        self.last_error = f"MQTT network loop crashed ({type(exc).__name__}: {exc}); reconnecting"
        log.error("%s", self.last_error, exc_info=exc)
        # A crash that repeats (a poisoned message paho resends) must not spin the CPU.
        delay = min(CRASH_BACKOFF_MAX_S, 2.0 ** (self._crashes_in_row - 1))
        return not self._stopping.wait(delay)

    def start(self) -> MqttBus:
        s = self.settings
        props = None
        if s.protocol == "5":
            props = Properties(PacketTypes.CONNECT)
            props.SessionExpiryInterval = s.session_expiry_s
        try:
            self._client.connect_async(s.host, s.port, s.keepalive_s,
                                       clean_start=False if props else paho.MQTT_CLEAN_START_FIRST_ONLY,
                                       properties=props)
        except (OSError, ValueError) as exc:
            raise MessagingError(f"cannot connect to {s.host}:{s.port}: {exc}",
                                 fix="check mqtt.host and mqtt.port in the store config") from None
        self._stopping.clear()
        self._client.loop_start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Clean shutdown: publish the will payload ourselves (the broker only sends it on a
        broken connection), then disconnect and join the loop thread."""
        self._stopping.set()
        if self._will and self.connected:
            info = self._client.publish(self._will[0], encode(self._will[1]), qos=1, retain=True)
            if info.rc == paho.MQTT_ERR_SUCCESS:
                info.wait_for_publish(timeout)
        self._connected.clear()
        self._client.disconnect()
        self._client.loop_stop()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float = 5.0) -> bool:
        return self._connected.wait(timeout)

    def add_connect_listener(self, callback: Callable[[], None]) -> None:
        """Called on the loop thread after each successful (re)connect and resubscribe."""
        self._connect_listeners.append(callback)

    # -- Bus protocol ------------------------------------------------------------------------
    def publish(self, topic: str, payload: Payload, qos: int = 1, retain: bool = False, *,
                expiry_s: float | None = None, on_ack: AckCallback | None = None) -> None:
        props = self._publish_properties(expiry_s)
        info = self._client.publish(topic, encode(payload), qos=qos, retain=retain, properties=props)
        # Not connected / connection just lost: paho keeps QoS >= 1 and resends on reconnect.
        if info.rc not in (paho.MQTT_ERR_SUCCESS, paho.MQTT_ERR_NO_CONN, paho.MQTT_ERR_CONN_LOST):
            raise MessagingError(f"publish to {topic} failed: {paho.error_string(info.rc)}")
        self._register_ack(info.mid, on_ack)

    def _publish_properties(self, expiry_s: float | None) -> Properties | None:
        """Built and packed here, in the caller's thread: paho packs again when it resends after
        a reconnect, on its network thread, where an error would kill the connection."""
        interval = expiry_interval(expiry_s)
        if interval is None or self.settings.protocol != "5":
            return None
        props = Properties(PacketTypes.PUBLISH)
        props.MessageExpiryInterval = interval
        try:
            props.pack()
        except Exception as exc:
            raise MessagingError(f"cannot encode the message expiry {expiry_s!r}: {exc}") from None
        return props

    def subscribe(self, topic_filter: str, handler: Handler, *,
                  max_bytes: int = MAX_PAYLOAD_BYTES) -> None:
        with self._lock:
            self._subs.append((topic_filter, handler, max_bytes))
            new = topic_filter not in self._sub_ids
            self._sub_ids.setdefault(topic_filter, len(self._sub_ids) + 1)
        if self.connected and new:
            self._subscribe_filter(self._client, topic_filter)

    def _subscribe_filter(self, client: paho.Client, topic_filter: str) -> None:
        props = None
        if self.settings.protocol == "5":
            props = Properties(PacketTypes.SUBSCRIBE)
            props.SubscriptionIdentifier = self._sub_ids[topic_filter]
        with self._lock:  # the SUBACK can beat us here: record the mid before on_subscribe looks
            result, mid = client.subscribe(topic_filter, qos=1, properties=props)
            if result == paho.MQTT_ERR_SUCCESS:
                self._unacked_subs.add(mid)
                self._sub_mids[mid] = topic_filter

    def wait_subscribed(self, timeout: float = 5.0) -> bool:
        """True once connected and the broker acknowledged every subscription (tests, tools)."""
        if not self.wait_connected(timeout):
            return False
        with self._subscribed:
            return self._subscribed.wait_for(lambda: not self._unacked_subs, timeout)

    # -- callbacks (loop thread) -------------------------------------------------------------
    def _register_ack(self, mid: int, on_ack: AckCallback | None) -> None:
        # The PUBACK can arrive before we get here: keep early acks until registered.
        with self._lock:
            early = self._early_acks.pop(mid, None)
            if early is None:
                self._acks[mid] = on_ack
        if early is not None and on_ack:
            self._fire_ack(on_ack, early)

    def _on_publish(self, client, userdata, mid, reason_code, properties) -> None:
        accepted = not reason_code.is_failure
        if not accepted:
            self.stats["refused_publishes"] += 1
            log.warning("broker refused publish mid=%s: %s", mid, reason_code)
        with self._lock:
            if mid not in self._acks:
                self._early_acks[mid] = accepted
                return
            on_ack = self._acks.pop(mid)
        if on_ack:
            self._fire_ack(on_ack, accepted)

    def _fire_ack(self, on_ack: AckCallback, accepted: bool) -> None:
        try:
            on_ack(accepted)
        except Exception:
            log.exception("ack callback failed")

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            self.stats["refused"] += 1
            self.last_error = f"broker refused connection: {reason_code}"
            log.error("%s (%s:%s as %s)", self.last_error, self.settings.host,
                      self.settings.port, self.settings.username)
            return
        self.stats["connects"] += 1
        self._crashes_in_row = 0
        self.last_error = None
        with self._lock:
            filters = sorted(self._sub_ids)
        for topic_filter in filters:
            self._subscribe_filter(client, topic_filter)
        if self._birth:
            client.publish(self._birth[0], encode(self._birth[1]), qos=1, retain=True)
        self._connected.set()
        log.info("connected to %s:%s as %s (session present: %s)", self.settings.host,
                 self.settings.port, self.client_id, flags.session_present)
        for callback in list(self._connect_listeners):
            try:
                callback()
            except Exception:
                log.exception("connect listener failed")

    def _on_connect_fail(self, client, userdata) -> None:
        """TCP/TLS failure (broker down, wrong CA): paho retries with backoff; log sparingly."""
        self.stats["unreachable"] += 1
        self.last_error = f"broker {self.settings.host}:{self.settings.port} unreachable"
        if self.stats["unreachable"] in (1, 10) or self.stats["unreachable"] % 100 == 0:
            log.warning("%s (attempt %d; retrying with backoff, requests wait in the outbox)",
                        self.last_error, self.stats["unreachable"])

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        if self._connected.is_set():
            log.warning("disconnected from broker: %s", reason_code)
        self._connected.clear()

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:
        with self._subscribed:
            self._unacked_subs.discard(mid)
            topic_filter = self._sub_mids.pop(mid, None)
            self._subscribed.notify_all()
        if not any(code.is_failure for code in reason_codes):
            if topic_filter is not None:
                self._sub_retries.pop(topic_filter, None)
            return
        self.stats["refused_subscriptions"] += 1
        if topic_filter is None:
            log.error("broker refused a subscription: %s", reason_codes)
            return
        tries = self._sub_retries[topic_filter] = self._sub_retries.get(topic_filter, 0) + 1
        delay = min(SUBSCRIBE_RETRY_MAX_S, 2.0 ** (tries - 1))
        log.error("broker refused the subscription to %s (%s): asking again in %.0f s",
                  topic_filter, reason_codes[0], delay)
        timer = threading.Timer(delay, self._resubscribe, args=(topic_filter,))
        timer.daemon = True
        timer.start()

    def _resubscribe(self, topic_filter: str) -> None:
        """One more SUBSCRIBE for a refused filter; a reconnect in between already did it."""
        if self._stopping.is_set() or not self.connected:
            return  # on_connect subscribes to every filter again
        try:
            self._subscribe_filter(self._client, topic_filter)
        except Exception:
            log.exception("resubscribing to %s failed", topic_filter)

    def _addressed(self, topic_filter: str, msg: paho.MQTTMessage) -> bool:
        ids = getattr(msg.properties, "SubscriptionIdentifier", None) if msg.properties else None
        if ids is None:  # MQTT 3.1.1, or a broker without identifiers: match by filter
            return topic_matches(topic_filter, msg.topic)
        ids = ids if isinstance(ids, list) else [ids]
        return self._sub_ids.get(topic_filter) in ids

    def _on_message(self, client, userdata, msg: paho.MQTTMessage) -> None:
        with self._lock:
            targets = [(h, m) for f, h, m in self._subs if self._addressed(f, msg)]
        for handler, max_bytes in targets:
            try:
                payload: dict[str, Any] | None = decode(msg.payload, max_bytes)
            except PayloadError as exc:
                self.stats["bad_payloads"] += 1
                log.warning("dropped payload on %s: %s", msg.topic, exc)
                continue
            if not call_safely(handler, msg.topic, payload):
                self.stats["handler_errors"] += 1
