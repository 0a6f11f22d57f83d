"""The model manifest (models/manifest.json): pinned wheels, files inside them, built files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import Location, ModelError
from kiosk.models.paths import MANIFEST_PATH


@dataclass(frozen=True)
class Wheel:
    key: str
    requirement: str
    filename: str
    sha256: str
    platform: str


@dataclass(frozen=True)
class WheelFile:
    name: str  # path relative to the models folder
    wheel: str
    path: str  # path inside the wheel
    sha256: str


@dataclass(frozen=True)
class BuiltFile:
    name: str
    sha256: str | None  # None: not byte-stable, verified by loading instead


@dataclass(frozen=True)
class Manifest:
    wheels: dict[str, Wheel]
    files: list[WheelFile]
    built: list[BuiltFile]

    def files_of(self, wheel: str) -> list[WheelFile]:
        return [f for f in self.files if f.wheel == wheel]


def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        wheels = {k: Wheel(k, w["requirement"], w["filename"], w["sha256"], w["platform"])
                  for k, w in data["wheels"].items()}
        files = [WheelFile(f["name"], f["wheel"], f["path"], f["sha256"]) for f in data["files"]]
        built = [BuiltFile(b["name"], b["sha256"]) for b in data["built"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"model manifest unreadable: {exc!r}", location=Location(str(path)),
                         fix="restore models/manifest.json from git") from None
    unknown = {f.wheel for f in files} - set(wheels)
    if unknown:
        raise ModelError(f"files name unknown wheels {sorted(unknown)}",
                         location=Location(str(path), field="files"), fix="add them to 'wheels'")
    return Manifest(wheels, files, built)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
