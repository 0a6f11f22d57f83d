"""`kiosk models verify`: every file present with its pinned sha256; the ONNX model loads."""

from __future__ import annotations

from pathlib import Path

from kiosk.models.manifest import Manifest, sha256_of

ONNX_INPUT_SHAPE = [1, 3, 128, 128]
ONNX_OUTPUTS = {"regressors": [1, 896, 16], "classificators": [1, 896, 1]}


def verify_models(manifest: Manifest, root: Path) -> list[str]:
    """Problems found, one readable line each; an empty list means all good."""
    problems = []
    pinned = [(f.name, f.sha256) for f in manifest.files]
    pinned += [(b.name, b.sha256) for b in manifest.built]
    for name, sha256 in pinned:
        path = root / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif sha256 is not None and sha256_of(path) != sha256:
            problems.append(f"{path}: sha256 does not match the manifest")
    onnx_path = root / "face_detection_short_range.onnx"
    if onnx_path.is_file():
        problem = check_onnx_face_detector(onnx_path)
        if problem:
            problems.append(f"{onnx_path}: {problem}")
    return problems


def check_onnx_face_detector(path: Path) -> str | None:
    """None if the converted detector loads with the expected inputs/outputs, else why not."""
    import onnxruntime as ort

    try:
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors for corrupt files
        return f"does not load in onnxruntime ({exc.__class__.__name__})"
    inputs = [list(i.shape) for i in session.get_inputs()]
    outputs = {o.name: list(o.shape) for o in session.get_outputs()}
    if inputs != [ONNX_INPUT_SHAPE] or outputs != ONNX_OUTPUTS:
        return f"unexpected tensors: inputs {inputs}, outputs {outputs}"
    return None
