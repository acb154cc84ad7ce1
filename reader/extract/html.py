"""HTML to blocks: readability-lxml finds the article, BeautifulSoup walks it.

The walk keeps the shape readers care about (headings, paragraphs, quotes,
list items, captions, preformatted text) and turns everything else into plain
text. Nothing in the markup is executed or fetched: scripts, styles, images and
embeds contribute no text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from lxml.etree import ParserError
from lxml_html_clean import Cleaner
from readability import Document
from readability.readability import REGEXES, Unparseable

from reader.extract.meta import PageMeta, meta_of, read_meta
from reader.extract.tame import TooDeep, parse, too_deep
from reader.model import Block, BlockKind
from reader.sanitize import clean

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP = frozenset(
    "script style noscript template head title svg iframe object embed canvas video audio "
    "picture source track img input select textarea button map area meta link".split()
)
_CONTAINERS = frozenset(
    "html body div section article main header footer aside nav figure ul ol dl menu table "
    "thead tbody tfoot form fieldset details summary center address hgroup legend dir".split()
)
_KIND_OF = {
    "p": BlockKind.PARAGRAPH,
    "dt": BlockKind.PARAGRAPH,
    "dd": BlockKind.PARAGRAPH,
    "tr": BlockKind.PARAGRAPH,
    "blockquote": BlockKind.QUOTE,
    "li": BlockKind.LIST_ITEM,
    "figcaption": BlockKind.CAPTION,
    "caption": BlockKind.CAPTION,
    "pre": BlockKind.PREFORMATTED,
}
_LISTS = frozenset(("ul", "ol", "menu", "dir"))
# Page furniture dropped when the whole page has to stand in for the article.
_FURNITURE = ("nav", "header", "footer", "aside", "form")
# A header or footer inside one of these is that part's own (its heading, its
# byline), not the site's.
_SECTIONING = ("article", "section", "main")
# Runs of white space, but a lone space (which is left as it is: most of them).
_SPACE = re.compile(r" [ \t\r\n\f\v\u00a0]+|[\t\r\n\f\v\u00a0][ \t\r\n\f\v\u00a0]*")


@dataclass(slots=True)
class _Walker:
    """Collects blocks from a tree; the innermost block context decides the kind."""

    blocks: list[Block] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)  # items seen per <ol>
    prefix: str = ""  # an ordered item's number, for the first block of that item

    def flush(self, kind: BlockKind, level: int) -> None:
        if not self.buffer:
            return
        raw = "".join(self.buffer)
        self.buffer.clear()
        if kind is BlockKind.PREFORMATTED:
            text = clean(raw).strip("\n")
        else:
            lines = (_SPACE.sub(" ", line).strip() for line in clean(raw).split("\n"))
            text = "\n".join(line for line in lines if line)
        if text.strip():
            self.blocks.append(Block(kind, self.prefix + text, level))
            self.prefix = ""

    def walk(self, node: Tag, kind: BlockKind, level: int, list_depth: int) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                text = str(child)
                self.buffer.append(
                    text if kind is BlockKind.PREFORMATTED else _SPACE.sub(" ", text)
                )
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _SKIP:
                continue
            if name == "br":
                self.buffer.append("\n")
            elif name in ("td", "th"):
                if self.buffer and "".join(self.buffer).strip():
                    self.buffer.append(" | ")
                self.walk(child, kind, level, list_depth)
            elif name in _HEADINGS:
                self.flush(kind, level)
                self.walk(child, BlockKind.HEADING, _HEADINGS[name], list_depth)
                self.flush(BlockKind.HEADING, _HEADINGS[name])
            elif name in _KIND_OF or name in _CONTAINERS:
                self._block(child, name, kind, level, list_depth)
            else:
                self.walk(child, kind, level, list_depth)

    def _block(self, node: Tag, name: str, kind: BlockKind, level: int, depth: int) -> None:
        new = _KIND_OF.get(name)
        if name in _LISTS:
            depth += 1
        inner, inner_level = kind, level
        if new is BlockKind.LIST_ITEM:
            inner, inner_level = new, depth
        elif new is BlockKind.PREFORMATTED or (new is not None and kind is BlockKind.PARAGRAPH):
            # An enclosing quote, list item or caption keeps its kind for what it holds.
            inner, inner_level = new, 0
        self.flush(kind, level)
        parent = node.parent
        if new is BlockKind.LIST_ITEM and parent is not None and parent.name == "ol":
            number = self.numbers[id(parent)] = self.numbers.get(id(parent), 0) + 1
            self.prefix = f"{number}. "
        self.walk(node, inner, inner_level, depth)
        self.flush(inner, inner_level)


def blocks_from_html(fragment: str | Tag) -> list[Block]:
    """The blocks of an HTML fragment (or an already parsed tree), in order."""
    tree = BeautifulSoup(fragment, "lxml") if isinstance(fragment, str) else fragment
    walker = _Walker()
    walker.walk(tree, BlockKind.PARAGRAPH, 0, 0)
    walker.flush(BlockKind.PARAGRAPH, 0)
    return walker.blocks


# readability-lxml's cleaner, but for javascript: links, which no text has.
_CLEANER = Cleaner(
    scripts=True,
    javascript=False,
    comments=True,
    style=True,
    links=True,
    meta=False,
    add_nofollow=False,
    page_structure=False,
    processing_instructions=True,
    embedded=False,
    frames=False,
    forms=False,
    annoying_tags=False,
    remove_unknown_tags=False,
    safe_attrs_only=False,
)


class _Document(Document):
    """readability-lxml's Document, but lists and tables that its cleaning drops
    from inside the article are put back where they stood.

    Readability drops a list with many links (say, the bugs a release fixed)
    even in the middle of the article. Dropping is not ours to do: folding
    decides what is furniture, and the user can still open it.

    The page's metadata is read from readability's own first parse of it,
    before it is taken apart, rather than parsing the page a second time.
    """

    meta: PageMeta | None = None
    too_deep: bool = False

    def _parse(self, input: str) -> Any:
        # readability-lxml 0.9's own _parse, less what only matters to HTML that
        # is shown (javascript: links, <base> hrefs): a fifth of its time; and
        # parsed with the huge option (see reader.extract.tame).
        tree, self.encoding = parse(input), None
        self.too_deep = self.too_deep or too_deep()
        for element in tree.xpath("//*[@hidden]"):
            element.drop_tree()
        for element in tree.xpath("//*[@style]"):
            if REGEXES["displayNoneRe"].search(element.get("style")):
                element.drop_tree()
        tree = _CLEANER.clean_html(tree)
        if self.meta is None:
            self.meta = meta_of(tree, input)
        return tree

    def sanitize(self, node: Any, candidates: Any, keep_all_images: bool = False) -> str:
        places = [
            (element, element.getparent(), element.getprevious())
            for element in node.iter(*_RESTORABLE)
        ]
        super().sanitize(node, candidates, keep_all_images)
        restored = False
        for element, parent, previous in places:  # in document order: outer lists first
            if element.getparent() is not None or parent is None or not _inside(parent, node):
                continue
            if len(element.text_content().strip()) < 25:
                continue
            if previous is not None and previous.getparent() is parent:
                previous.addnext(element)
            else:
                parent.insert(0, element)
            restored = True
        return self.get_clean_html() if restored else super().get_clean_html()


def _inside(element: Any, root: Any) -> bool:
    return element is root or any(ancestor is root for ancestor in element.iterancestors())


def readable(page_html: str) -> tuple[list[Block], PageMeta]:
    """The article's blocks as readability-lxml finds them (with the lists it
    dropped from inside the article put back), and the page's metadata.
    Raises TooDeep (or RecursionError) for a page nested too deep to read whole."""
    document = _Document(page_html)
    try:
        summary = document.summary(html_partial=True)
    except (Unparseable, ValueError, TypeError, ParserError):
        summary = None
    if document.too_deep:
        raise TooDeep
    if summary is None:
        return [], document.meta or read_meta(page_html)
    return blocks_from_html(summary), document.meta or read_meta(page_html)


def page_blocks(page_html: str) -> list[Block]:
    """Every block of the page's body less its menus, headers and footers."""
    tree = BeautifulSoup(page_html, "lxml")
    body = tree.body or tree
    _drop_furniture(body)
    return blocks_from_html(body)


def _drop_furniture(tree: Tag) -> None:
    """Takes the site's menus, headers, footers, sidebars and forms out of `tree`."""
    for tag in tree.find_all(_FURNITURE):
        if tag.decomposed:
            continue
        if tag.name in ("header", "footer") and tag.find_parent(_SECTIONING) is not None:
            continue
        tag.decompose()


_RESTORABLE = frozenset(("ul", "ol", "dl", "table"))
_PROSE_TAGS = ("p", "pre", "td", "li", "blockquote")

_MAIN_SHARE = 0.6
_NOT_CONTENT = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript")


def _link_density(element: Any) -> float:
    text = len(element.text_content())
    links = sum(len(a.text_content()) for a in element.iter("a"))
    return links / text if text else 1.0


def main_text_candidate(root: Any) -> tuple[Any | None, int]:
    """The element holding most of the page's running text, and how many words of
    running text the page has: a second opinion on where the article is.

    Running text is paragraph-like elements with some text and few links. The
    candidate is the innermost element that holds at least `_MAIN_SHARE` of it:
    the article's body on an article page, the list of stories on a front page.
    """
    held: dict[Any, int] = {}
    total = 0
    for element in root.iter(*_PROSE_TAGS):
        ancestors = list(element.iterancestors())
        if any(a.tag in _NOT_CONTENT for a in ancestors):
            continue
        text = element.text_content()
        words = len(text.split())
        if len(text.strip()) < 25 or _link_density(element) > 0.3:
            continue
        total += words
        for ancestor in ancestors:
            held[ancestor] = held.get(ancestor, 0) + words
    enough = [e for e, words in held.items() if words >= _MAIN_SHARE * total]
    if not enough:
        return None, total
    # Each of these holds the next: the innermost has the most ancestors.
    return max(enough, key=lambda e: sum(1 for _ in e.iterancestors())), total


def candidate_blocks(element: Any) -> list[Block]:
    """The blocks of an element of the page, walked like readability's summary."""
    from lxml.html import tostring

    markup = tostring(element, encoding="unicode")
    tree = BeautifulSoup(markup, "lxml")
    _drop_furniture(tree)
    return blocks_from_html(tree)
