"""EPUB: each chapter of the spine an article (wallabag's export: one entry a chapter).

`META-INF/container.xml` names the package (OPF), whose spine orders the
chapters; the table of contents (EPUB 3 nav or EPUB 2 NCX) gives their
titles. wallabag's own pages are skipped: the "Entry i of n" covers of its
older exports and the "Produced by wallabag" notice. Its newer exports open
each chapter with "(i/n) Title" and a list of the entry's metadata
(published by, published on, address...): those are read as the page's
hints and taken out of its text, like front matter.

The ZIP is read in memory, each member through a byte cap; a member's name
is only ever looked up in the ZIP, never used as a path. XML is parsed with
entities left unresolved, no DTD loaded and no network.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote

from lxml import etree, html

from reader.formats.archives import read_member
from reader.formats.common import (
    MAX_MEMBER_BYTES,
    Unreadable,
    names,
    one_line,
    parse_date,
    text_page,
    web_address,
)
from reader.model import ArticleError, Page, PageKind

_XML_BYTES = 4 * 2**20  # container, package, table of contents
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")
_NUMBERED = re.compile(r"^\s*(?:\(\d+\s*/\s*\d+\)|\d+\.)\s+")
_COVER = re.compile(r"^\s*entry \d+ of \d+\s*$", re.IGNORECASE)
_NOTICE_WORDS = 80
# wallabag's metadata list, by its labels (the English ones, and the words
# they are made of in other languages would need the translations).
_FIELDS = {
    "published by": "byline",
    "published on": "published",
    "address": "url",
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )


def _xml(data: bytes) -> etree._Element | None:
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def pages(path: Path, file: BinaryIO) -> Iterator[Page | Unreadable]:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ArticleError(path, "not an EPUB (not a ZIP)") from None
    with archive:
        members = {info.filename: info for info in archive.infolist() if not info.is_dir()}

        def read(name: str, cap: int) -> bytes | None:
            info = members.get(name)
            if info is None:
                return None
            try:
                return read_member(archive, info, cap)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
                return None

        container = _xml(read("META-INF/container.xml", _XML_BYTES) or b"")
        package_name = None
        if container is not None:
            package_name = next(
                (
                    element.get("full-path")
                    for element in container.iter()
                    if _local(element.tag) == "rootfile" and element.get("full-path")
                ),
                None,
            )
        package = _xml(read(package_name, _XML_BYTES) or b"") if package_name else None
        if package is None or package_name is None:
            raise ArticleError(path, "not an EPUB (no package named in META-INF/container.xml)")
        base = posixpath.dirname(package_name)
        manifest = {}
        toc_names = []
        for element in package.iter():
            if _local(element.tag) == "item" and element.get("id") and element.get("href"):
                name = _join(base, element.get("href") or "")
                manifest[element.get("id")] = (name, (element.get("media-type") or "").lower())
                if "nav" in (element.get("properties") or "").split() or (
                    element.get("media-type") == "application/x-dtbncx+xml"
                ):
                    toc_names.append(name)
        labels: dict[str, str] = {}
        for name in toc_names:
            labels.update(_labels(read(name, _XML_BYTES) or b"", posixpath.dirname(name)))
        spine = [
            element.get("idref")
            for element in package.iter()
            if _local(element.tag) == "itemref" and element.get("linear", "yes") != "no"
        ]
        number = 0
        for idref in spine:
            name, media = manifest.get(idref or "", ("", ""))
            if not name or media not in _CHAPTER_TYPES or name in toc_names:
                continue
            label = labels.get(name)
            if label and _COVER.match(label):
                continue
            if name.startswith(("../", "/")) or name == "..":
                number += 1
                yield Unreadable(number, f"chapter {number}: its name points outside the book")
                continue
            data = read(name, MAX_MEMBER_BYTES)
            if data is None:
                number += 1
                yield Unreadable(number, f"chapter {number} ({name}): missing or too large")
                continue
            chapter = _chapter(path, data, label)
            if chapter is None:
                continue  # wallabag's own page
            number += 1
            if isinstance(chapter, str):
                yield Unreadable(number, f"chapter {number}: {chapter}")
                continue
            yield chapter.with_place(number)


def _join(base: str, href: str) -> str:
    """A manifest's href as the ZIP name it stands for (only ever looked up)."""
    href = unquote(href.split("#", 1)[0])
    return posixpath.normpath(posixpath.join(base, href)) if base else posixpath.normpath(href)


def _labels(data: bytes, base: str) -> dict[str, str]:
    """Chapter names to their titles, from an EPUB 3 nav or an EPUB 2 NCX."""
    root = _xml(data)
    if root is None:
        return {}
    labels: dict[str, str] = {}
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "a" and element.get("href"):  # nav.xhtml
            text = one_line("".join(element.itertext()))
            if text:
                labels.setdefault(_join(base, element.get("href") or ""), text)
        elif tag == "navPoint":  # toc.ncx
            label = next((e for e in element.iter() if _local(e.tag) == "text"), None)
            content = next((e for e in element.iter() if _local(e.tag) == "content"), None)
            if label is not None and content is not None and content.get("src"):
                text = one_line("".join(label.itertext()))
                if text:
                    labels.setdefault(_join(base, content.get("src") or ""), text)
    return labels


class _Chapter:
    """A chapter read, before its place is known."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def with_place(self, number: int) -> Page:
        from dataclasses import replace

        return replace(self.page, member=number, unit="chapter")


def _chapter(path: Path, data: bytes, label: str | None) -> _Chapter | str | None:
    """A chapter as a page (with the hints wallabag's metadata list gives);
    None for wallabag's own pages; a reason if it cannot be read."""
    try:
        root = html.fromstring(data, parser=html.HTMLParser(no_network=True, huge_tree=False))
    except (etree.ParserError, ValueError):
        return "not XHTML"
    text = " ".join(root.text_content().split())
    if not text:
        return None  # an image, a blank page
    if len(text.split()) < _NOTICE_WORDS and "wallabag" in text.lower():
        return None  # "Produced by wallabag with PHPePub", a cover
    hints: dict[str, Any] = {}
    changed = False
    for heading in root.iter("h1"):
        heading_text = one_line(heading.text_content()) or ""
        if _NUMBERED.match(heading_text):  # "(3/12) Title": the export's numbering
            hints["title"] = _NUMBERED.sub("", heading_text)
            heading.drop_tree()
            changed = True
        break
    listing = next(iter(root.iter("dl")), None)
    if listing is not None:
        fields = _fields(listing)
        if fields:
            hints.update(fields)
            listing.drop_tree()
            changed = True
    if "title" not in hints and label:
        hints["title"] = _NUMBERED.sub("", label)
    body = html.tostring(root, encoding="utf-8") if changed else data
    try:
        return _Chapter(text_page(path, PageKind.HTML, body, ident_of=data, **hints))
    except ArticleError as error:
        return error.reason


def _fields(listing: etree._Element) -> dict[str, object]:
    """wallabag's `<dl>` of an entry's metadata, as hints."""
    found: dict[str, object] = {}
    term = None
    for element in listing:
        tag = _local(element.tag).lower()
        value = one_line(element.text_content() if hasattr(element, "text_content") else "")
        if tag == "dt":
            term = (value or "").lower().rstrip(":")
        elif tag == "dd" and term in _FIELDS and value:
            field = _FIELDS[term]
            if field == "published":
                date = parse_date(value)
                if date:
                    found[field] = date
            elif field == "url":
                address = web_address(value)
                if address:
                    found[field] = address
            else:
                byline = names(value)
                if byline:
                    found[field] = byline
    return found
