"""The chain's central cluster: NATS server (Debian's nats-server) with JetStream and MQTT.

Why NATS (docs/architecture.md, "The chain cluster"): its MQTT sessions, QoS 1 queues and
retained messages live in JetStream streams that the cluster replicates (R3), so a
catalogue published once survives the loss of any one node and is still delivered to a
store that reconnects to another node. RabbitMQ 3.10 keeps retained messages node-local.

``node_config`` renders one node's config. Every store gets its own bridge login whose
permissions are its own subject prefix only (MQTT ``retail/v1/s1/#`` is NATS subject
``retail.v1.s1.>``), so a store cannot write, or read, another store's topics, and a
forged head-office message from a store never reaches the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ACCOUNT = "CHAIN"
HEAD_OFFICE_USER = "head-office"


@dataclass(frozen=True)
class Node:
    name: str
    client_port: int   # NATS protocol (monitoring tools, nats CLI)
    route_port: int    # cluster routes between the nodes
    mqtt_port: int     # what store bridges and head office connect to
    folder: Path       # JetStream's on-disk streams live here


@dataclass(frozen=True)
class Tls:
    cert_file: str
    key_file: str


@dataclass
class Users:
    """Passwords by login: ``bridge-{store}`` per store and the head-office login."""
    head_office: str
    stores: dict[str, str] = field(default_factory=dict)


def store_subjects(store: str) -> list[str]:
    # An MQTT filter "a/#" also matches "a" itself, so NATS subscribes to both "a" and "a.>":
    # a prefix permission must name both.
    return [f"retail.v1.{store}", f"retail.v1.{store}.>"]


def bridge_user(store: str) -> str:
    return f"bridge-{store}"


# The server delivers a QoS 1 subscription through a JetStream consumer whose delivery
# subject is "$MQTT.sub.<random>", checked against the client's own subscribe permissions.
MQTT_DELIVERY = "$MQTT.sub.>"


def _store_permissions(store: str) -> dict:
    # MQTT topics map onto NATS subjects ('/' -> '.', '#' -> '>'): one prefix, both ways.
    return {"publish": {"allow": store_subjects(store)},
            "subscribe": {"allow": [*store_subjects(store), MQTT_DELIVERY]}}


def _head_office_permissions() -> dict:
    # Head office writes only what it owns: catalogues, commands and the chain acks;
    # it reads every store.  Mirror states, events and request docs are the stores' own.
    return {"publish": {"allow": ["retail.v1.*.catalogue", "retail.v1.*.chain.ack",
                                  "retail.v1.*.mirror.*.cmd.>"]},
            "subscribe": {"allow": ["retail.v1", "retail.v1.>", MQTT_DELIVERY]}}


def users_block(users: Users) -> list[dict]:
    block = [{"user": HEAD_OFFICE_USER, "password": users.head_office,
              "permissions": _head_office_permissions()}]
    for store, password in sorted(users.stores.items()):
        block.append({"user": bridge_user(store), "password": password,
                      "permissions": _store_permissions(store)})
    return block


def node_config(node: Node, peers: Iterable[Node], users: Users, *, tls: Tls | None = None,
                cluster: str = "chain", host: str = "127.0.0.1") -> str:
    """One node's nats-server config (JSON is valid NATS config syntax)."""
    mqtt: dict = {"listen": f"{host}:{node.mqtt_port}",
                  # a store's bridge may be away for hours: keep its QoS 1 redeliveries patient
                  "ack_wait": "30s", "max_ack_pending": 1000,
                  # Said, not left to the default: a node sizes the MQTT streams by the peers
                  # it sees when the first client connects (measured: R2 in a fresh 3-node
                  # cluster), and an R2 stream stalls when either of its nodes dies.
                  "stream_replicas": 3, "consumer_replicas": 3}
    if tls:
        mqtt["tls"] = {"cert_file": tls.cert_file, "key_file": tls.key_file}
    config = {
        "server_name": node.name,
        "listen": f"{host}:{node.client_port}",
        "jetstream": {"store_dir": str(node.folder / "jetstream"),
                      "max_memory_store": 64 * 1024 * 1024,
                      "max_file_store": 1024 * 1024 * 1024},
        "cluster": {"name": cluster, "listen": f"{host}:{node.route_port}",
                    "routes": [f"nats-route://{host}:{p.route_port}" for p in peers
                               if p.name != node.name]},
        "mqtt": mqtt,
        "accounts": {ACCOUNT: {"jetstream": "enabled", "users": users_block(users)}},
    }
    return json.dumps(config, indent=2) + "\n"
