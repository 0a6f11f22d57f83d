"""``kiosk diagnose``: a support bundle (zip) a technician can read, with no personal data.

What goes in is a fixed list of generated entries (``ENTRIES``), never a copy of a file
from the data dir: no databases (basket, outbox payloads, hand-off, insight), no images,
no key files.  The config is the validated model with secret-shaped values redacted; log
lines are scrubbed (kiosk.health.redact).  tests/unit/test_health_bundle.py checks all of it.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import sqlite3
import subprocess
import time
import zipfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError, StoreConfig, load_config
from kiosk.health.crashloop import MARKS_FILE
from kiosk.health.process import sample
from kiosk.health.publisher import HEALTH_FILE
from kiosk.health.redact import redact_config, scrub_line

log = logging.getLogger(__name__)

ENTRIES = ("README.txt", "config.json", "versions.json", "system.json", "health.json",
           "crashes.json", "outbox.json", "models.json", "logs.txt")
PACKAGES = ("smart-mirror-kiosk", "PySide6-Essentials", "mediapipe", "opencv-contrib-python",
            "onnxruntime", "numpy", "paho-mqtt", "pydantic", "segno", "starlette", "uvicorn")
MODEL_SUFFIXES = {".tflite", ".task", ".onnx"}
LOG_LINES = 2000
README = """Smart-mirror support bundle, made by `kiosk diagnose`.
Contains: the validated store config with secrets redacted, package versions, system
facts, the last health snapshot, crash marks, outbox counts (no messages), model file
hashes and the newest log lines with e-mail addresses, phone numbers and tokens removed.
Never contains: camera frames or photos, baskets, hand-off tokens, usage events, the
outbox's messages, key or password files.  See docs/unattended.md.
"""


def write_bundle(out: str | Path, config_path: str | Path, *,
                 journal: Callable[[], list[str]] | None = None) -> list[str]:
    """Write the zip; returns the entry names.  Never raises for a missing piece."""
    config, problems = _config(Path(config_path))
    data_dir = config.resolve(config.data_dir) if config else None
    parts: dict[str, Any] = {
        "README.txt": README,
        "config.json": problems or redact_config(config.model_dump(mode="json")),
        "versions.json": _versions(), "system.json": _system(data_dir),
        "health.json": _json_file(data_dir, HEALTH_FILE),
        "crashes.json": _json_file(data_dir, MARKS_FILE),
        "outbox.json": _outbox_counts(config), "models.json": _model_hashes(config),
        "logs.txt": "\n".join(scrub_line(line) for line in _logs(data_dir, journal)),
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in ENTRIES:
            value = parts[name]
            text = value if isinstance(value, str) else json.dumps(value, indent=1, default=str)
            bundle.writestr(name, text)
    return list(ENTRIES)


def _config(path: Path) -> tuple[StoreConfig | None, dict | None]:
    try:
        return load_config(path), None
    except ConfigError as exc:  # a broken config is exactly when support needs the bundle
        errors = getattr(exc, "errors", [exc])
        return None, {"invalid": [scrub_line(str(e)) for e in errors]}


def _versions() -> dict[str, Any]:
    found: dict[str, Any] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _system(data_dir: Path | None) -> dict[str, Any]:
    proc = sample()
    facts: dict[str, Any] = {"platform": platform.platform(), "cpus": os.cpu_count(),
                             "load": os.getloadavg(), "diagnose_rss_mb": proc.rss_mb,
                             "time_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if data_dir is not None and data_dir.exists():
        usage = shutil.disk_usage(data_dir)
        facts["data_dir_free_mb"] = usage.free // (1 << 20)
    return facts


def _json_file(data_dir: Path | None, name: str) -> Any:
    if data_dir is None or not (data_dir / name).is_file():
        return None
    try:
        return json.loads((data_dir / name).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return {"unreadable": str(exc)}


def _outbox_counts(config: StoreConfig | None) -> dict[str, int] | None:
    if config is None:
        return None
    path = config.resolve(config.data_dir) / config.mqtt.outbox_path
    if not path.is_file():
        return None
    try:  # read-only: diagnose must not change the mirror's state
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    except sqlite3.Error as exc:
        return {"unreadable": str(exc)}  # type: ignore[dict-item]


def _model_hashes(config: StoreConfig | None) -> dict[str, Any]:
    from kiosk.models.manifest import load_manifest, sha256_of
    from kiosk.models.paths import MODELS_DIR_ENV, default_models_dir

    root = default_models_dir()  # $KIOSK_MODELS_DIR or the source tree's models/build
    if config is not None and not os.environ.get(MODELS_DIR_ENV):
        root = config.resolve(config.vision.models_dir)  # as kiosk/app.py resolves it
    try:
        pinned = {f.name: f.sha256 for f in load_manifest().files}
    except Exception as exc:  # manifest trouble is itself a finding
        pinned, root_note = {}, str(exc)
    else:
        root_note = str(root)
    files = sorted(p for p in root.glob("*") if p.suffix in MODEL_SUFFIXES) if root.is_dir() else []
    hashes = {p.name: sha256_of(p) for p in files}
    verdict = {name: ("missing" if name not in hashes else "ok" if hashes[name] == sha else "MISMATCH")
               for name, sha in pinned.items() if Path(name).suffix in MODEL_SUFFIXES}
    return {"dir": root_note, "sha256": hashes, "manifest": verdict}


def _logs(data_dir: Path | None, journal: Callable[[], list[str]] | None) -> list[str]:
    lines = (journal or _journal)()
    if data_dir is not None and (data_dir / "logs").is_dir():
        for path in sorted((data_dir / "logs").glob("*.log*"))[-3:]:
            lines += [f"[{path.name}] {line}" for line in _tail(path)]
    return lines[-LOG_LINES:]


def _journal() -> list[str]:
    if shutil.which("journalctl") is None:
        return ["(journalctl not available)"]
    try:
        done = subprocess.run(["journalctl", "-u", "smart-mirror.service", "-n", str(LOG_LINES),
                               "--no-pager", "-o", "short-iso"], capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"(journalctl failed: {exc})"]
    return done.stdout.splitlines() or [f"(journalctl: {done.stderr.strip()[:200]})"]


def _tail(path: Path) -> list[str]:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 512 * 1024))
            return handle.read().decode("utf-8", "replace").splitlines()[-LOG_LINES:]
    except OSError as exc:
        return [f"(unreadable: {exc})"]
