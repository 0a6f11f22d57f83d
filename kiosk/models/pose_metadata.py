"""Write the NormalizationOptions metadata the Tasks API needs into the legacy pose model.

The legacy ``pose_landmark_full.tflite`` has no metadata; PoseLandmarker refuses it
("requires specifying NormalizationOptions metadata").  mediapipe 1.2.2 ships the
metadata writer, but importing it fails on a missing native module used only to fill
in a minimum parser version, so we register a stand-in answering "1.0.0" first.
The result is byte-identical on every build (its sha256 is in the manifest).
"""

from __future__ import annotations

import sys
import types

_NATIVE = "mediapipe.tasks.cc.metadata.python._pywrap_metadata_version"
# Legacy output order of the BlazePose GHUM landmark model.
POSE_OUTPUTS = ("landmarks", "pose_flag", "segmentation", "heatmap", "world_landmarks")


def with_pose_metadata(model: bytes) -> bytes:
    """The model with image normalisation (RGB in [0, 1]) and output names written in."""
    writer_module = _import_metadata_writer()
    writer = writer_module.MetadataWriter.create(bytearray(model))
    writer.add_general_info("pose_landmark_full", None)
    writer.add_image_input(norm_mean=[0.0], norm_std=[255.0])
    for name in POSE_OUTPUTS:
        writer.add_feature_output(name=name)
    content, _json = writer.populate()
    del writer  # its __del__ cleans a temp dir: run it now, not at interpreter exit
    return bytes(content)


def _import_metadata_writer():
    _register_version_stand_in()
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    return metadata_writer


def _register_version_stand_in() -> None:
    if _NATIVE in sys.modules:
        return
    import mediapipe.tasks  # noqa: F401  (the real parent package must exist first)

    parent = None
    parts = _NATIVE.split(".")
    for depth in range(3, len(parts) + 1):
        name = ".".join(parts[:depth])
        module = sys.modules.get(name)
        if module is None:
            module = types.ModuleType(name)
            module.__path__ = []
            sys.modules[name] = module
        if parent is not None:
            setattr(parent, parts[depth - 1], module)
        parent = module
    parent.GetMinimumMetadataParserVersion = lambda *_args, **_kwargs: "1.0.0"
