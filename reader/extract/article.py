"""A decoded `Page` to an `Article`: metadata and blocks, no folds yet.

HTML goes through readability-lxml and a BeautifulSoup walk (`html`, `meta`);
plain text and Markdown are split by their own rules (`paragraphs`). Both end
in the same tuple of blocks, and the header lines of both are read the same
way (`header`), so every later stage treats the two alike. All text is made
safe (no control characters) on its way in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from reader.extract.dates import parse_date
from reader.extract.header import Header, byline_and_publication, read_header, split_byline
from reader.extract.html import Found, comment_shaped, main_text, page_blocks, readable
from reader.extract.meta import PageMeta, headline_in, meta_of, parse_page
from reader.extract.paragraphs import Paragraphs, split_paragraphs
from reader.extract.readable import unwrap_page_form
from reader.extract.standfirst import (
    holding_blocks,
    standfirst,
    story_below_headline,
    story_under_title,
)
from reader.extract.tame import FLATTEN_DEPTH, TooDeep, flatten, tame
from reader.extract.vocabulary import Vocabulary, first_value, vocabulary
from reader.model import Article, ArticleError, Block, BlockKind, Page, PageKind
from reader.normalize import is_prose, line_key, title_from_path, word_count
from reader.sanitize import clean, clean_line

__all__ = ["extract"]

# Readability's choice is replaced by the whole page when the page has this many
# times more words than what readability kept (a teaser or an empty pick).
_FALLBACK_RATIO = 3
_FALLBACK_MIN_WORDS = 25
# Readability's pick is taken for a teaser only when it is this short.
_TEASER_WORDS = 150
# A longer pick is a part of the article when the page's main text holds this
# share of its paragraphs of prose, and this many times as much prose.
_HELD = 0.8
_PART_RATIO = 1.5
# A pick with less of its words in paragraphs of prose than this is a list.
_LIST_PROSE = 0.2
# Text (in characters) past which a page is not given to readability, and the
# longest block.
_HUGE_PAGE = 2_000_000
# A <title>'s headline is looked for among the article's first blocks.
_HEADER_LINES = 60
_MAX_BLOCK = 4000
# More than this many elements or paragraphs would take longer to read than
# the time limit allows: say so at once, rather than after the wait.
MAX_ELEMENTS = 100_000
MAX_PARAGRAPHS = 200_000

_TAG_START = re.compile(r"<[a-zA-Z]")


def _kind(index: int, block: Block, header: Header, vocab: Vocabulary) -> BlockKind:
    """A paragraph's kind: a photo caption, an editor's note, or a paragraph."""
    if block.kind is not BlockKind.PARAGRAPH:
        return block.kind
    if index in header.captions:
        return BlockKind.CAPTION
    if word_count(block.text) > 60:
        return block.kind
    if not is_prose(block.text) and first_value(vocab.caption_credit, block.text) is not None:
        return BlockKind.CAPTION
    if first_value(vocab.editor_note, block.text) is not None:
        return BlockKind.NOTE
    return block.kind


def _captioned(blocks: tuple[Block, ...], header: Header, vocab: Vocabulary) -> tuple[Block, ...]:
    """The blocks the header left, with captions and editor's notes marked as
    such, and the prose above the story's own header given the role `box`."""
    kept = []
    for i, block in enumerate(blocks):
        if i in header.consumed:
            continue
        kind = _kind(i, block, header, vocab)
        role = "box" if block.role is None and i in header.before_story else block.role
        if kind is not block.kind or role != block.role:
            block = Block(kind, block.text, 0 if kind is not block.kind else block.level, role)
        kept.append(block)
    return tuple(kept)


def _writer(byline: str | None, vocab: Vocabulary) -> tuple[str | None, str | None]:
    """The byline's writer, and the publication it names with them, if any."""
    return byline_and_publication(byline, vocab) if byline else (None, None)


def _lines(blocks: list[Block]) -> frozenset[str]:
    """The keys of the article's short lines (a block's lines each: a headline
    and its byline may be one cell, a <br> apart): what a headline may be
    printed as."""
    lines = (line for b in blocks[:_HEADER_LINES] for line in b.text.split("\n"))
    return frozenset(line_key(line) for line in lines if word_count(line) <= 30)


def _words(blocks: list[Block]) -> int:
    return sum(word_count(b.text) for b in blocks)


def _sender_note(page: Page) -> tuple[Block, ...]:
    """The note a mail's sender put above the text they pass on (see
    `Page.preamble`), given the role `reply`."""
    if not page.preamble:
        return ()
    note = split_paragraphs(clean(page.text[: page.preamble]))
    return tuple(replace(block, role="reply") for block in note.blocks)


def _from_text(page: Page, vocab: Vocabulary, is_boilerplate: Callable[[str], bool]) -> Article:
    # Blank lines first: counting them costs nothing beside splitting the text.
    paragraphs_at_least = page.text.count("\n\n")
    if paragraphs_at_least <= MAX_PARAGRAPHS:
        markdown = page.kind is PageKind.MARKDOWN
        paragraphs = split_paragraphs(clean(page.text[page.preamble :]), markdown=markdown)
        paragraphs_at_least = len(paragraphs.blocks)
    if paragraphs_at_least > MAX_PARAGRAPHS:
        raise ArticleError(
            page.path,
            f"too many paragraphs to read ({paragraphs_at_least:,}; limit {MAX_PARAGRAPHS:,})",
        )
    paragraphs = _split_long(paragraphs)
    header = read_header(paragraphs, vocab, is_boilerplate, known_title=page.title)
    byline, publication = _writer(header.byline, vocab)
    # The page's hints (what its container knows: a mail's subject, an
    # export's metadata, front matter) fill in what the text does not say;
    # a container's title is the article's own.
    return Article(
        path=page.path,
        kind=page.kind,
        title=clean_line(page.title or vocab.headline(header.title or ""))
        or title_from_path(page.path),
        blocks=_sender_note(page) + _captioned(paragraphs.blocks, header, vocab),
        source=header.source or publication or page.source,
        section=header.section,
        byline=byline or page.byline,
        published=header.published or page.published,
        url=header.url or page.url,
        ident=page.ident,
    )


def _with_fallback(page_html: str, found: Found) -> tuple[list[Block], tuple[str, ...]]:
    """Readability's article, unless it found none, a teaser of what the page
    holds, or a part of the article: then the page's main text, or failing
    that the whole page.

    Readability's pick is a teaser when it is short (under `_TEASER_WORDS`) and
    the page's main text holds it and `_FALLBACK_RATIO` times its words, or
    holds that many times its prose elsewhere. A short article complete in
    itself (its prose not in the main text, nor outweighed by it) stays.
    A longer pick is a part of the article (one section of several) when the
    main text holds its prose and `_PART_RATIO` times as much of it. A pick
    that reads as a thread of comments is never the article, nor one the
    markup marks as not the article's (the writer's bio) while the main text
    has prose of its own."""
    blocks = found.blocks
    words = _words(blocks)
    if comment_shaped(blocks) and found.page is not None:
        # A page's comments are never its article.
        better = main_text(found.page).blocks()
        if _prose_words(better) >= _FALLBACK_MIN_WORDS and not comment_shaped(better):
            return better, ("readability found comments: showing the page's main text",)
    if _marked_apart(blocks) and found.page is not None:
        # The page's markup says what readability took is not the article
        # (the writer's bio, the comments, a related box): the main text, if
        # it has prose of the article's own.
        better = main_text(found.page).blocks()
        taken = {b.text for b in blocks}
        own = [b for b in better if b.role is None and b.text not in taken]
        if _prose_words(own) >= _FALLBACK_MIN_WORDS:
            return better, (
                "readability found a part the page marks as not the article: "
                "showing the page's main text",
            )
    if words >= _TEASER_WORDS:
        return _whole_article(found)
    root = parse_page(page_html)
    if root is None:
        return blocks, ()
    # As parsed, hidden parts and <noscript> too: a page that shows its text
    # only to scripts or behind a button still has it there.
    unwrap_page_form(root)
    better = main_text(root).blocks()
    # (Less prose than that is no article either: a sign-up box, a menu.)
    if _words(better) > _FALLBACK_RATIO * max(words, 1) and (
        _prose_words(better) >= _FALLBACK_MIN_WORDS
    ):
        prose = _prose_words(blocks)
        if _holds(better, blocks) or _prose_words(better) > _FALLBACK_RATIO * max(prose, 1):
            return better, ("readability found only a teaser: showing the page's main text",)
    if words < _FALLBACK_MIN_WORDS:
        whole = page_blocks(page_html)
        if _words(whole) > _FALLBACK_RATIO * max(words, 1):
            return whole, ("readability found no article: showing the whole page",)
    return _whole_article(found)


def _whole_article(found: Found) -> tuple[list[Block], tuple[str, ...]]:
    """Readability's pick, or the page's main text where that holds the pick's
    prose and `_PART_RATIO` times as much (readability kept one section)."""
    blocks = found.blocks
    if found.page is None:
        return blocks, ()
    prose = [" ".join(b.text.split()) for b in blocks if is_prose(b.text)]
    prose_words = _prose_words(blocks)
    words = _words(blocks)
    full = None
    if prose_words < _LIST_PROSE * words:
        # A list or a table, hardly any running text (a letter's signatures,
        # a link farm): the page's running text is the article if it has more
        # of that than the pick has words, or holds the pick and a teaser's
        # worth of prose besides.
        full = main_text(found.page)
        better = full.blocks()
        running = _prose_words(better)
        enough = running > words or (running >= _TEASER_WORDS and _holds_lines(better, blocks))
        if enough and not comment_shaped(better):
            return better, ("readability found a list: showing the page's main text",)
    # First without looking for comment threads by their shape (the costly
    # part), then, where the main text may stand in, with.
    main = main_text(found.page, comments=False)
    if main.element is None or not prose or main.held < _PART_RATIO * prose_words:
        return blocks, ()
    main = full or main_text(found.page)
    if main.element is None or main.held < _PART_RATIO * prose_words:
        return blocks, ()
    text = " ".join(main.element.text_content().split())
    if sum(1 for paragraph in prose if paragraph in text) < _HELD * len(prose):
        return blocks, ()
    better = main.blocks()
    # What the main text adds must be more of the article: paragraphs of prose
    # in runs (its other sections), not a box's one-sentence teasers.
    levels = [b.level for b in blocks if b.kind is BlockKind.HEADING]
    added = _added_running_prose(better, set(prose), levels)
    more_prose = added >= (_PART_RATIO - 1) * prose_words
    if more_prose and _words(better) >= _PART_RATIO * _words(blocks):
        return better, ("readability found part of the article: showing the page's main text",)
    return blocks, ()


def _added_running_prose(blocks: list[Block], known: set[str], levels: list[int]) -> int:
    """The words of the paragraphs of prose in `blocks` that are not `known`,
    stand in runs of two or more, and belong
    with the known ones: between them, or beside them up to the nearest
    heading above the part's own sections (the part's own headings' `levels`,
    and those among the known; past one begins another story: "Most
    popular", "From the archive")."""
    at = [i for i, b in enumerate(blocks) if " ".join(b.text.split()) in known]
    if not at:
        return 0
    start, end = at[0], at[-1]
    # Headings as deep as the part's own are its sections' (none: any stops).
    sections = [b.level for b in blocks[start : end + 1] if b.kind is BlockKind.HEADING]
    depth = min([*sections, *levels], default=7)

    def stops(block: Block) -> bool:
        return block.kind is BlockKind.HEADING and block.level < depth

    while start > 0 and not stops(blocks[start - 1]):
        start -= 1
    while end + 1 < len(blocks) and not stops(blocks[end + 1]):
        end += 1
    prose = [is_prose(b.text) for b in blocks]
    added = 0
    for i in range(start, end + 1):
        in_run = prose[i] and ((i > start and prose[i - 1]) or (i < end and prose[i + 1]))
        if in_run and " ".join(blocks[i].text.split()) not in known:
            added += word_count(blocks[i].text)
    return added


def _marked_apart(blocks: list[Block]) -> bool:
    """Whether every paragraph of prose in `blocks` is in a part the markup
    marks as not the article's (`Block.role`: a bio, comments, a box)."""
    prose = [b for b in blocks if is_prose(b.text)]
    return bool(prose) and all(b.role not in (None, "link") for b in prose)


def _prose_words(blocks: list[Block]) -> int:
    """The words of running text in `blocks`. A block that is not prose as a
    whole may still hold paragraphs set apart by line breaks: its lines of
    prose count (one ending with a link takes nothing from the others)."""
    return sum(_block_prose(b.text) for b in blocks)


def _block_prose(text: str) -> int:
    if is_prose(text):
        return word_count(text)
    if "\n" not in text:
        return 0
    return sum(word_count(line) for line in text.split("\n") if is_prose(line))


def _holds(outer: list[Block], inner: list[Block]) -> bool:
    """Whether most of `inner`'s prose is in `outer`."""
    prose = [" ".join(b.text.split()) for b in inner if is_prose(b.text)]
    if not prose:
        return False
    text = " ".join(" ".join(b.text.split()) for b in outer)
    return sum(1 for paragraph in prose if paragraph in text) * 2 > len(prose)


def _holds_lines(outer: list[Block], inner: list[Block]) -> bool:
    """Whether most of `inner`'s blocks, prose or not, are in `outer`."""
    known = {" ".join(b.text.split()) for b in outer}
    return sum(1 for b in inner if " ".join(b.text.split()) in known) * 2 > len(inner)


def _split_long(paragraphs: Paragraphs) -> Paragraphs:
    """The paragraphs with none over `_MAX_BLOCK` characters: a longer one is
    cut at spaces, its pieces one group. (A 20 MB paragraph is no use to read
    whole, and every later stage, up to wrapping lines on the screen, costs a
    pass over each block's text.)"""
    if all(len(block.text) <= _MAX_BLOCK for block in paragraphs.blocks):
        return paragraphs
    blocks: list[Block] = []
    after_blank = set()
    for i, block in enumerate(paragraphs.blocks):
        if i in paragraphs.after_blank:
            after_blank.add(len(blocks))
        text, start = block.text, 0
        while start < len(text):
            end = start + _MAX_BLOCK
            if end < len(text):
                space = text.rfind(" ", start + _MAX_BLOCK // 2, end)
                end = space + 1 if space > 0 else end
            if piece := text[start:end].strip():
                blocks.append(Block(block.kind, piece, block.level, block.role))
            start = end
    return Paragraphs(tuple(blocks), frozenset(after_blank))


def _read_html(page_html: str) -> tuple[list[Block], PageMeta, tuple[str, ...]]:
    """The article's blocks, the page's metadata and notes on how they were
    found, however the page is shaped (see reader.extract.tame)."""
    page_html = tame(page_html)
    if len(page_html) > _HUGE_PAGE:
        root = parse_page(page_html)
        if root is not None and len(root.text_content()) > _HUGE_PAGE:
            # Readability makes a dozen passes over every paragraph: on
            # megabytes of text, longer than any time limit.
            notes: tuple[str, ...] = (
                "too much text to find an article in: showing the whole page",
            )
            return page_blocks(page_html), meta_of(root, page_html), notes
    try:
        found = readable(page_html)
        blocks, notes = _with_fallback(page_html, found)
    except (TooDeep, RecursionError):
        page_html = flatten(page_html)
        found = readable(page_html)
        blocks, notes = _with_fallback(page_html, found)
        notes = (f"markup nested too deep to read: cut to {FLATTEN_DEPTH} levels", *notes)
    if found.page is not None:
        holding = holding_blocks(found.page)
        below = story_below_headline(found.page, blocks, found.meta.title, holding)
        if below:
            blocks = below
            notes = (*notes, "readability's pick is above the headline: showing the story under it")
        elif under := story_under_title(found.page, blocks, found.meta.title):
            blocks = under
            notes = (
                *notes,
                "readability took another story of the page: showing the one its title names",
            )
        blocks = standfirst(found.page, blocks, found.meta.description, holding) + blocks
    declared = _declared_body(blocks, found.meta.declared_body)
    if declared:
        blocks = declared
        notes = (*notes, "the page shows only a teaser: showing the text its metadata declares")
    return blocks, found.meta, notes


def _declared_body(blocks: list[Block], body: str | None) -> list[Block]:
    """The article text the page declares (JSON-LD `articleBody`), when what
    was found is a teaser of it: under `_TEASER_WORDS` words of prose, while
    the declared text has `_FALLBACK_RATIO` times as many and a teaser's worth
    at least (a page that renders its article by script, or behind a
    paywall's teaser, often declares all of it). Else none."""
    if not body:
        return []
    shown = _prose_words(blocks)
    declared = word_count(body)
    if shown >= _TEASER_WORDS or declared < max(_TEASER_WORDS, _FALLBACK_RATIO * shown):
        return []
    return list(split_paragraphs(body).blocks)


def _from_html(page: Page, vocab: Vocabulary, is_boilerplate: Callable[[str], bool]) -> Article:
    elements = page.text.count("<")
    if elements > MAX_ELEMENTS:
        elements = len(_TAG_START.findall(page.text))
        if elements > MAX_ELEMENTS:
            raise ArticleError(
                page.path, f"too many elements to read ({elements:,}; limit {MAX_ELEMENTS:,})"
            )
    blocks, meta, notes = _read_html(page.text)
    # Each HTML block is its own group: no blank lines to read.
    paragraphs = _split_long(Paragraphs(tuple(blocks), frozenset(range(len(blocks)))))
    # The page's hints (see _from_text) where the page says nothing better.
    # A title the page declares is taken as its publisher wrote it (as
    # Readability does); only a <title>'s text is cut to the headline it prints.
    if meta.title and not meta.declared_title:
        meta_title: str | None = headline_in(meta.title, meta.headings | _lines(blocks))
    else:
        meta_title = meta.title
    # (The headline the body prints is the title, not the body's first line.)
    header = read_header(paragraphs, vocab, is_boilerplate, known_title=page.title or meta_title)
    aggregator = vocab.aggregator(meta.site_name)
    source = header.source if aggregator else (meta.site_name or header.source)
    title = page.title or meta_title or header.title
    title = title or next((b.text for b in blocks if b.kind is BlockKind.HEADING), None)
    byline, dated = split_byline(meta.byline, vocab) if meta.byline else (None, None)
    byline, publication = _writer(byline or header.byline, vocab)
    return Article(
        path=page.path,
        kind=page.kind,
        title=clean_line(vocab.headline(title or "")) or title_from_path(page.path),
        blocks=_captioned(paragraphs.blocks, header, vocab),
        source=source or publication or page.source,
        aggregator=aggregator,
        section=meta.section or header.section,
        byline=byline or page.byline,
        published=meta.published or header.published or parse_date(dated or "") or page.published,
        url=meta.url or header.url or page.url,
        notes=notes,
        ident=page.ident,
    )


def extract(page: Page, is_boilerplate: Callable[[str], bool] = lambda text: False) -> Article:
    """The article in `page`. `is_boilerplate` keeps promo lines out of the header."""
    if page.kind is PageKind.HTML:
        return _from_html(page, vocabulary(), is_boilerplate)
    return _from_text(page, vocabulary(), is_boilerplate)
