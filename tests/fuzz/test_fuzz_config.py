"""The store config is typed by installers: any bytes give a StoreConfig or ConfigErrors
naming the file (and, where known, the line and key) with a fix -- never a traceback."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import MAX_CONFIG_BYTES, ConfigError, StoreConfig, load_config

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((REPO / "config" / "store.example.yaml").read_text())
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=80),
                    st.lists(st.text(max_size=10), max_size=3))
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(path: Path) -> None:
    try:
        config = load_config(path)
    except ConfigError as exc:
        errors = getattr(exc, "errors", [exc])
        assert errors and all(e.location is not None and e.location.file == str(path) for e in errors)
        assert all(e.fix for e in errors), [str(e) for e in errors]
        return
    assert isinstance(config, StoreConfig)


@SETTINGS
@given(raw=st.binary(max_size=3000))
def test_any_bytes(tmp_path, raw):
    path = tmp_path / "store.yaml"
    path.write_bytes(raw)
    check(path)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("abc:-_ \n\t[]{}&*!|>'\"#0123456789.%@,?")),
                    max_size=400))
def test_yaml_shaped_text(tmp_path, text):
    path = tmp_path / "store.yaml"
    path.write_text(text)
    check(path)


@st.composite
def mutated_example(draw):
    """The example config with random values put at random known keys (and some unknown)."""
    config = {section: dict(values) if isinstance(values, dict) else values
              for section, values in EXAMPLE.items()}
    for _ in range(draw(st.integers(1, 6))):
        section = draw(st.sampled_from(sorted(config)))
        if isinstance(config[section], dict) and config[section] and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(config[section])) | st.text(min_size=1, max_size=8))
            config[section][key] = draw(SCALARS)
        else:
            config[section] = draw(SCALARS)
    return config


@SETTINGS
@given(config=mutated_example())
def test_mutated_valid_config(tmp_path, config):
    path = tmp_path / "store.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    check(path)


def test_yaml_alias_bomb_and_oversized_files_are_refused_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb)
    check(path)
    path.write_bytes(b"# " + b"x" * MAX_CONFIG_BYTES)
    check(path)


def test_inputs_the_atheris_runs_found_stay_fixed():
    found = sorted((REPO / "fuzz" / "regressions" / "config").iterdir())
    assert found
    for path in found:
        check(path)
