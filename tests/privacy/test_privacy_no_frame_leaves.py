"""docs/privacy.md: no camera frame, crop or landmark is written to disk or sent anywhere.

Two witnesses watch the real vision + colour + session pipeline on real photos (two
shoppers, one opted in to colour analysis, with a basket) in a child process:
a Python audit hook (sees Python code: open for write, sqlite files, renames, socket
sends) and strace (sees C code too: cv2.imwrite, native libraries).  Between the run's
markers the only writes allowed are the basket database in the data dir.  Each witness is
shown to catch a planted leak, so a silent run means something.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.debian import missing_package

pytestmark = pytest.mark.slow

CHILD = [sys.executable, "-m", "tests.support.privacy_child"]
ENV = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
BASKET = re.compile(r"/basket\.sqlite3(-wal|-shm|-journal)?$")
WRITE_FLAG = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")
SYSCALL = re.compile(r"^\d+\s+(\w+)\((.*)$")
FD_PATH = re.compile(r"^(\d+)<(.*?)>?[,)]")
HARMLESS_TARGETS = ("/dev/null", "/dev/pts/", "/dev/tty", "pipe:", "anon_inode:", "UNIX", "NETLINK")


def planted(inject: str | None, leak_dir: Path) -> list[str]:
    """The child's --inject arguments: the leak is planted in the test's own temporary folder."""
    if inject is None:
        return []
    leak_dir.mkdir(exist_ok=True)
    return ["--inject", inject, "--leak-dir", str(leak_dir)]


def audited_run(data_dir: Path, inject: str | None = None) -> dict:
    args = CHILD + [str(data_dir), "--audit"] + planted(inject, data_dir.parent / "leaks")
    done = subprocess.run(args, capture_output=True, text=True, env=ENV, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_audit_hook_sees_no_write_and_no_send_on_a_clean_run(tmp_path):
    report = audited_run(tmp_path)
    assert report["observations"] > 90 and report["colour_frames"] > 10  # the pipeline really ran
    assert report["violations"] == []


@pytest.mark.parametrize(("inject", "expected"), [
    ("npsave", "open for write: {leaks}/kiosk-debug-frame.npy"),
    ("udp", "socket.sendto: ('127.0.0.1', 9)"),
])
def test_audit_hook_catches_a_planted_leak(tmp_path, inject, expected):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    violations = audited_run(data_dir, inject)["violations"]
    assert expected.format(leaks=(tmp_path / "leaks").resolve()) in violations


def traced_run(tmp_path: Path, inject: str | None = None) -> list[str]:
    if shutil.which("strace") is None:
        missing_package("strace not installed (apt-get install strace)")
    data_dir, trace = tmp_path / "data", tmp_path / "trace.txt"
    data_dir.mkdir()
    calls = "open,openat,creat,write,pwrite64,writev,pwritev,pwritev2,sendto,sendmsg,sendmmsg," \
            "connect,rename,renameat,renameat2,link,linkat"
    args = ["strace", "-f", "-qq", "--seccomp-bpf", "-yy", "-s", "32", "-e", f"trace={calls}",
            "-o", str(trace), *CHILD, str(data_dir)] + planted(inject, tmp_path / "leaks")
    done = subprocess.run(args, capture_output=True, text=True, env=ENV, timeout=300)
    if "PTRACE" in done.stderr and "not permitted" in done.stderr:
        pytest.skip("ptrace is not permitted in this container")
    assert done.returncode == 0, done.stderr[-2000:]
    return leaks(trace.read_text(errors="replace").splitlines())


def leaks(lines: list[str]) -> list[str]:
    """Syscalls between the markers that write outside the basket DB or talk to a network."""
    found, inside = [], False
    for line in lines:
        if "PRIVACY-BEGIN" in line or "PRIVACY-END" in line:
            inside = "PRIVACY-BEGIN" in line
            continue
        match = SYSCALL.match(line)
        if inside and match and _leaks(*match.groups()):
            found.append(line[:160])
    return found


def _leaks(call: str, args: str) -> bool:
    if call in ("open", "openat", "creat"):
        path = re.search(r'"([^"]*)"', args)
        writing = call == "creat" or WRITE_FLAG.search(args)
        return bool(writing and path and not _allowed(path.group(1)))
    target = FD_PATH.match(args)
    target_text = target.group(2) if target else args
    if call in ("sendto", "sendmsg", "sendmmsg", "connect"):
        return bool(re.search(r"TCP|UDP|AF_INET", target_text + args))
    if call.startswith(("rename", "link")):
        return True  # nothing in a shopper run renames or links files
    return not _allowed(target_text)


def _allowed(target: str) -> bool:
    return bool(BASKET.search(target)) or target.startswith(HARMLESS_TARGETS)


def test_strace_sees_no_frame_written_or_sent_on_a_clean_run(tmp_path):
    assert traced_run(tmp_path) == []


def test_strace_catches_a_planted_cv2_imwrite(tmp_path):
    found = traced_run(tmp_path, "imwrite")
    leaked = (tmp_path / "leaks" / "kiosk-debug-imwrite.png").resolve()
    assert leaked.exists()  # planted in the test's own folder, removed with it
    assert any(str(leaked) in line for line in found)
