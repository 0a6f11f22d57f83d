"""The contract holds together: every topic has a handler, docs/mqtt.md is generated from
the table, and every documented example parses with its payload model."""

import importlib
from pathlib import Path

import pytest

from kiosk.messaging import docs, topics
from kiosk.messaging.payloads import MODELS, parse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("spec", topics.TOPICS, ids=lambda s: s.name)
def test_every_topic_has_a_handler(spec):
    assert spec.handler, f"{spec.name} has no handler"
    if spec.handler.startswith("external: "):
        assert not spec.reader.startswith("mirror"), "topics the kiosk reads need our handler"
        return
    module_name, _, path = spec.handler.partition(":")
    target = importlib.import_module(module_name)
    for part in path.split("."):
        target = getattr(target, part)
    assert callable(target)


@pytest.mark.parametrize("spec", [s for s in topics.TOPICS if s.payload in MODELS], ids=lambda s: s.name)
def test_documented_examples_parse(spec):
    example = docs.EXAMPLES[spec.name]
    assert parse(spec.payload, example).model_dump(mode="json", exclude_none=True).items() >= {
        k: v for k, v in example.items() if k in MODELS[spec.payload].model_fields}.items()


def test_docs_mqtt_md_is_generated_from_the_table():
    committed = (ROOT / "docs" / "mqtt.md").read_text(encoding="utf-8")
    assert committed == docs.render(), "run: python -m kiosk.messaging.docs > docs/mqtt.md"


def test_every_topic_appears_in_the_docs_with_an_example():
    text = docs.render()
    for spec in topics.TOPICS:
        assert f"### `{spec.name}`" in text and docs.example_topic(spec) in text
