"""Issue #21 findings 6 and 7: a key written twice, an empty file and a 5,000-digit number
are clear errors (file, line, key, fix) in every YAML the kiosk reads -- never a silent
override, a silent default or a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.catalogue import check_catalogue, load_text
from kiosk.catalogue.issues import CatalogueErrors
from kiosk.config import ConfigError, load_config
from kiosk.errors import CatalogueError, ScenarioError

ROOT = Path(__file__).resolve().parents[2]
HUGE = "1" * 5000
_VARIANT = "          - {size: M, gtin: '4006381333931', stock: 1, price: 5}\n"
CATALOGUE = ("styles:\n  - id: S1\n    title: Shirt\n    colourways:\n"
             "      - colour: navy\n        variants:\n" + _VARIANT)


def config_error(tmp_path: Path, text: str) -> ConfigError:
    path = tmp_path / "store.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value


@pytest.mark.parametrize("text, line, field", [
    ("store:\n  id: paris-01\nstore:\n  id: evil\n", 3, "store"),
    ("mirror:\n  id: m1\n  zone: menswear\n  id: m2\n", 4, "mirror.id"),
    ("mqtt:\n  staff:\n    - {id: a, name: Ann, name: Bob}\n", 3, "mqtt.staff[0].name"),
])
def test_a_config_key_written_twice_is_an_error(tmp_path, text, line, field):
    error = config_error(tmp_path, text)
    assert "appears twice" in error.message and error.fix
    assert (error.location.file, error.location.line, error.location.field) == (
        str(tmp_path / "store.yaml"), line, field)


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing but a comment\n"])
def test_an_empty_config_is_an_error(tmp_path, text):
    error = config_error(tmp_path, text)
    assert "empty" in error.message and "store.example.yaml" in error.fix


def test_a_5000_digit_integer_in_the_config_names_its_line_and_key(tmp_path):
    error = config_error(tmp_path, f"store:\n  id: s1\nmqtt:\n  port: {HUGE}\n")
    assert (error.location.line, error.location.field) == (4, "mqtt.port")
    assert "5000 digits" in error.message and error.fix


def test_check_config_prints_no_traceback_for_a_huge_integer(tmp_path):
    path = tmp_path / "store.yaml"
    path.write_text(f"mqtt:\n  keepalive_s: {HUGE}\n")
    result = subprocess.run([sys.executable, "-m", "kiosk", "check-config", str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{path}:2:16: mqtt.keepalive_s: number of 5000 digits" in result.stderr


def test_a_quoted_huge_integer_is_a_config_error_too(tmp_path):
    error = config_error(tmp_path, f"mqtt:\n  port: '{HUGE}'\n").errors[0]
    assert (error.location.line, error.location.field) == (2, "mqtt.port")
    assert len(str(error)) < 300 and error.fix


@pytest.mark.parametrize("text, line, key", [
    (CATALOGUE + "styles: []\n", 8, "styles"),
    (CATALOGUE.replace("price: 5}", "price: 5, price: 0.01}"), 7, "price"),
    (CATALOGUE.replace("    title: Shirt\n", "    title: Shirt\n    title: Free\n"), 4, "title"),
])
def test_a_catalogue_key_written_twice_is_an_error(text, line, key):
    with pytest.raises(CatalogueError) as caught:
        load_text(text, "c.yaml")
    error = caught.value
    assert "appears twice" in error.message and error.fix
    assert (error.location.file, error.location.line, error.location.field) == (
        "c.yaml", line, key)


@pytest.mark.parametrize("name, text", [
    ("c.csv", "style_id,title,colour,size,gtin,stock,price\n"),
    ("c.yaml", "styles: []\n"),
    ("feed.tsv", "id\ttitle\tprice\n"),
    ("products_export.csv", "Handle,Title,Variant Price\n"),
])
def test_a_catalogue_with_no_rows_is_an_error(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    catalogue, issues = check_catalogue(path)
    assert catalogue is None
    assert [(i.code, i.location.line) for i in issues if i.severity == "error"] == [("no-rows", 1)]


@pytest.mark.parametrize("name, text, line", [
    ("c.csv", f"style_id,title,colour,size,gtin,stock,price\nS1,Shirt,navy,M,,{HUGE},5\n", 2),
    ("c.yaml", CATALOGUE.replace("stock: 1", f"stock: {HUGE}"), 7),
    ("feed.tsv", f"id\ttitle\tprice\tcolor\tsize\tquantity\nS1\tShirt\t5 EUR\tnavy\tM\t{HUGE}\n",
     2),
])
def test_a_5000_digit_stock_is_an_error_with_its_line(name, text, line):
    with pytest.raises(CatalogueErrors) as caught:
        load_text(text, name)
    assert [(i.code, i.location.line, i.location.field) for i in caught.value.errors] == [
        ("stock-invalid", line, "stock")]


def test_a_scenario_step_with_a_key_written_twice_is_an_error(tmp_path):
    from kiosk.ui.scenario import load_scenario

    path = tmp_path / "s.yaml"
    path.write_text("- wait: 1\n- tap: {x: 1, y: 2, x: 3}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.location.line == 2 and "'x' appears twice" in caught.value.message


@pytest.mark.parametrize("path", sorted((ROOT / "kiosk").rglob("*.yaml")) +
                         sorted((ROOT / "config").glob("*.yaml")), ids=lambda p: p.name)
def test_every_yaml_the_kiosk_ships_has_unique_keys(path):
    from kiosk import yaml_files

    assert yaml_files.load_file(path) is not None


def test_the_shared_reader_walks_an_alias_bomb_once():
    from kiosk import yaml_files

    bomb = "a: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}]\n"
                                      for p, c in zip("abcdefghijklmnopqrs", "bcdefghijklmnopqrst", strict=True))
    assert yaml_files.compose(bomb, "bomb.yaml") is not None
