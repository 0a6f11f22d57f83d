from pathlib import Path

import pytest

from kiosk.config import ConfigErrors, StoreConfig, load_config
from kiosk.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "store.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_example_and_demo_configs_are_valid():
    for name in ("store.example.yaml", "demo.yaml"):
        config = load_config(ROOT / "config" / name)
        assert isinstance(config, StoreConfig)
    assert load_config(ROOT / "config" / "demo.yaml").mirror.display_mode == "digital"


def test_typo_and_wrong_type_are_both_reported_with_lines(tmp_path):
    path = write(tmp_path, "mirror:\n  id: m1\n  zoen: shoes\ncamera:\n  fps: fast\n")
    with pytest.raises(ConfigErrors) as caught:
        load_config(path)
    errors = {e.location.field: e for e in caught.value.errors}
    assert set(errors) == {"mirror.zoen", "camera.fps"}
    assert errors["mirror.zoen"].location.line == 3
    assert "did you mean 'zone'" in errors["mirror.zoen"].fix
    assert errors["camera.fps"].location.line == 5
    assert errors["camera.fps"].fix == "write a number"


def test_forget_time_can_never_exceed_thirty_seconds(tmp_path):
    with pytest.raises(ConfigErrors, match="at most 30"):
        load_config(write(tmp_path, "privacy:\n  forget_after_s: 31\n"))


@pytest.mark.parametrize("text, line", [
    ("store:\n  id: x\n bad: [\n", 3),
    (b"store:\n  name: caf\xe9\n", 2),
])
def test_unreadable_files_name_the_line(tmp_path, text, line):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert caught.value.location.line == line


def test_yaml_alias_bombs_are_refused(tmp_path):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(ConfigError, match="aliases"):
        load_config(write(tmp_path, bomb))


def test_oversized_and_missing_files(tmp_path):
    with pytest.raises(ConfigError, match="larger than"):
        load_config(write(tmp_path, "#" * 300_000))
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_paths_resolve_relative_to_the_config_file():
    config = load_config(ROOT / "config" / "demo.yaml")
    assert config.resolve(config.vision.models_dir) == ROOT / "config" / ".." / "models" / "build"
