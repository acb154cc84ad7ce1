"""The story under the page's headline, when readability's pick is above it.

A page's own story follows its headline. A short pick that lies wholly above
the page's `<h1>` (the headline the page's title names) is a notice, a banner
or another story's box set at the top of the page ("Your browser is out of
date", a donation appeal), not the story: where paragraphs of running prose
follow the headline, up to the next heading, they are the article. A long
pick above the headline stays (a layout may set the header after the body in
its markup), and so does a short one when little prose follows the headline.
Found by structure and the shape of the text only.
"""

from __future__ import annotations

from typing import Any

from reader.extract.html import comment_shaped, link_share
from reader.extract.readable import ancestors_of
from reader.model import Block, BlockKind
from reader.normalize import is_prose, word_count

_LEAVES = frozenset("p div blockquote h1 h2 h3 h4 h5 h6".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 blockquote section article header ul ol li table dl".split()
)
_OUTSIDE = frozenset("nav aside footer form figure figcaption li a table".split())
_MAX_PICK_WORDS = 150  # a longer pick above the headline is the story, set before it
_MIN_PARAGRAPHS = 2
_MIN_WORDS = 50
_MAX_LINKS = 0.3
_ANCHOR_CHARS = 60


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _names(heading: str, title: str) -> bool:
    heading, title = heading.casefold(), title.casefold()
    return word_count(heading) >= 2 and (heading in title or title in heading)


def story_below_headline(page: Any, blocks: list[Block], title: str | None) -> list[Block]:
    """The prose under the page's headline when `blocks` (readability's pick)
    is short and wholly above it; none otherwise (see the module)."""
    title = " ".join((title or "").split())
    if not title:
        return []
    prose, pick_words = [], 0
    for block in blocks:  # (a long pick is most pages': done at once)
        if is_prose(block.text):
            prose.append(" ".join(block.text.split()))
            pick_words += word_count(block.text)
            if pick_words >= _MAX_PICK_WORDS:
                return []
    anchors = [p[:_ANCHOR_CHARS] for p in prose] or [
        " ".join(b.text.split())[:_ANCHOR_CHARS] for b in blocks if b.text.strip()
    ]
    if not anchors:
        return []
    holding = ancestors_of(page.iter(*_BLOCK_TAGS))
    headline: Any | None = None
    above = False
    found: list[Block] = []
    for element in page.iter(*_LEAVES):
        if element in holding and element.tag not in _HEADINGS:
            continue
        text = _text(element)
        if headline is None:
            if element.tag == "h1" and _names(text, title):
                headline = element
            above = above or any(anchor in text for anchor in anchors)
            continue
        if any(anchor in text for anchor in anchors):
            return []  # some of the pick is under the headline: it is the story
        if element.tag in _HEADINGS:
            if element.tag == "h1" or found:
                break
            continue
        if not text or link_share(element, text) > _MAX_LINKS:
            continue
        if any(a.tag in _OUTSIDE for a in element.iterancestors()):
            continue
        found.append(Block(BlockKind.PARAGRAPH, text))
    # Up to its last paragraph of prose: what follows is the page's again.
    while found and not is_prose(found[-1].text):
        found.pop()
    running = [b for b in found if is_prose(b.text)]
    if not above or len(running) < _MIN_PARAGRAPHS or comment_shaped(found):
        return []
    words = sum(word_count(b.text) for b in running)
    if words < max(_MIN_WORDS, pick_words):
        return []
    return found
