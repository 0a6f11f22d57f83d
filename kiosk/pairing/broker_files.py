"""A mirror's login on the store mosquitto: its password file line, its ACL block, the reload.

The password line is what ``mosquitto_passwd`` writes for mosquitto 2.0 (``$7$``:
PBKDF2-SHA512, 101 iterations, a 12-byte salt, base64), so the file stays one that
``mosquitto_passwd`` can edit.  The ACL block is the per-mirror block of
config/mosquitto/acl, rendered here and nowhere else.  Both files are rewritten through a
temporary file and a rename, keeping their mode: the broker never reads half a file.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import subprocess
import tempfile
from pathlib import Path

from kiosk.errors import KioskError

ITERATIONS = 101   # mosquitto 2.0's PW_DEFAULT_ITERATIONS
SALT_BYTES = 12
MIRROR_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # kiosk.config.MirrorSection.id

# The per-mirror block of config/mosquitto/acl (docs/brokers.md): own state, events,
# insight and commands, own request docs, the claims/dones/progress of its own requests, the
# catalogue, and its own hand-off claims.
ACL_BLOCK = """\
user {mirror}
topic readwrite retail/v1/{store}/mirror/{mirror}/#
topic readwrite retail/v1/{store}/requests/+/{mirror}/+
topic read retail/v1/{store}/requests/+/{mirror}/+/claim/+
topic read retail/v1/{store}/requests/+/{mirror}/+/done/+
topic read retail/v1/{store}/requests/+/{mirror}/+/progress/+
topic read retail/v1/{store}/catalogue
topic read retail/v1/{store}/handoff/{mirror}/claimed
"""


def check_mirror_id(mirror: str) -> str:
    if not MIRROR_ID.match(mirror):
        raise KioskError(f"{mirror!r} is not a mirror id",
                         fix="lower-case letters, digits, '-' and '_', as mirror.id in the store config")
    return mirror


def new_password() -> str:
    return secrets.token_urlsafe(24)


def password_line(user: str, password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, ITERATIONS)
    return (f"{user}:$7${ITERATIONS}${base64.b64encode(salt).decode()}"
            f"${base64.b64encode(digest).decode()}")


def verify_line(line: str, password: str) -> bool:
    """True when a mosquitto ``$7$`` line holds ``password`` (used by the tests and by nobody
    else: the broker checks passwords, not us)."""
    _user, _, stored = line.strip().partition(":")
    parts = stored.split("$")
    if len(parts) != 5 or parts[1] != "7":
        return False
    salt = base64.b64decode(parts[3])
    return password_line(_user, password, salt) == line.strip()


def mirror_acl_block(store: str, mirror: str) -> str:
    return ACL_BLOCK.format(store=store, mirror=check_mirror_id(mirror))


def acl_blocks(text: str) -> dict[str, str]:
    """Each ``user`` block's lines (comments and blank lines dropped), by login."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "user":
            current = blocks.setdefault(" ".join(words[1:]), [])
        if current is not None:
            current.append(" ".join(words))
    return {user: "\n".join(lines) + "\n" for user, lines in blocks.items()}


def logins(password_file: Path) -> set[str]:
    return {line.partition(":")[0] for line in _read(password_file).splitlines() if ":" in line}


def known_as(password_file: Path, acl_file: Path, store: str, mirror: str) -> str:
    """'new' (no such login), 'mirror' (this store's mirror: pairing again replaces its
    password) or 'other' (staff, a tool, a bridge, another store: never taken over)."""
    block = acl_blocks(_read(acl_file)).get(mirror)
    if block is None:
        return "other" if mirror in logins(password_file) else "new"
    return "mirror" if block == acl_blocks(mirror_acl_block(store, mirror))[mirror] else "other"


def set_password(path: Path, user: str, password: str) -> None:
    """Add or replace ``user``'s line; every other login is kept as it was."""
    check_mirror_id(user)
    lines = _read(path).splitlines()
    kept = [line for line in lines if line.partition(":")[0] != user]
    _replace(path, "\n".join([*kept, password_line(user, password)]) + "\n")


def set_acl_block(path: Path, store: str, mirror: str) -> None:
    """Add the mirror's block, replacing a block of the same user (up to the next blank line
    or ``user`` line): pairing a mirror again gives the same rights, never more."""
    block = mirror_acl_block(store, mirror)
    marker = f"# paired from the back office: {mirror}"
    out, skipping = [], False
    for line in _read(path).splitlines():
        words = line.split()
        if line == marker:
            continue
        if words[:1] == ["user"]:
            skipping = words[1:] == [mirror]
        elif not line.strip():
            skipping = False
        if not skipping:
            out.append(line)
    text = "\n".join(out).rstrip("\n")
    _replace(path, (text + "\n\n" if text else "") + f"{marker}\n{block}")


def reload_broker(command: list[str], timeout_s: float = 20.0) -> None:
    """mosquitto re-reads its password and ACL files on SIGHUP (``systemctl reload``)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KioskError(f"broker reload {' '.join(command)!r} failed: {exc}",
                         fix="reload mosquitto by hand (systemctl reload mosquitto) and check "
                             "back_office.pairing.reload_command") from None
    if done.returncode != 0:
        raise KioskError(f"broker reload {' '.join(command)!r} exited {done.returncode}: "
                         f"{(done.stderr or done.stdout).strip()[:300]}",
                         fix="reload mosquitto by hand (systemctl reload mosquitto) and check "
                             "back_office.pairing.reload_command")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise KioskError(f"cannot read {path}: {exc.strerror}",
                         fix="back_office.pairing names the broker's files; the service needs "
                             "to read and write them") from None


def _replace(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        raise KioskError(f"cannot write {path}: {exc.strerror}",
                         fix="the store web service needs write access to the broker's "
                             "password and ACL files (docs/back-office.md)") from None
