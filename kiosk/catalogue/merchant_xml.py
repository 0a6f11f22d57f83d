"""Merchant Center XML feed (RSS 2.0 <item> or Atom <entry>, g: namespace) → records.

Parsed with expat directly so each value keeps its line and column.  DOCTYPE
and entity declarations are refused outright: a product feed needs neither,
and they are how XML bombs and external-entity reads get in.
"""

from __future__ import annotations

from xml.parsers import expat

from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.merchant import attribute_name, items_to_source
from kiosk.catalogue.records import Cell, Source
from kiosk.errors import CatalogueError, Location

_ITEM_TAGS = {"item", "entry"}
MAX_DEPTH = 64


class _Refused(Exception):
    pass


class _FeedParser:
    def __init__(self):
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse
        self.parser.EntityDeclHandler = self._refuse
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.items: list[tuple[int, dict[str, Cell]]] = []
        self.depth = 0
        self.item_depth: int | None = None
        self.field: tuple[str, int, int] | None = None
        self.buffer: list[str] = []

    def _refuse(self, *args) -> None:
        raise _Refused()

    def _start(self, name: str, attrs) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused()
        local = name.rsplit(" ", 1)[-1]
        where = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        if self.item_depth is None and local in _ITEM_TAGS:
            self.item_depth = self.depth
            self.items.append((where[0], {}))
        elif self.item_depth is not None and self.depth == self.item_depth + 1:
            self.field, self.buffer = (attribute_name(local), *where), []
            if local == "link" and "href" in attrs:   # Atom <link href="…"/>
                self.buffer.append(attrs["href"])

    def _end(self, name: str) -> None:
        if self.field is not None and self.depth == (self.item_depth or 0) + 1:
            key, line, column = self.field
            value = "".join(self.buffer).strip()
            item = self.items[-1][1]
            if value:
                if key in item:   # repeated element, e.g. several additional_image_link
                    value = f"{item[key].value},{value}"
                item[key] = Cell(value, line, column)
            self.field = None
        if self.depth == self.item_depth:
            self.item_depth = None
        self.depth -= 1

    def _text(self, data: str) -> None:
        if self.field is not None and sum(map(len, self.buffer)) < 100_000:
            self.buffer.append(data)


def load_merchant_xml(text: str, file: str, diag: Diagnostics) -> Source:
    feed = _FeedParser()
    try:
        feed.parser.Parse(text, True)
    except _Refused:
        raise CatalogueError("the XML declares a DOCTYPE/entities or nests too deeply",
                             location=Location(file, feed.parser.CurrentLineNumber),
                             fix="export the feed again; a Merchant Center feed needs no "
                                 "DOCTYPE") from None
    except expat.ExpatError as exc:
        raise CatalogueError(f"XML: {expat.errors.messages.get(exc.code, str(exc))}",
                             location=Location(file, exc.lineno, exc.offset + 1),
                             fix="check the tags on that line are closed and '&' is "
                                 "written as &amp;") from None
    if not feed.items:
        diag.error("structure", "no <item> or <entry> elements found",
                   "a Merchant Center XML feed lists products as <item> (RSS) or <entry> (Atom)",
                   1)
    return items_to_source(feed.items, file, diag)
