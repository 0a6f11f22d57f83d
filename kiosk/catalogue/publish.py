"""Catalogue ⇄ MQTT notice on ``retail/v1/{store}/catalogue`` (retained, QoS 1).

The notice carries the whole catalogue as gzip+base64 of its canonical JSON
document, the sha256 of that JSON and ``version`` (the content hash), so a
mirror that connects late gets the current catalogue from the retained
message and every mirror can verify what it received before swapping.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import threading
import zlib
from typing import Any

from kiosk.catalogue.build import build_catalogue
from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.document import canonical_json, read_document, to_document
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.loader import IMPORT_LENIENT, gc_paused
from kiosk.errors import CatalogueError, KioskError, Location, PayloadError
from kiosk.messaging import topics
from kiosk.messaging.payloads import CatalogueNotice, build, parse

ENCODING = "gzip+base64"
MAX_CONTENT_BYTES = 64 * 1024 * 1024     # decompressed JSON; guards against gzip bombs
MAX_NOTICE_BYTES = 32 * 1024 * 1024      # what a mirror accepts off the wire


def make_notice(catalogue: Catalogue, store: str) -> dict[str, Any]:
    document = to_document(catalogue)
    document["catalogue"]["store"] = store
    raw = canonical_json(document)
    notice = build(CatalogueNotice, version=catalogue.version[:16],
                   sha256=hashlib.sha256(raw).hexdigest(),
                   content={"encoding": ENCODING,
                            "data": base64.b64encode(gzip.compress(raw, 6)).decode("ascii")})
    return notice.model_dump(exclude_none=True)


def publish_catalogue(bus, store: str, catalogue: Catalogue, on_ack=None) -> dict[str, Any]:
    """Publish retained on the store's catalogue topic; returns the notice sent."""
    notice = make_notice(catalogue, store)
    bus.publish(topics.catalogue(store), notice, qos=1, retain=True, on_ack=on_ack)
    return notice


def published_version(bus, store: str, wait_s: float = 1.5) -> str | None:
    """The version the broker holds retained for ``store`` (None: nothing, or not valid).

    The retained notice arrives right after subscribing; with none retained there is
    nothing to wait for but ``wait_s``.  A notice that a mirror would refuse counts as
    nothing, so publishing again repairs it.
    """
    received = threading.Event()
    found: dict[str, str] = {}

    def on_notice(topic: str, payload: dict[str, Any] | None) -> None:
        if payload is not None and not received.is_set():
            try:
                found["version"] = read_notice(payload, store, topic).version[:16]
            except KioskError:
                pass
        received.set()

    bus.subscribe(topics.catalogue(store), on_notice, max_bytes=MAX_NOTICE_BYTES)
    received.wait(wait_s)
    return found.get("version")


def read_notice(payload: dict[str, Any] | None, store: str, topic: str | None = None
                ) -> Catalogue:
    """Verify and validate a received notice; any problem is a ``KioskError``."""
    where = topic or topics.catalogue(store)
    notice = parse(CatalogueNotice, payload, topic=where)
    raw = _content_bytes(notice.content, where)
    if hashlib.sha256(raw).hexdigest() != notice.sha256:
        raise PayloadError("catalogue content does not match its sha256",
                           location=Location(where, field="sha256"),
                           fix="publish again with 'kiosk catalogue publish' (the message was "
                               "altered or truncated)")
    try:
        with gc_paused():
            document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PayloadError(f"catalogue content is not JSON: {exc}",
                           location=Location(where, field="content")) from None
    header = document.get("catalogue") if isinstance(document, dict) else None
    if isinstance(header, dict) and header.get("store") not in (None, store):
        raise PayloadError(f"catalogue is for store {header.get('store')!r}, not {store!r}",
                           location=Location(where, field="catalogue.store"),
                           fix="publish with --store set to this store's id")
    diag = Diagnostics(where, IMPORT_LENIENT)
    with gc_paused():
        catalogue = build_catalogue(read_document(document, where, diag), diag, None)
        _ = catalogue.version
    if not catalogue.version.startswith(notice.version):
        raise PayloadError("catalogue version does not match its content",
                           location=Location(where, field="version"),
                           fix="publish with 'kiosk catalogue publish'")
    return catalogue


def _content_bytes(content: Any, where: str) -> bytes:
    if not isinstance(content, dict) or content.get("encoding") != ENCODING:
        raise PayloadError(f"catalogue content must be {{encoding: {ENCODING}, data}}",
                           location=Location(where, field="content"),
                           fix="publish with 'kiosk catalogue publish'")
    try:
        packed = base64.b64decode(str(content.get("data", "")), validate=True)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        raw = inflater.decompress(packed, MAX_CONTENT_BYTES)
    except (binascii.Error, zlib.error, ValueError) as exc:
        raise PayloadError(f"catalogue content cannot be unpacked: {exc}",
                           location=Location(where, field="content.data")) from None
    if inflater.unconsumed_tail:
        raise CatalogueError(f"catalogue content is larger than {MAX_CONTENT_BYTES} bytes",
                             location=Location(where, field="content.data"),
                             fix="split the catalogue")
    return raw
