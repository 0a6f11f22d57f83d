"""Model files: manifest, fetch from pinned wheels, build task bundles, verify.

Nothing here runs at kiosk run time except ``models_dir`` / ``ModelPaths`` lookup:
models are fetched and built once at install (`kiosk models build`), never from a hub.
"""

from kiosk.models.paths import ModelPaths, cache_dir, default_models_dir

__all__ = ["ModelPaths", "cache_dir", "default_models_dir"]
