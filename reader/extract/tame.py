"""Tame a page for libxml2: the shapes of markup that make it slow or blind.

libxml2 (under lxml, readability and BeautifulSoup) compares each attribute of
a tag with every one before it, so one tag with 100,000 attributes takes
minutes; and past a nesting depth (256 levels, 2,048 with its "huge" option)
it stops with the page half read and says nothing. So:

- `tame` shortens every tag longer than `HUGE_TAG` characters to its bare
  name before parsing. Such a tag is an attribute flood or a SingleFile save's
  data: URI; nothing a reader shows is in its attributes. And libxml2 ends
  the document at its first `</html>`, dropping the rest without a word: a
  file that holds more than one document (a page saved with another inside
  it, a capture wrapped around the page) loses all but the first. So where
  anything but white space and comments follows the first `</html>`, the
  `</html>` end tags are taken out, and the file is read whole, as a browser
  reads it.
- `parse` uses lxml's HTML parser with the huge option, so a 20 MB text node
  or a page nested 300 deep is read whole; `too_deep` says whether it gave up.
- `flatten` takes out the tags that open deeper than a limit, keeping all the
  text, for a page that nests deeper than a parser (or the walk over its tree)
  can go.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import lxml.html
from lxml import etree

HUGE_TAG = 8192
# Deep enough for any real page; shallow enough for libxml2 and for the
# recursive walks over a tree (two Python frames a level).
FLATTEN_DEPTH = 160


# The name possessive: a short tag fails at once rather than after 40 retries.
_HUGE_TAG = re.compile(rf"<([a-zA-Z][^\s/<>]{{0,40}}+)[^<>]{{{HUGE_TAG},}}>")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,40})\b[^<>]*?(/?)>")
_HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
# Elements that never hold others, or whose end tag may be left out: they are
# passed through and do not count towards the depth.
_UNCOUNTED = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rp rt "
    "html head body".split()
)
# How far down the open elements an end tag looks for its start tag.
_MATCH_REACH = 64


def tame(page_html: str) -> str:
    """The page with its huge tags cut down to their names, and read on past
    its first `</html>` if more follows."""
    page_html = _read_on(page_html)
    if len(page_html) < HUGE_TAG:
        return page_html
    return _HUGE_TAG.sub(r"<\1>", page_html)


def _read_on(page_html: str) -> str:
    end = _HTML_END.search(page_html)
    if end is None or not _COMMENT.sub("", page_html[end.end() :]).strip():
        return page_html
    return _HTML_END.sub("", page_html)


class TooDeep(Exception):
    """The page nests deeper than the parser (or a walk over the tree) can go."""


# A parser is not for two threads at once; its error log tells of its last parse.
_local = threading.local()


def _parser() -> Any:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.HTMLParser(encoding="utf-8", huge_tree=True)
        # lxml.html's elements, found in C: lxml.html's own parser asks a Python
        # function for every element's class (forms and inputs get their own),
        # which nothing here uses.
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=lxml.html.HtmlElement,
                comment=lxml.html.HtmlComment,
                pi=lxml.html.HtmlProcessingInstruction,
                entity=lxml.html.HtmlEntity,
            )
        )
    return parser


def parse(page_html: str) -> Any:
    """The page as an lxml tree, with the huge option on. Raises lxml's
    ParserError for a page with no document in it."""
    return lxml.html.document_fromstring(page_html.encode("utf-8", "replace"), parser=_parser())


def too_deep() -> bool:
    """Whether the last `parse` in this thread stopped at the nesting limit."""
    return any("Excessive depth" in entry.message for entry in _parser().error_log)


def flatten(page_html: str, limit: int = FLATTEN_DEPTH) -> str:
    """The page without the tags that open more than `limit` elements deep
    (and without their end tags): the same text, in no deeper a tree."""
    open_tags: list[tuple[str, bool]] = []  # (name, taken out)

    def visit(match: re.Match[str]) -> str:
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _UNCOUNTED or self_closing:
            return match.group(0)
        if not closing:
            dropped = len(open_tags) >= limit
            open_tags.append((name, dropped))
            return "" if dropped else match.group(0)
        for back in range(len(open_tags) - 1, max(len(open_tags) - _MATCH_REACH, 0) - 1, -1):
            if open_tags[back][0] == name:
                dropped = open_tags[back][1]
                del open_tags[back:]
                return "" if dropped else match.group(0)
        return match.group(0)  # a stray end tag: the parser ignores it anyway

    return _TAG.sub(visit, page_html)
