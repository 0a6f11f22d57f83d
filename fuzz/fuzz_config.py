"""atheris: the store config loader on arbitrary bytes (kiosk.config.load_config)."""

import os
import tempfile

from _harness import run

PATH = os.path.join(tempfile.mkdtemp(prefix="fuzz-config-"), "store.yaml")


def target(data: bytes) -> None:
    from kiosk.config import load_config
    with open(PATH, "wb") as handle:
        handle.write(data)
    load_config(PATH)


if __name__ == "__main__":
    run(target, ("kiosk.config", "yaml"))
