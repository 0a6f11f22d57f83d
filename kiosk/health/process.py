"""This process's resources, read from /proc (Linux): RSS, threads, open descriptors.

Used by the health snapshot and the soak benchmark; no dependency beyond the kernel.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessSample:
    rss_mb: float
    threads: int
    fds: int


def sample(pid: int | str = "self") -> ProcessSample:
    status = _status(pid)
    rss_kb = int(status.get("VmRSS", "0 kB").split()[0])
    threads = int(status.get("Threads", "0"))
    return ProcessSample(round(rss_kb / 1024, 1), threads, _fd_count(pid))


def _status(pid: int | str) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    pairs = (line.split(":", 1) for line in text.splitlines() if ":" in line)
    return {key: value.strip() for key, value in pairs}


def _fd_count(pid: int | str) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1
