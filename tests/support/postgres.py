"""A throwaway PostgreSQL cluster on a free loopback port (Debian's postgresql binaries).

initdb + pg_ctl in a fresh folder, trust auth on 127.0.0.1 only, stopped and deleted
after the test.  As root the server runs as the ``postgres`` user (PostgreSQL refuses
root).  Where the binaries are missing the test is skipped with a printed reason.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.support.debian import missing_package
from tests.support.mosquitto import free_port


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresUrl(str):
    """The URL, plus ``restart()``: a fast stop and start of the same server (same port),
    which drops every client connection the way a database restart or failover does."""

    restart: Callable[[], None]


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresUrl]:
    """Yields a ``postgresql://`` URL of an empty database (a ``PostgresUrl``)."""
    binaries = pg_bin()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        missing_package("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-", dir="/tmp"))
    data, port = folder / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    run = lambda *args: subprocess.run(_as_server_user([str(binaries / args[0]), *args[1:]]),  # noqa: E731
                                       check=True, capture_output=True, timeout=60)
    try:
        run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run("pg_ctl", "-D", str(data), "-w", "-l", str(folder / "log"), "-o", options, "start")
        url = PostgresUrl(f"postgresql://postgres@127.0.0.1:{port}/postgres")
        url.restart = lambda: run("pg_ctl", "-D", str(data), "-w", "-m", "fast", "-l", str(folder / "log"),
                                  "-o", options, "restart")
        yield url
    finally:
        if data.is_dir():
            subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast",
                                            "-w", "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
