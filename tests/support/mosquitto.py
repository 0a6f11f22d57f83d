"""Start a real mosquitto on a free loopback port, with a password file and an ACL.

    with running_mosquitto(tmp_path) as broker:       # or the ``mosquitto`` fixture
        broker.port, broker.users["mirror"], broker.restart(), broker.stop()

The broker runs in the foreground from a generated config, is ready when its
log says "running", keeps persistence in its folder (so ``restart`` keeps
retained messages and persistent sessions) and gets SIGTERM on teardown.
Where the binary is missing the test is skipped with a printed reason.
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

import pytest

from tests.support.debian import missing_package

USERS = {"mirror": "mirror-pw", "staff": "staff-pw", "staff-app": "staff-app-pw",
         "manager": "manager-pw", "nobody": "nobody-pw"}

# Mirrors own their store's mirror/requests/handoff/catalogue topics; staff
# read requests and write only claims, dones and progress (as any staff id: the shipped
# config/mosquitto/acl binds each login to its own); "staff-app" is the staff web app's
# relay, as in the shipped ACL: read docs and states, write claims, dones and progress, nothing
# else; "nobody" may do nothing.
ACL = """\
user mirror
topic readwrite retail/v1/#

user manager
topic readwrite retail/v1/#

user staff
topic read retail/v1/+/requests/#
topic read retail/v1/+/mirror/+/state
topic write retail/v1/+/requests/+/+/+/claim/+
topic write retail/v1/+/requests/+/+/+/done/+
topic write retail/v1/+/requests/+/+/+/progress/+

user staff-app
topic read retail/v1/+/requests/+/+/+
topic read retail/v1/+/mirror/+/state
topic write retail/v1/+/requests/+/+/+/claim/+
topic write retail/v1/+/requests/+/+/+/done/+
topic write retail/v1/+/requests/+/+/+/progress/+

user nobody
topic read nothing/here
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class MosquittoBroker:
    folder: Path
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    users: dict[str, str] = field(default_factory=lambda: dict(USERS))
    acl: str = ACL
    extra_config: str = ""
    # A whole config instead of the generated one (e.g. config/mosquitto/mosquitto.conf with
    # its paths rewritten); "{passwd}", "{acl}", "{folder}" and "{port}" are filled in.
    config_template: str | None = None
    process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.folder / "mosquitto.log"

    def write_config(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        passwd = self.folder / "passwd"
        passwd.unlink(missing_ok=True)
        for i, (user, password) in enumerate(self.users.items()):
            flags = ["-c"] if i == 0 else []
            subprocess.run([_binary("mosquitto_passwd"), *flags, "-b", str(passwd), user, password],
                           check=True, capture_output=True)
        (self.folder / "acl").write_text(self.acl)
        conf = self.folder / "mosquitto.conf"
        if self.config_template is not None:
            conf.write_text(self.config_template.format(passwd=passwd, acl=self.folder / "acl",
                                                        folder=self.folder, port=self.port))
            return conf
        conf.write_text(
            f"user root\nlistener {self.port} {self.host}\nallow_anonymous false\n"
            f"password_file {passwd}\nacl_file {self.folder / 'acl'}\n"
            f"persistence true\npersistence_location {self.folder}/\nautosave_interval 1\n"
            "max_queued_messages 10000\nlog_dest stderr\nlog_type error\nlog_type warning\n"
            f"log_type notice\nlog_type information\n{self.extra_config}\n")
        return conf

    def start(self, timeout: float = 10.0) -> MosquittoBroker:
        conf = self.write_config()
        start_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen([_binary("mosquitto"), "-c", str(conf)], stdout=log,
                                        stderr=subprocess.STDOUT)
        log.close()
        try:
            self._wait_running(timeout, start_offset)
        except BaseException:
            self.stop(signal.SIGKILL)  # never leave a half-started broker behind
            raise
        return self

    def _wait_running(self, timeout: float, start_offset: int) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_path.read_bytes()[start_offset:].decode(errors="replace")
            # A store config may log notices only (no "running" line): the port then decides.
            logged = " running" in text or self.config_template is not None
            if logged and self._port_open():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"mosquitto exited: {self.log_path.read_text()[-2000:]}")
            time.sleep(0.02)
        raise RuntimeError(f"mosquitto did not start: {self.log_path.read_text()[-2000:]}")

    def _port_open(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection((self.host, self.port), 0.2):
            return True
        return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """SIGTERM saves persistence; SIGKILL simulates a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def restart(self) -> MosquittoBroker:
        self.stop()
        return self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _binary(name: str) -> str:
    """Debian puts mosquitto in /usr/sbin, which a normal user's PATH may lack."""
    return shutil.which(name) or f"/usr/sbin/{name}"


def mosquitto_missing_reason() -> str | None:
    for binary in ("mosquitto", "mosquitto_passwd"):
        if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists():
            return f"{binary} is not installed (apt-get install mosquitto mosquitto-clients)"
    return None


@contextlib.contextmanager
def running_mosquitto(folder: Path, **kwargs) -> Iterator[MosquittoBroker]:
    reason = mosquitto_missing_reason()
    if reason:
        missing_package(reason)
    broker = MosquittoBroker(folder, **kwargs).start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def mosquitto(tmp_path: Path) -> Iterator[MosquittoBroker]:
    """A running, authenticated mosquitto for one test (import this fixture by name)."""
    with running_mosquitto(tmp_path / "mosquitto") as broker:
        yield broker


def make_tls_files(folder: Path) -> dict[str, Path]:
    """A throwaway CA and a server cert for localhost/127.0.0.1 (openssl CLI)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca, key, csr, cert = (folder / n for n in ("ca.key", "ca.pem", "server.key",
                                                        "server.csr", "server.pem"))
    ext = folder / "san.ext"
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
        "-keyout", str(ca_key), "-out", str(ca))
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", str(key),
        "-out", str(csr))
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
        "-days", "2", "-extfile", str(ext), "-out", str(cert))
    return {"ca": ca, "cert": cert, "key": key}


def tls_listener(port: int, files: dict[str, Path]) -> str:
    return (f"listener {port} 127.0.0.1\ncafile {files['ca']}\ncertfile {files['cert']}\n"
            f"keyfile {files['key']}\ntls_version tlsv1.2\n")
