"""Every YAML file the kiosk reads goes through here: safe types, unique keys, sane numbers.

PyYAML keeps the *last* of two equal keys without a word: a second ``store:``
replaced the store id and a second ``styles: []`` emptied a catalogue while the
checks said OK (issue #21).  It also hands a 5,000-digit integer to ``int()``,
which raises past 4,300 digits, and that escaped as a traceback.  ``compose``
refuses both with the file, line and key; ``unique_keys`` is the same rule for
loaders that build their own objects (the catalogue's strings-only loader).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kiosk.errors import ConfigError, KioskError, Location

# No setting or data value needs more digits; past 4,300 int() itself gives up.
MAX_INT_DIGITS = 100
_INT_TAG = "tag:yaml.org,2002:int"


def compose(text: str, file: str, error: type[KioskError] = ConfigError) -> yaml.Node | None:
    """The node tree of ``text``; a repeated key or an oversized integer raises ``error``."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is not None:
        check_tree(node, file, error)
    return node


def construct(node: yaml.Node | None) -> Any:
    """Plain Python values (safe tags only) of a tree ``compose`` accepted."""
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_file(path: Path, error: type[KioskError] = ConfigError) -> Any:
    """A YAML data file shipped with the kiosk (colour names, strings): values, checked."""
    return construct(compose(path.read_text(encoding="utf-8"), str(path), error))


def check_tree(root: yaml.Node, file: str, error: type[KioskError]) -> None:
    """Walk every node once (an alias is not walked again: no blow-up on alias bombs)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, field = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            unique_keys(node, file, error, field)
            stack.extend((value, _join(field, key)) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, f"{field}[{i}]") for i, value in enumerate(node.value))
        elif node.tag == _INT_TAG and len(node.value) > MAX_INT_DIGITS:
            raise error(f"number of {len(node.value)} digits is too long",
                        location=Location(file, node.start_mark.line + 1,
                                          node.start_mark.column + 1, field or None),
                        fix="write the value within the range this setting allows")


def unique_keys(node: yaml.MappingNode, file: str | None, error: type[KioskError],
                field: str = "") -> None:
    """Raise ``error`` at the second of two equal plain keys in one mapping."""
    first: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue   # a complex key: the caller's own rules refuse or allow it
        line = key.start_mark.line + 1
        if key.value in first:
            raise error(f"key {key.value!r} appears twice (first on line {first[key.value]}); "
                        "YAML would silently keep only the last one",
                        location=Location(file, line, key.start_mark.column + 1,
                                          _join(field, key)),
                        fix="delete one of the two, or merge what they hold into one")
        first[key.value] = line


def _join(field: str, key: yaml.Node) -> str:
    name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
    return f"{field}.{name}" if field else name
