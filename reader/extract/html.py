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

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from readability import Document
from readability.readability import Unparseable

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
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")


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


def readable_blocks(page_html: str) -> list[Block]:
    """The article's blocks as readability-lxml finds them; [] if it finds none."""
    try:
        summary = Document(page_html).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError, RecursionError):
        return []
    return blocks_from_html(summary)


def page_blocks(page_html: str) -> list[Block]:
    """Every block of the page's body less its menus, headers and footers."""
    tree = BeautifulSoup(page_html, "lxml")
    body = tree.body or tree
    for tag in body.find_all(_FURNITURE):
        tag.decompose()
    return blocks_from_html(body)
