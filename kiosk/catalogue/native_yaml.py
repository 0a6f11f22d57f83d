"""The native YAML form: strings only, line numbers kept, no aliases.

Every scalar is read as text (no YAML 1.1 surprises: ``gtin: 0123`` stays
"0123", ``size: no`` stays "no"), mappings remember each value's line and
column, a key written twice is an error (``kiosk.yaml_files.unique_keys``),
and anchors/aliases are refused (a 400-byte alias bomb expands to hundreds
of MB when walked).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml

from kiosk.catalogue.document import read_document
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Source
from kiosk.errors import CatalogueError, Location
from kiosk.yaml_files import unique_keys

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MarkedDict(dict):
    """A mapping that knows where each of its values was written."""

    marks: dict[str, tuple[int, int]]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    yaml_implicit_resolvers: dict = {}   # every plain scalar is a string

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:
            raise CatalogueError("YAML aliases (*name) are not allowed in a catalogue",
                                 location=Location(None, node.start_mark.line + 1,
                                                   node.start_mark.column + 1),
                                 fix="write the values out in full")
        return super().construct_object(node, deep=deep)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    unique_keys(node, None, CatalogueError)   # a second 'styles:' must not replace the first
    result = MarkedDict()
    result.marks = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise CatalogueError("mapping keys must be plain names",
                                 location=Location(None, key_node.start_mark.line + 1),
                                 fix="write keys such as 'title:' or 'gtin:'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.marks[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
    return result


def _construct_scalar(loader: _Loader, node: yaml.ScalarNode) -> str | None:
    value = loader.construct_scalar(node)
    if node.style is None and value in ("", "~", "null", "Null", "NULL"):
        return None
    return value


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_scalar)
_Loader.add_constructor("tag:yaml.org,2002:seq",
                        lambda loader, node: [loader.construct_object(n, deep=True)
                                              for n in node.value])


def _refuse_aliases(text: str, file: str) -> None:
    """Point at the first alias (the node check in ``_Loader`` only sees its anchor)."""
    if "&" not in text:   # no anchor, no alias: skip the extra pass
        return
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise CatalogueError("YAML aliases (*name) are not allowed in a catalogue",
                                 location=Location(file, mark.line + 1, mark.column + 1),
                                 fix="write the values out in full")


def parse_yaml(text: str, file: str) -> Any:
    try:
        _refuse_aliases(text, file)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (our strings-only safe loader)
    except CatalogueError as exc:
        raise CatalogueError(exc.message, location=replace(exc.location, file=file),
                             fix=exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CatalogueError(f"YAML syntax: {exc.problem or exc.context}",
                             location=Location(file, mark.line + 1 if mark else None,
                                               mark.column + 1 if mark else None),
                             fix="check indentation and quoting on that line") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise CatalogueError(f"YAML could not be read: {type(exc).__name__}",
                             location=Location(file), fix="check the file is YAML") from None


def load_yaml_source(text: str, file: str, diag: Diagnostics) -> Source:
    return read_document(parse_yaml(text, file), file, diag)
