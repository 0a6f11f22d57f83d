"""A 3-node NATS JetStream cluster with MQTT on loopback ports, for the chain tests and bench.

    with running_cluster(tmp_path, stores={"s1": "pw"}) as cluster:
        cluster.mqtt_addresses, cluster.kill(1), cluster.start_node(1), cluster.stop()

Each node runs Debian's nats-server in the foreground from a config rendered by
kiosk.chain.nats (the same function the runbook uses), keeps JetStream in its own
folder, and is ready when its MQTT port answers and the cluster has a JetStream
leader.  Everything started here is stopped by ``stop`` (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.chain.nats import Node, Tls, Users, node_config
from tests.support.debian import missing_package
from tests.support.mosquitto import free_port, make_tls_files

NODES = 3
START_TIMEOUT_S = 30.0


def nats_missing_reason() -> str | None:
    if shutil.which("nats-server") is None and not Path("/usr/sbin/nats-server").exists():
        return "nats-server is not installed (apt-get install nats-server)"
    return None


def _binary() -> str:
    return shutil.which("nats-server") or "/usr/sbin/nats-server"


@dataclass
class NatsCluster:
    folder: Path
    users: Users
    tls: bool = True
    nodes: list[Node] = field(default_factory=list)
    processes: dict[int, subprocess.Popen] = field(default_factory=dict)
    tls_files: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.tls:
            self.tls_files = make_tls_files(self.folder / "tls")
        self.nodes = [Node(f"n{i + 1}", free_port(), free_port(), free_port(),
                           self.folder / f"n{i + 1}") for i in range(NODES)]

    @property
    def ca_file(self) -> str | None:
        return str(self.tls_files["ca"]) if self.tls else None

    @property
    def mqtt_addresses(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", n.mqtt_port) for n in self.nodes]

    def log_path(self, index: int) -> Path:
        return self.nodes[index].folder / "nats.log"

    def write_configs(self) -> None:
        tls = Tls(str(self.tls_files["cert"]), str(self.tls_files["key"])) if self.tls else None
        for node in self.nodes:
            node.folder.mkdir(parents=True, exist_ok=True)
            (node.folder / "nats.conf").write_text(node_config(node, self.nodes, self.users, tls=tls))

    def start(self) -> NatsCluster:
        self.write_configs()
        try:
            for index in range(len(self.nodes)):
                self.start_node(index, wait=False)
            for index in range(len(self.nodes)):
                self._wait_port(index)
            self.wait_jetstream()
        except BaseException:
            self.stop()
            raise
        return self

    def start_node(self, index: int, *, wait: bool = True) -> None:
        node = self.nodes[index]
        with self.log_path(index).open("ab") as log:
            self.processes[index] = subprocess.Popen(
                [_binary(), "-c", str(node.folder / "nats.conf")], stdout=log, stderr=subprocess.STDOUT)
        if wait:
            self._wait_port(index)

    def _wait_port(self, index: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if _port_open(self.nodes[index].mqtt_port):
                return
            if self.processes[index].poll() is not None:
                raise RuntimeError(f"nats-server {index} exited: {self.log_path(index).read_text()[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError(f"nats-server {index} did not open MQTT: {self.log_path(index).read_text()[-2000:]}")

    def wait_jetstream(self) -> None:
        """MQTT clients are refused until JetStream has a meta leader; wait for one."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if any("JetStream cluster new metadata leader" in self.log_path(i).read_text(errors="replace")
                   or "Self is new JetStream cluster metadata leader" in
                   self.log_path(i).read_text(errors="replace")
                   for i in self.processes):
                return
            time.sleep(0.1)
        raise RuntimeError("the cluster elected no JetStream leader")

    def kill(self, index: int, sig: int = signal.SIGKILL) -> None:
        """SIGKILL: a node that dies without saying goodbye (power cut, OOM)."""
        process = self.processes.pop(index, None)
        if process and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def stop(self) -> None:
        for index in list(self.processes):
            self.kill(index, signal.SIGTERM)

    def violations(self) -> list[str]:
        """Every permission refusal the nodes logged (what an operator would alert on)."""
        lines: list[str] = []
        for index in range(len(self.nodes)):
            path = self.log_path(index)
            if path.exists():
                lines += [ln for ln in path.read_text(errors="replace").splitlines()
                          if "Violation" in ln or "authentication error" in ln]
        return lines


def _port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


@contextlib.contextmanager
def running_cluster(folder: Path, *, stores: dict[str, str], head_office: str = "hq-pw",
                    tls: bool = True) -> Iterator[NatsCluster]:
    reason = nats_missing_reason()
    if reason:
        missing_package(reason)
    cluster = NatsCluster(folder, Users(head_office, dict(stores)), tls=tls).start()
    try:
        yield cluster
    finally:
        cluster.stop()
