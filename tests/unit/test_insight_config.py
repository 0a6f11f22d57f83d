"""The store config's insight section: strict, with file:line errors and a fix."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigErrors, load_config


def test_example_config_has_a_valid_insight_section():
    config = load_config("config/store.example.yaml")
    assert config.insight.timezone == "Europe/Paris"
    assert config.insight.manager_pin_file.endswith("manager.pin")


@pytest.mark.parametrize(("line", "field", "words"), [
    ("  timezone: Mars/Base", "insight.timezone", "IANA"),
    ("  ha_prefix: a/b", "insight.ha_prefix", "pattern"),
    ("  retention_days: 0", "insight.retention_days", "greater than or equal"),
    ("  staff_names: true", "insight.staff_names", "unknown key"),
])
def test_bad_insight_values_name_file_line_and_field(tmp_path, line, field, words):
    path = tmp_path / "store.yaml"
    path.write_text(f"store: {{id: s1}}\ninsight:\n{line}\n")
    _assert_one_error(path, field, words)


def test_the_stores_time_zone_is_a_checked_store_key(tmp_path):
    path = tmp_path / "store.yaml"
    path.write_text("store:\n  id: s1\n  timezone: Europe/Paris\n")
    assert load_config(path).timezone == "Europe/Paris"
    path.write_text("store:\n  id: s1\n  timezone: Paris\n")
    _assert_one_error(path, "store.timezone", "IANA")


def _assert_one_error(path, field, words):
    with pytest.raises(ConfigErrors) as err:
        load_config(path)
    (error,) = err.value.errors
    assert error.location.file == str(path) and error.location.line == 3
    assert error.location.field == field and words in str(error) and error.fix
