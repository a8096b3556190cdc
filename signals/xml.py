"""Safe loading of XML from outside.

``load_xml`` is the one way source modules read XML. It refuses what could make a
hostile document expensive or leaky before anything is built: input over a size
cap, any DTD (so no entity expansion, billion laughs, quadratic blowup or external
entities), nesting deeper than a cap and more elements than a cap (so memory stays
bounded: a 16 MB document of ``<a/>`` would otherwise be millions of elements).
Tags come back without namespaces (``{http://www.w3.org/2005/Atom}entry`` becomes
``entry``) so callers match on local names. Every failure is a
:class:`~signals.errors.ParseError` naming where.
"""

from __future__ import annotations

import codecs
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from signals.errors import ParseError

MAX_XML_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_ELEMENTS = 250_000
FEED_CHUNK_BYTES = 1024 * 1024

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.DOTALL)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


def decode_xml_bytes(data: bytes, *, where: str | None = None) -> str:
    """Text of an XML document, decoded as its BOM or declaration says, declaration removed.

    Bytes that are invalid in the declared encoding do not fail the document:
    UTF-8 that is not UTF-8 is read as Windows-1252 (the usual mislabel), other
    encodings replace the bad bytes with U+FFFD. An unknown encoding name is a
    :class:`ParseError`.
    """
    if data.startswith(codecs.BOM_UTF8):
        data, declared = data[len(codecs.BOM_UTF8) :], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strip_declaration(data.decode("utf-16", errors="replace"))
    else:
        declaration = _DECLARATION.match(data)
        found = _ENCODING.search(declaration.group(0)) if declaration else None
        declared = found.group(1).decode("ascii").lower() if found else "utf-8"
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise ParseError(f"unknown encoding {declared!r} in XML declaration", where=where) from None
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        raise ParseError(f"encoding {declared!r} declared without a byte order mark", where=where)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        fallback = "cp1252" if codec == "utf-8" else codec
        text = data.decode(fallback, errors="replace")
    return _strip_declaration(text)


def _strip_declaration(text: str) -> str:
    return re.sub(r"^\s*<\?xml[^>]*?\?>", "", text, count=1, flags=re.DOTALL)


def local_name(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


class _ChunkReader:
    """Hands the parser ``FEED_CHUNK_BYTES`` per read, whatever size it asks for.

    ``iterparse`` reads 16 kB at a time, and expat before 2.6 rescans a token split
    across reads from its start: one 15 MB attribute then costs ~10 s. Large chunks
    make that linear in practice while the depth and element caps still apply
    between chunks.
    """

    def __init__(self, data: bytes):
        self._stream = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(FEED_CHUNK_BYTES)


def load_xml(
    data: bytes,
    *,
    where: str | None = None,
    max_bytes: int = MAX_XML_BYTES,
    max_depth: int = MAX_DEPTH,
    max_elements: int = MAX_ELEMENTS,
) -> ET.Element:
    """Parse untrusted XML bytes into an element tree with namespace-free tags.

    Raises :class:`ParseError` when the input is larger than ``max_bytes``, empty,
    not well-formed, carries a DTD, nests deeper than ``max_depth`` or has more than
    ``max_elements`` elements.
    """
    if len(data) > max_bytes:
        raise ParseError(
            f"document is {len(data)} bytes, over the {max_bytes}-byte cap", where=where
        )
    text = decode_xml_bytes(data, where=where)
    if not text.strip():
        raise ParseError("empty document", where=where)
    if re.search(r"<!DOCTYPE|<!ENTITY", text[:4096], flags=re.IGNORECASE):
        raise ParseError("document type declarations are not accepted", where=where)
    stream = _ChunkReader(text.encode("utf-8"))
    depth = elements = 0
    root: ET.Element | None = None
    try:
        events: Iterator[tuple[str, ET.Element]] = iterparse(
            stream,
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
        for event, element in events:
            if event == "start":
                depth += 1
                elements += 1
                if depth > max_depth:
                    raise ParseError(f"elements nest deeper than {max_depth}", where=where)
                if elements > max_elements:
                    raise ParseError(f"more than {max_elements} elements", where=where)
                element.tag = local_name(element.tag) if isinstance(element.tag, str) else ""
                if root is None:
                    root = element
            else:
                depth -= 1
    except ET.ParseError as exc:
        raise ParseError(f"not well-formed XML: {exc}", where=where) from None
    except DefusedXmlException as exc:
        raise ParseError(f"unsafe XML refused: {type(exc).__name__}", where=where) from None
    except ValueError as exc:  # expat on odd input, e.g. NUL bytes in str form
        raise ParseError(f"unreadable XML: {exc}", where=where) from None
    if root is None:
        raise ParseError("no root element", where=where)
    return root


def child_text(element: ET.Element | None, *path: str) -> str | None:
    """Stripped text at ``path`` below ``element`` (local names), or None if absent or blank."""
    node = element
    for name in path:
        if node is None:
            return None
        node = node.find(name)
    if node is None:
        return None
    text = "".join(node.itertext()).strip()
    return text or None
