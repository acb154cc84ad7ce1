"""The standfirst: the story's opening paragraph set between its headline and
its body, outside the element readability picks.

Pages set the headline and the standfirst (lede, intro, summary) in the
article's header and the body in another element; readability takes the body
alone. So: where the page's headline precedes the article's first paragraph of
prose and is not in the article, the paragraphs of prose between the two, if
there are few of them, open the article. What sits there otherwise (byline,
date, share buttons, breadcrumbs, a photo's caption, the writer's bio) is not
prose, a link, a figure's or marked as the writer's. Found by structure and
the shape of the text only. More prose than a standfirst there is a box, unless
a heading follows it before the body readability took: then the prose is the
headline's own story, and readability took the story under another heading
("From the archive") or one section of the article; it opens the article.
Where that finds none (a layout may set the header after the body in its
markup), the paragraph whose text is the summary the page declares in its
metadata is the standfirst: the page says so itself.

And a page's own story follows its headline. A short pick that lies wholly
above the page's `<h1>` (the headline the page's title names) is a notice, a
banner or another story's box set at the top of the page ("Your browser is
out of date", a donation appeal), not the story: where paragraphs of running
prose follow the headline, up to the next heading, they are the article
(`story_below_headline`). A long pick above the headline stays (the header
may be set after the body), and so does a short one when little prose
follows the headline. So does a short pick set after more running prose
under the headline than it holds, in an element of its own (readability
marked the story down for the links of the posts it embeds and took the
appeal or the box after it): that prose is the story.

And a saved page of a site's endless scroll holds several stories, each under
its heading; readability takes the longest. Where a heading the page's title
names (h1 to h3, not in a box) heads a part of the page that does not hold
readability's pick, the largest such part around it, with three paragraphs
of prose and 100 words at least, is the page's own story
(`story_under_title`). A pick with that heading, or under it, stays.
"""

from __future__ import annotations

import re
from typing import Any

from reader.extract.html import blocks_of, comment_shaped, link_share
from reader.extract.readable import ancestors_of
from reader.extract.vocabulary import first_value, vocabulary
from reader.model import Block, BlockKind
from reader.normalize import is_prose, word_count

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 blockquote section article header ul ol li table dl".split()
)
_LEAVES = frozenset("p div h2 h3 h4 h5 h6 blockquote".split())
# Not the story's opening, whatever it says: other parts of the page.
_OUTSIDE = frozenset("nav aside footer form figure figcaption li a table".split())
# A standfirst is a paragraph or two; more prose between headline and body is
# something else (a box, a list of other stories), and so is a long stretch.
_MAX_PARAGRAPHS = 3
_MAX_WORDS = 150
_MAX_STRETCH_WORDS = 400
_MAX_LINKS = 0.3
# Prose under the headline, before a heading of its own, that is a story: at
# least this many paragraphs and words.
_STORY_PARAGRAPHS = 3
_STORY_WORDS = 100
_HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
_ANY_HEADING = _HEADINGS | {"h1"}
_TITLE_HEADINGS = ("h1", "h2", "h3")  # where a page may set the headline of its story
_ANCHOR_CHARS = 60
_ANCHORS = 3  # the pick's first paragraphs of prose looked for in the page
_STORY_CHARS = 500  # fewer characters hold no _STORY_WORDS words of prose
# A declared summary shorter than this is a site's tagline as often as a story's.
_MIN_SUMMARY_WORDS = 12
# A pick above the headline with this many words of prose is the story, set before it.
_MAX_PICK_WORDS = 150
# Prose under the headline that is its story when the pick is above it.
_BELOW_PARAGRAPHS, _BELOW_WORDS = 2, 50
# A part of the page marked as the writer's: a byline or an author's bio.
_WRITER_MARKS = re.compile(r"byline|author|contributor|writer|bio\b", re.I)


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _about_the_writer(element: Any, text: str) -> bool:
    """A byline set as a paragraph ("By Alex Heath, a deputy editor…"), or a
    part the markup marks as the writer's."""
    if first_value(vocabulary().byline, text) is not None or text.lower().startswith("by "):
        return True
    for node in (element, *element.iterancestors()):
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marks.strip() and _WRITER_MARKS.search(marks):
            return True
    return False


def holding_blocks(page: Any) -> set[Any]:
    """The elements of `page` that hold a block: what the walks here skip, for
    the blocks inside them (one pass; worked out once for all of them)."""
    return ancestors_of(page.iter(*_BLOCK_TAGS))


def standfirst(
    page: Any,
    blocks: list[Block],
    description: str | None = None,
    holding: set[Any] | None = None,
) -> list[Block]:
    """The paragraphs of the standfirst `blocks` leave out of `page` (the tree
    readability was given), in order; none if there is none. Found between
    the headline and the body, or else as the paragraph that is the summary
    the page declares (`description`), wherever the layout put it."""
    holding = holding_blocks(page) if holding is None else holding
    return _between(page, blocks, holding) or _declared(page, blocks, description, holding)


def _names(heading: str, title: str) -> bool:
    heading, title = heading.casefold(), title.casefold()
    return word_count(heading) >= 2 and (heading in title or title in heading)


def story_below_headline(
    page: Any, blocks: list[Block], title: str | None, holding: set[Any] | None = None
) -> list[Block]:
    """The prose under the page's headline when `blocks` (readability's pick)
    is short and wholly above it, or follows more prose under it than it
    holds; none otherwise (see the module)."""
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
    holding = holding_blocks(page) if holding is None else holding
    headline: Any | None = None
    above = after = False
    found: list[Block] = []
    for element in page.iter("h1", *_LEAVES):
        if element in holding and element.tag not in _ANY_HEADING:
            continue
        text = _text(element)
        if headline is None:
            if element.tag == "h1" and _names(text, title):
                headline = element
            above = above or any(anchor in text for anchor in anchors)
            continue
        if any(anchor in text for anchor in anchors):
            if above or not found:
                return []  # some of the pick is under the headline: it is the story
            after = True  # the pick follows prose under the headline
            break
        if element.tag in _ANY_HEADING:
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
    if not (above or after) or len(running) < _BELOW_PARAGRAPHS or comment_shaped(found):
        return []
    if sum(word_count(b.text) for b in running) < max(_BELOW_WORDS, pick_words):
        return []
    return found


def story_under_title(page: Any, blocks: list[Block], title: str | None) -> list[Block]:
    """The story of the heading the page's title names, when readability's
    pick is another story of the page; none otherwise (see the module)."""
    title = " ".join((title or "").split())
    first = next((b for b in blocks if is_prose(b.text)), None)
    if not title or first is None:
        return []
    if any(b.kind is BlockKind.HEADING and _names(b.text, title) for b in blocks):
        return []  # the pick has the headline: it is the story
    anchor = " ".join(first.text.split())[:_ANCHOR_CHARS]
    for heading in page.iter(*_TITLE_HEADINGS):
        if not _names(_text(heading), title):
            continue
        if any(a.tag in _OUTSIDE for a in heading.iterancestors()):
            continue
        # The largest part of the page around the heading that does not hold
        # the pick: the heading's own story, if the page is a run of them.
        story = None
        text = ""
        for ancestor in heading.iterancestors():
            held = ancestor.text_content()
            # (As it is first: the part that holds the pick is the longest.)
            if anchor in held or anchor in " ".join(held.split()):
                break
            story, text = ancestor, held
        else:
            continue  # the pick is not the page's text as read here: nothing to weigh
        if story is None or len(text) < _STORY_CHARS:
            continue  # the pick is under the heading (it is the story), or little is
        found = [b for b in blocks_of(story) if b.role is None]
        running = [b for b in found if is_prose(b.text)]
        if len(running) < _STORY_PARAGRAPHS or comment_shaped(found):
            continue
        if sum(word_count(b.text) for b in running) >= _STORY_WORDS:
            return found
    return []


def _declared(
    page: Any, blocks: list[Block], description: str | None, holding: set[Any]
) -> list[Block]:
    """The paragraph outside `blocks` whose text is the page's declared
    summary (its `og:description`, cut short or not): the standfirst."""
    summary = " ".join((description or "").split()).rstrip(".…").rstrip()
    if word_count(summary) < _MIN_SUMMARY_WORDS:
        return []
    shown = " ".join(" ".join(b.text.split()) for b in blocks)
    if summary[:_ANCHOR_CHARS] in shown:
        return []
    for element in page.iter(*_LEAVES):
        if element in holding:
            continue
        text = _text(element)
        if not text.startswith(summary) or word_count(text) > _MAX_WORDS or not is_prose(text):
            continue
        if any(a.tag in _OUTSIDE for a in element.iterancestors()):
            continue
        if _about_the_writer(element, text) or link_share(element, text) > _MAX_LINKS:
            continue
        return [Block(BlockKind.PARAGRAPH, text)]
    return []


def _written_otherwise(text: str, shown: str) -> bool:
    """Whether a paragraph is one of the article's (`shown`) with a word or
    a sign changed: two of its opening, middle and end are there as they are
    (a standfirst may repeat a phrase of the story, not most of a paragraph)."""
    size = _ANCHOR_CHARS
    middle = max(len(text) // 2 - size // 2, 0)
    parts = (text[:size], text[middle : middle + size], text[-size:])
    return sum(part in shown for part in parts) >= 2


def _between(page: Any, blocks: list[Block], holding: set[Any]) -> list[Block]:
    """The standfirst between the page's `<h1>` and the article's first prose."""
    known = {" ".join(b.text.split()) for b in blocks}
    prose = [b for b in blocks if b.kind is BlockKind.PARAGRAPH and is_prose(b.text)]
    if not prose:
        return []
    # Its first paragraphs of prose: the first may be no element of its own
    # (text beside the paragraphs of a <div>), and the article starts there.
    anchors = [" ".join(b.text.split())[:_ANCHOR_CHARS] for b in prose[:_ANCHORS]]
    shown = " ".join(known)
    headline: Any | None = None
    stretch: list[Any] = []
    for element in page.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag == "h1":
            text = _text(element)
            # The article's own headline is in it: nothing stands between.
            headline = None if text in known else element
            stretch = []
            continue
        if tag not in _LEAVES or element in holding:
            continue
        text = _text(element)
        if any(anchor in text for anchor in anchors):
            break
        if headline is not None:
            stretch.append(element)
    else:
        return []
    if headline is None:
        return []
    inside = set(headline.iter())
    found: list[Block] = []
    story = 0  # of them, those before the first heading after some
    headed = False
    stretch_words = 0
    for element in stretch:
        if element in inside:
            continue
        text = _text(element)
        # (A standfirst may be set as a heading: one of prose is not a heading's.)
        if element.tag in _HEADINGS and found and not headed and not is_prose(text):
            headed, story = True, len(found)
        stretch_words += word_count(text)
        if not is_prose(text) or text in known or link_share(element, text) > _MAX_LINKS:
            continue
        if _written_otherwise(text, shown):
            continue  # the article's own paragraph, written a little otherwise
        if any(a.tag in _OUTSIDE for a in element.iterancestors()):
            continue
        if _about_the_writer(element, text):
            continue
        known.add(text)
        found.append(Block(BlockKind.PARAGRAPH, text))
    if (
        len(found) > _MAX_PARAGRAPHS
        or sum(word_count(b.text) for b in found) > _MAX_WORDS
        or stretch_words > _MAX_STRETCH_WORDS
    ):
        # More than a standfirst: the headline's own story, when a heading of
        # another follows it (readability took the story below that heading,
        # a box's "From the archive"; or one section of the article).
        under = found[:story] if headed else []
        if (
            len(under) >= _STORY_PARAGRAPHS
            and sum(word_count(b.text) for b in under) >= _STORY_WORDS
        ):
            return under
        return []
    return found
