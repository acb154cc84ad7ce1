"""HTML to blocks: readability-lxml finds the article (`readable`), the walk
turns the element it leaves into blocks; when it finds only a teaser, the
page's main text is a second opinion.

The walk keeps the shape readers care about (headings, paragraphs, quotes,
list items, captions, preformatted text) and turns everything else into plain
text. Nothing in the markup is executed or fetched: scripts, styles, images and
embeds contribute no text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from lxml import etree
from lxml.etree import ParserError
from readability.readability import Unparseable

from reader.extract.meta import PageMeta, read_meta
from reader.extract.readable import PAGE_WIDE, Readable, unlikely_candidate
from reader.extract.tame import TooDeep
from reader.extract.vocabulary import vocabulary
from reader.model import Block, BlockKind
from reader.normalize import is_prose, word_count
from reader.sanitize import clean

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP = frozenset(
    "script style noscript template head title svg iframe object embed canvas video audio "
    "picture source track img input select textarea button map area meta link rt rp".split()
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
# Elements whose blocks can be given a role: those that make blocks.
_ROLE_HOLDERS = _CONTAINERS | _KIND_OF.keys() | _HEADINGS.keys()
# Page furniture dropped when the whole page has to stand in for the article.
_FURNITURE = ("nav", "header", "footer", "aside", "form")
# A header or footer inside one of these is that part's own (its heading, its
# byline), not the site's.
_SECTIONING = ("article", "section", "main")
# Runs of white space, but a lone space (which is left as it is: most of them).
_SPACE = re.compile(r" [ \t\r\n\f\v\u00a0]+|[\t\r\n\f\v\u00a0][ \t\r\n\f\v\u00a0]*")


@dataclass(slots=True)
class _Walker:
    """Collects blocks from a tree; the innermost block context decides the kind.

    Two trees are walked: lxml's (readability's article, an element of the
    page: the trees the page was parsed into once) and BeautifulSoup's (the
    whole page, when no article is found: its lxml builder reads on past a
    broken document where libxml2's own tree stops)."""

    blocks: list[Block] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    # Items seen per <ol>, by its id (a BeautifulSoup tag hashes its whole
    # markup), with the <ol> itself, which keeps an lxml element's id its own.
    numbers: dict[int, tuple[Any, int]] = field(default_factory=dict)
    prefix: str = ""  # an ordered item's number, for the first block of that item
    # Elements (of lxml's trees) that are left out, with all they hold.
    drop: Callable[[Any], bool] | None = None
    # What an element (of lxml's trees) is part of, if not the article: its
    # blocks carry it (`Block.role`), for folding to weigh.
    roles: Callable[[str, Any], str | None] | None = None
    role: str | None = None

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
            self.blocks.append(Block(kind, self.prefix + text, level, self.role))
            self.prefix = ""

    def text(self, text: str, kind: BlockKind) -> None:
        self.buffer.append(text if kind is BlockKind.PREFORMATTED else _SPACE.sub(" ", text))

    def walk(self, node: Any, kind: BlockKind, level: int, depth: int) -> None:
        """The children of `node`, an lxml element."""
        if node.text:
            self.text(node.text, kind)
        for child in node:
            tag = child.tag
            # Not a comment or a processing instruction, nor furniture to leave out.
            if isinstance(tag, str) and (self.drop is None or not self.drop(child)):
                self.element(tag.lower(), child, node, kind, level, depth)
            if child.tail:
                self.text(child.tail, kind)

    def walk_soup(self, node: Tag, kind: BlockKind, level: int, depth: int) -> None:
        """The children of `node`, a BeautifulSoup tag."""
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self.text(str(child), kind)
            elif isinstance(child, Tag):
                self.element(child.name.lower(), child, child.parent, kind, level, depth)

    def element(
        self, name: str, node: Any, parent: Any, kind: BlockKind, level: int, depth: int
    ) -> None:
        if name in _SKIP:
            return
        if self.roles is not None and self.role is None and name in _ROLE_HOLDERS:
            role = self.roles(name, node)
            if role is not None:
                self.flush(kind, level)
                self.role = role
                self._element(name, node, parent, kind, level, depth)
                self.flush(kind, level)
                self.role = None
                return
        self._element(name, node, parent, kind, level, depth)

    def _element(
        self, name: str, node: Any, parent: Any, kind: BlockKind, level: int, depth: int
    ) -> None:
        walk = self.walk_soup if isinstance(node, Tag) else self.walk
        if name == "br":
            self.buffer.append("\n")
        elif name in ("td", "th"):
            if self.buffer and "".join(self.buffer).strip():
                self.buffer.append(" | ")
            walk(node, kind, level, depth)
        elif name in _HEADINGS:
            self.flush(kind, level)
            walk(node, BlockKind.HEADING, _HEADINGS[name], depth)
            self.flush(BlockKind.HEADING, _HEADINGS[name])
        elif name in _KIND_OF or name in _CONTAINERS:
            self._block(node, name, parent, kind, level, depth)
        else:
            walk(node, kind, level, depth)

    def _block(
        self, node: Any, name: str, parent: Any, kind: BlockKind, level: int, depth: int
    ) -> None:
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
        if new is BlockKind.LIST_ITEM and parent is not None and _name(parent) == "ol":
            number = self.numbers.get(id(parent), (parent, 0))[1] + 1
            self.numbers[id(parent)] = (parent, number)
            self.prefix = f"{number}. "
        (self.walk_soup if isinstance(node, Tag) else self.walk)(node, inner, inner_level, depth)
        self.flush(inner, inner_level)


def _name(node: Any) -> str:
    return str(node.name if isinstance(node, Tag) else node.tag).lower()


@functools.lru_cache(maxsize=4096)  # a site repeats its classes on every element
def _marked_role(name: str, marks: str) -> str | None:
    return vocabulary().role_of(name, marks)


def _role(name: str, element: Any) -> str | None:
    marks = f"{element.get('class', '')} {element.get('id', '')}".strip()
    role = _marked_role(name, marks)
    if role is None and name == "p":
        if is_link_line(element):
            return "related"
        if is_all_link(element):
            return "link"
    elif role is None and name == "li" and is_story_link(element):
        return "link"  # an item of a list of other stories ("Most read")
    return role


# A paragraph that is a pointer to another page: a lead-in of a few words
# ending as a label ends ("Lea:", "Auch lesen:", "À lire aussi »"), then one
# link that is most of it and a headline's length (not a name's: "Colour: Ivory").
_LEAD_IN_WORDS = 4
_HEADLINE_WORDS = 4
_LEAD_IN_END = (":", "»", "›", ">", "|")
_LINK_LINE_WORDS = 30
_LINK_LINE_SHARE = 0.6


# A paragraph with this share of its text in links is a link, whatever it says.
_ALL_LINK_SHARE = 0.9


def link_share(element: Any, text: str) -> float:
    """The share of `text` (the element's text, its white space made single)
    that its links hold (1 for no text)."""
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    return linked / len(text) if text else 1.0


def is_all_link(element: Any) -> bool:
    """Whether a paragraph is (almost) all link text: a pointer to another
    page ("Back to the overview", another story's headline), not prose of its
    own. Folding weighs it by where it stands (`Block.role` "link")."""
    text = " ".join(element.text_content().split())
    return bool(text) and link_share(element, text) >= _ALL_LINK_SHARE


def is_story_link(element: Any) -> bool:
    """Whether a list item is (almost) all one link of a headline's length:
    another story, not a name, a term or a tool the article lists."""
    text = " ".join(element.text_content().split())
    return word_count(text) >= _HEADLINE_WORDS and link_share(element, text) >= _ALL_LINK_SHARE


def is_link_line(element: Any) -> bool:
    """Whether a paragraph is a labelled link to another story."""
    links = list(element.iter("a"))
    if len(links) != 1:
        return False
    text = " ".join(element.text_content().split())
    if not text or word_count(text) > _LINK_LINE_WORDS:
        return False
    linked = " ".join(links[0].text_content().split())
    lead_in = text[: text.find(linked)].strip() if linked and linked in text else ""
    return (
        len(linked) >= _LINK_LINE_SHARE * len(text)
        and word_count(linked) >= _HEADLINE_WORDS
        and 0 < word_count(lead_in) <= _LEAD_IN_WORDS
        and lead_in.endswith(_LEAD_IN_END)
    )


def blocks_of(element: Any) -> list[Block]:
    """The blocks of readability's article (an lxml element), each with the role
    its markup gives it (`metadata.toml`'s [markup])."""
    walker = _Walker(roles=_role)
    walker.walk(element, BlockKind.PARAGRAPH, 0, 0)
    walker.flush(BlockKind.PARAGRAPH, 0)
    return walker.blocks


def blocks_from_html(fragment: str | Tag) -> list[Block]:
    """The blocks of an HTML fragment (or a tree BeautifulSoup parsed), in order."""
    tree = BeautifulSoup(fragment, "lxml") if isinstance(fragment, str) else fragment
    walker = _Walker()
    walker.walk_soup(tree, BlockKind.PARAGRAPH, 0, 0)
    walker.flush(BlockKind.PARAGRAPH, 0)
    return walker.blocks


@dataclass(frozen=True, slots=True)
class Found:
    """What readability-lxml found: the article's blocks, the page's metadata,
    and the page as it was before readability took it apart (cleaned as for
    readability), for a second opinion; None where there is none."""

    blocks: list[Block]
    meta: PageMeta
    page: Any | None = None


def readable(page_html: str) -> Found:
    """The article's blocks as readability-lxml finds them (with the lists it
    dropped from inside the article put back), and the page's metadata.
    Raises TooDeep (or RecursionError) for a page nested too deep to read whole."""
    document = Readable(page_html)
    try:
        document.summary(html_partial=True)
    except (Unparseable, ValueError, TypeError, ParserError):
        document.html = None
    if document.too_deep:
        raise TooDeep
    meta = document.meta or read_meta(page_html)
    if document.html is None:
        return Found([], meta, document.page)
    return Found(blocks_of(document.html), meta, document.page)


def page_blocks(page_html: str) -> list[Block]:
    """Every block of the page's body less its menus, headers and footers.

    (BeautifulSoup's tree: its lxml builder reads on where libxml2's own tree
    stops, past a document's end, so the whole page is the whole file.)"""
    tree = BeautifulSoup(page_html, "lxml")
    body = tree.body or tree
    _drop_furniture(body)
    return blocks_from_html(body)


def _drop_furniture(tree: Tag) -> None:
    """Takes the site's menus, headers, footers, sidebars and forms out of `tree`
    (but not a form that holds most of the page: see `unwrap_page_form`)."""
    total = len(tree.get_text()) if tree.find("form") is not None else 0
    for tag in tree.find_all(_FURNITURE):
        if tag.decomposed:
            continue
        if tag.name in ("header", "footer") and tag.find_parent(_SECTIONING) is not None:
            continue
        if tag.name == "form" and len(tag.get_text()) > PAGE_WIDE * total:
            continue
        tag.decompose()


_PROSE_TAGS = ("p", "pre", "td", "li", "blockquote")
_MAIN_SHARE = 0.6
_NOT_CONTENT = frozenset(
    ("nav", "header", "footer", "aside", "form", "script", "style", "noscript")
)
# A comment's header is this short; a thread has at least this many.
_HEADER_WORDS = 12
_THREAD_HEADERS = 3
_COMMENT_PARAGRAPHS = 3  # a comment's paragraphs, at most, on average
# Running text has at most this share of its characters in links.
_PROSE_LINKS = 0.3
# The class and id words of a comment thread (of readability's unlikely ones).
_COMMENT_MARKS = ("comment", "disqus", "remark", "shoutbox")


def is_furniture(element: Any) -> bool:
    """The site's furniture around an article: a menu, header, footer, sidebar
    or form (but a header or footer inside a section is that section's), or
    what readability itself takes for no candidate: a class or id that says
    comments, sidebar, footer, menu... (its unlikely-candidate test)."""
    tag = element.tag
    if tag in _NOT_CONTENT:
        return tag not in ("header", "footer") or not any(
            a.tag in _SECTIONING for a in element.iterancestors()
        )
    return unlikely_candidate(element)


def is_comments(element: Any) -> bool:
    """A comment thread, by its class or id."""
    marks = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return any(word in marks for word in _COMMENT_MARKS)


def _running_text(element: Any) -> int:
    """The words of a paragraph-like element that is running text (some text,
    few links; a list item only if it is a sentence or more, as a menu's items
    are not), else 0."""
    text = element.text_content()
    if len(text.strip()) < 25:
        return 0
    links = sum(len(a.text_content()) for a in element.iter("a"))
    if links > _PROSE_LINKS * len(text):
        return 0
    if element.tag == "li" and not is_prose(" ".join(text.split())):
        return 0
    return len(text.split())


def _cached(furniture: dict[Any, bool], element: Any, frames: set[Any]) -> bool:
    found = furniture.get(element)
    if found is None:
        found = furniture[element] = element not in frames and is_furniture(element)
    return found


@dataclass(frozen=True, slots=True)
class MainText:
    """Where a page's running text is: the element holding most of it (None
    if no element does), how many words of it the page has, and the parts
    named like furniture that are the page's frame (they hold most of it)."""

    element: Any | None
    words: int
    frames: frozenset[Any]
    held: int = 0  # the words of running text the element holds
    comments: frozenset[Any] = frozenset()  # comments known by their shape

    def is_furniture(self, element: Any) -> bool:
        if element in self.comments:
            return True
        return element not in self.frames and is_furniture(element)

    def blocks(self) -> list[Block]:
        """The element's blocks, walked like readability's article, less the
        furniture it holds, with the roles its markup gives them."""
        if self.element is None:
            return []
        walker = _Walker(drop=self.is_furniture, roles=_role)
        walker.walk(self.element, BlockKind.PARAGRAPH, 0, 0)
        walker.flush(BlockKind.PARAGRAPH, 0)
        return walker.blocks


def main_text(root: Any, *, comments: bool = True) -> MainText:
    """The element holding most of the page's running text, and how many words of
    running text the page has: a second opinion on where the article is.

    Running text is prose (`_running_text`) outside the site's furniture
    (`is_furniture`): but a part named like furniture that holds most of the
    page's running text is the page's frame, misnamed ("sidebar-wrapper"),
    unless it is a comment thread. The candidate is the innermost element
    that holds at least `_MAIN_SHARE` of the running text: the article's body
    on an article page, the list of stories on a front page. With `comments`,
    threads of comments known by their shape (`comment_items`) are left out too.
    """
    paragraphs = []
    held: dict[Any, int] = {}
    total = 0
    for element in root.iter(*_PROSE_TAGS):
        words = _running_text(element)
        if not words:
            continue
        ancestors = list(element.iterancestors())
        paragraphs.append((element, words, ancestors))
        total += words
        for ancestor in ancestors:
            held[ancestor] = held.get(ancestor, 0) + words
    frames = {
        element
        for element, words in held.items()
        if words > total / 2 and not is_comments(element) and is_furniture(element)
    }
    shaped = comment_items(root) if comments else set()
    furniture: dict[Any, bool] = dict.fromkeys(shaped, True)
    held, total = {}, 0
    for element, words, ancestors in paragraphs:
        if element in shaped or any(_cached(furniture, a, frames) for a in ancestors):
            continue
        total += words
        for ancestor in ancestors:
            held[ancestor] = held.get(ancestor, 0) + words
    enough = [e for e, words in held.items() if words >= _MAIN_SHARE * total]
    # Each of these holds the next: the innermost has the most ancestors.
    best = max(enough, key=lambda e: sum(1 for _ in e.iterancestors()), default=None)
    return MainText(best, total, frozenset(frames), held.get(best, 0), frozenset(shaped))


def comment_items(root: Any) -> set[Any]:
    """The comments of a thread known by its shape, whatever its class: three
    or more headers, each an element of its own that is a name and a verb of
    saying ("Ann Lee said:"; `comment_verbs`), not a paragraph (an article's
    "The minister said:" leads into a quote). Each comment is the part of the
    thread (the element holding every header) that holds one header."""
    if len(_said_anywhere().findall(root.text_content())) < _THREAD_HEADERS:
        return set()
    headers = []
    for found in _said(root):
        element = found.getparent()
        if found.is_tail:
            element = element.getparent()
        if element is None or element.tag in _PROSE_TAGS or element.tag == "body":
            continue
        if is_comment_header(" ".join(element.text_content().split())):
            headers.append(element)
    if len(headers) < _THREAD_HEADERS:
        return set()
    common = set(headers[0].iterancestors())
    for header in headers[1:]:
        common &= set(header.iterancestors())
    thread = max(common, key=lambda e: sum(1 for _ in e.iterancestors()), default=None)
    if thread is None:
        return set()
    items = set()
    for header in headers:
        item = header
        for ancestor in header.iterancestors():
            if ancestor is thread:
                break
            item = ancestor
        items.add(item)
    return items


def is_comment_header(text: str) -> bool:
    """A line that heads a comment: a name and a verb of saying ("Ann Lee said:")."""
    return word_count(text) <= _HEADER_WORDS and _said_header().search(text) is not None


def comment_shaped(blocks: list[Block]) -> bool:
    """Whether blocks read as a thread of comments: `_THREAD_HEADERS` headers
    or more, and a header for every few paragraphs of prose (an essay that
    quotes three letters, "Makali wrote:", is an essay)."""
    headers = sum(1 for b in blocks if is_comment_header(b.text))
    prose = sum(1 for b in blocks if is_prose(b.text))
    return headers >= _THREAD_HEADERS and headers * _COMMENT_PARAGRAPHS >= prose


@functools.cache
def _said_words() -> tuple[str, ...]:
    return vocabulary().comment_verbs


@functools.cache
def _said_anywhere() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(v) for v in _said_words()) + ") ?:")


@functools.cache
def _said_header() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in _said_words())
    return re.compile(rf"^\S.{{0,80}}?\b(?:{verbs})\s?:$", re.IGNORECASE)


def _said(root: Any) -> list[Any]:
    """The text nodes with a verb of saying before a colon (libxml2 finds them)."""
    return list(_said_xpath()(root))


@functools.cache
def _said_xpath() -> Any:
    words = " or ".join(f"contains(., '{v}:') or contains(., '{v} :')" for v in _said_words())
    return etree.XPath(f"//text()[{words}]")
