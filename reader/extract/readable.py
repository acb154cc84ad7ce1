"""readability-lxml, at less cost: its own code, with the needless work taken out.

Readability's scoring is pure Python over every element of the page, and most
of its time goes on work that gives nothing: every text length is measured by
three regular-expression substitutions (`clean`), again and again for the same
element; every `<div>`'s children are serialised to look for block tags in
the markup; every log message is formatted, with a description of its
element, though nothing is logged. So `Readable` runs readability's own
methods (the same code objects, bound to a copy of its module's globals) with:

- `text_length` measured in one pass (`len(" ".join(text.split()))`, which is
  the length `clean` gives whenever the only white space is spaces, tabs and
  newlines; otherwise `clean` itself), and remembered per element while
  paragraphs are scored (the tree does not change meanwhile);
- the log descriptions made empty (nothing reads them);
- `remove_unlikely_candidates` looking only at elements with a class or an id
  (the others cannot match), and `transform_misused_divs_into_paragraphs`
  asking libxml2 (XPath) which `<div>`s hold a block element, rather than
  serialising their children: the same answer;
- the page parsed with the huge option (`tame.parse`) and cleaned in lxml's C
  code (scripts, styles, links, comments and processing instructions out,
  style attributes too, as readability's cleaner does), without readability's
  javascript-link pass and its copy of the tree; `<template>` and `<noscript>`
  (inert markup, and what readability drops itself) are taken out before any
  scoring. (Not `<svg>`: its `<path>`s count as "<p" for readability, and
  taking them out changes its choices.)

Readability's choices are its own. On top of them, lists and tables that its
cleaning drops from inside the article are put back where they stood (folding
decides what is furniture, not dropping), unless they are lists of links; and
a page-wide `<form>` (ASP.NET wraps every page in one) is read as the page it
is, not dropped as a form.
The page's metadata is read from the first parse, before it is taken apart.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
import threading
import types
from collections.abc import Iterable
from typing import Any

import readability.readability as _readability
from lxml import etree
from lxml.html import fragment_fromstring
from readability import Document
from readability.readability import REGEXES

from reader.extract.meta import PageMeta, meta_of
from reader.extract.tame import parse, too_deep

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

# A run of white space long enough for `clean` to cut it first (to 255 spaces,
# then one): looked for from the start of each run only, so the search stays linear.
_LONG_SPACE = re.compile(r"(?<!\s)\s{255}")
_LONG_RUN = re.compile(r"\s{255,}")
_TAB_OR_RUN = re.compile(r"\t|[ \t]{2,}")
_local = threading.local()


def _clean(text: str) -> str:
    """readability's `clean`, line by line with str methods rather than by
    three substitutions over the whole text: the same string (a run of white
    space around a newline is that newline; within a line a tab is a space,
    and so is a longer run of spaces, with the tabs after them)."""
    if len(text) >= 255 and _LONG_SPACE.search(text) is not None:
        text = _LONG_RUN.sub(" ", text)
    return _cleaned(text)


def _cleaned(text: str) -> str:
    if "\n" not in text:
        return _clean_line(text)
    return "\n".join(line for line in map(_clean_line, text.split("\n")) if line)


def _clean_line(line: str) -> str:
    line = line.strip()
    if "\t" in line:
        return _TAB_OR_RUN.sub(" ", line)
    while "  " in line:
        line = line.replace("  ", " ")
    return line


def _clean_length(text: str) -> int:
    """`len(clean(text))`: a run of 255 or more is one character either way (a
    space where `clean` cuts it first, a newline or a space where it does not),
    so it needs no looking for."""
    return len(_cleaned(text))


def _text_length(element: Any) -> int:
    lengths: dict[Any, int] | None = getattr(_local, "lengths", None)
    if lengths is None:
        return _clean_length(element.text_content() or "")
    found = lengths.get(element)
    if found is None:
        found = lengths[element] = _clean_length(element.text_content() or "")
    return found


def _nothing(*args: Any, **kwargs: Any) -> str:
    return ""


_SILENT = logging.getLogger("reader.extract.readable.silent")
_SILENT.disabled = True
_GLOBALS = dict(vars(_readability))
_GLOBALS.update(
    clean=_clean, text_length=_text_length, describe=_nothing, text_content=_nothing, log=_SILENT
)


def _rebound(function: types.FunctionType) -> types.FunctionType:
    """`function`'s own code, reading `_GLOBALS` for readability's module."""
    copy = types.FunctionType(
        function.__code__, _GLOBALS, function.__name__, function.__defaults__, function.__closure__
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy


class _Rebound(Document):
    """readability-lxml's Document, every method its own code (see `_rebound`)."""


for _name, _value in list(vars(Document).items()):
    if isinstance(_value, types.FunctionType):
        setattr(_Rebound, _name, _rebound(_value))

# The tags readability's divToPElementsRe finds in a <div>'s markup ("<p" is
# also "<pre", "<param", "<path"...): a <div> holding none becomes a <p>.
_BLOCK_NAMES = ("blockquote", "dl", "div", "img", "ol", "p", "table", "ul")
# readability's unlikely-candidate pattern matched in lower case (which for
# ASCII is what ignoring case does, ten times faster); anything else is left to
# the pattern itself.
_UNLIKELY_LOWER = re.compile(REGEXES["unlikelyCandidatesRe"].pattern.lower())


def unlikely_candidate(element: Any) -> bool:
    """readability's unlikely-candidate test on an element's class and id: a
    class or id that says comments, sidebar, footer, menu, sponsor... (and not
    article, body, content, main...); never `<html>` or `<body>`."""
    if element.tag in ("html", "body"):
        return False
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return (
        len(marks) >= 2
        and _unlikely(marks)
        and REGEXES["okMaybeItsACandidateRe"].search(marks) is None
    )


@functools.lru_cache(maxsize=4096)  # a site repeats its classes on every element
def _unlikely(marks: str) -> bool:
    if marks.isascii():
        return _UNLIKELY_LOWER.search(marks.lower()) is not None
    return REGEXES["unlikelyCandidatesRe"].search(marks) is not None


_INLINE = frozenset("a b cite code em font i small span strong sub sup u".split())
# Never taken for an unlikely candidate, whatever their class says.
_KEPT = frozenset(("pre", "code", "main", "article", "math", "blockquote"))
_UNSCORED = ("template", "noscript")
_CLEANED = ("script", "style", "link", "rt", "rp", etree.Comment, etree.ProcessingInstruction)
_RESTORABLE = ("ul", "ol", "dl", "table")
# A dropped list is put back unless links are more than this share of its text:
# what readability drops even from its best-weighted elements.
_LIST_LINKS = 0.5
# A form holding more than this share of the page's text is the page's frame.
PAGE_WIDE = 0.5


def unwrap_page_form(root: Any) -> None:
    """A `<form>` that holds most of the page's text is the page's frame (ASP.NET
    wraps the whole body in one, for its `__VIEWSTATE`), not a form: it becomes
    a `<div>`, so that neither readability's cleaning nor the fallback takes
    the article out with it. A search box or a comment form stays a form."""
    forms = list(root.iter("form"))
    if not forms:
        return
    body = root.find(".//body")
    total = len((body if body is not None else root).text_content())
    for form in forms:
        if total and len(form.text_content()) > PAGE_WIDE * total:
            form.tag = "div"


def _clean_tree(tree: Any) -> None:
    """What readability-lxml's `_parse` does before scoring, in lxml's C code:
    hidden elements out, then scripts, styles, links, comments and processing
    instructions, and style attributes (its cleaner, but for javascript: links)."""
    for element in tree.xpath("//*[@hidden]"):
        element.drop_tree()
    for element in tree.xpath("//*[@style]"):
        if REGEXES["displayNoneRe"].search(element.get("style")):
            element.drop_tree()
    for element in tree.iter("image"):
        element.tag = "img"
    etree.strip_elements(tree, *_CLEANED, with_tail=False)
    etree.strip_attributes(tree, "style")


def _prune(tree: Any) -> None:
    etree.strip_elements(tree, *_UNSCORED, with_tail=False)
    unwrap_page_form(tree)


class Readable(_Rebound):
    """readability-lxml's Document (see the module's docstring)."""

    meta: PageMeta | None = None
    too_deep: bool = False
    # The page as first parsed and cleaned, before readability takes it apart.
    page: Any | None = None

    def _parse(self, input: str) -> Any:
        tree, self.encoding = parse(input), None
        self.too_deep = self.too_deep or too_deep()
        _clean_tree(tree)
        if self.meta is None:
            self.meta = meta_of(tree, input)
        _prune(tree)
        if self.page is None:
            self.page = copy.deepcopy(tree)
        return tree

    def score_paragraphs(self) -> Any:
        _local.lengths = {}
        try:
            return super().score_paragraphs()
        finally:
            _local.lengths = None

    def remove_unlikely_candidates(self) -> None:
        # readability's own test; an element with neither class nor id never passes it.
        for element in self.html.xpath(".//*[@class or @id]"):
            if (
                unlikely_candidate(element)
                # A quote is the article's, whatever it is marked (an embedded
                # post: <blockquote class="twitter-tweet">), as Readability.js has it.
                and element.tag not in _KEPT
                # ancestor-or-self::pre|code, descendant-or-self::main|article|math,
                # asked of lxml's C iterators, which stop at the first found
                and next(element.iterancestors("pre", "code"), None) is None
                and next(element.iterdescendants("main", "article", "math"), None) is None
            ):
                element.drop_tree()

    def transform_misused_divs_into_paragraphs(self) -> None:
        # readability's own steps. A <div>'s descendants are still as parsed when
        # its turn comes (they follow it), and no step changes whether an element
        # holds a block element, so that is found once, for every element.
        holding = _holding_blocks(self.html)
        for element in self.html.findall(".//div"):
            if element not in holding:
                element.tag = "p"
        for element in self.html.findall(".//div"):
            children = list(element)
            paragraph = None
            if element.text and element.text.strip():
                paragraph = fragment_fromstring("<p/>")
                paragraph.text, element.text = element.text, None
                element.insert(0, paragraph)
            for child in children:
                if child.tag == "br":
                    paragraph = None
                    continue
                if child.tag not in _INLINE or child in holding:
                    paragraph = None
                    continue
                if paragraph is None:
                    paragraph = fragment_fromstring("<p/>")
                    child.addprevious(paragraph)
                paragraph.append(child)
            for position, child in reversed(list(enumerate(element))):
                if child.tail and child.tail.strip():
                    tail = fragment_fromstring("<p/>")
                    tail.text, child.tail = child.tail, None
                    element.insert(position + 1, tail)
                if child.tag == "br":
                    child.drop_tree()

    def sanitize(self, node: Any, candidates: Any, keep_all_images: bool = False) -> str:
        places = [
            (element, element.getparent(), element.getprevious())
            for element in node.iter(*_RESTORABLE)
        ]
        cleaned: str = super().sanitize(node, candidates, keep_all_images)
        restored = False
        for element, parent, previous in places:  # in document order: outer lists first
            if element.getparent() is not None or parent is None or not _inside(parent, node):
                continue
            if len(element.text_content().strip()) < 25:
                continue
            if _link_share(element) > _LIST_LINKS:
                continue
            if previous is not None and previous.getparent() is parent:
                previous.addnext(element)
            else:
                parent.insert(0, element)
            restored = True
        return self.get_clean_html() if restored else cleaned


def ancestors_of(elements: Iterable[Any]) -> set[Any]:
    """Every element that holds one of `elements` (one pass: a walk up stops
    at an element already found)."""
    holding: set[Any] = set()
    for element in elements:
        parent = element.getparent()
        while parent is not None and parent not in holding:
            holding.add(parent)
            parent = parent.getparent()
    return holding


def _holding_blocks(root: Any) -> set[Any]:
    """The elements under `root` that hold an element of `_BLOCK_NAMES`."""
    return ancestors_of(
        e for e in root.iter() if isinstance(e.tag, str) and e.tag.lower().startswith(_BLOCK_NAMES)
    )


def _link_share(element: Any) -> float:
    text = len(element.text_content())
    links = sum(len(a.text_content()) for a in element.iter("a"))
    return links / text if text else 1.0


def _inside(element: Any, root: Any) -> bool:
    return element is root or any(ancestor is root for ancestor in element.iterancestors())
