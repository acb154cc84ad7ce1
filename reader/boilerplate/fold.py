"""Mark the blocks of an Article that are boilerplate, and group them into folds.

Four kinds of evidence; the catalogue (`catalogue.toml` plus the user's
`rules.toml`) holds the rules and the thresholds:

- **Rules.** A rule recognises a block by its text. A rule with a `region`
  also takes in what follows the block it matched: to the end of the article
  ("Related Stories"), over the short lines after it ("Share this article",
  "Facebook", "X"...), or up to the next paragraph of prose. A region stops where
  another rule matches, unless it runs to the end. Even that one never runs
  over the article: opened above the article's first paragraph (a "Most
  popular" box beside the story) it ends at that paragraph, and opened later it
  ends where paragraphs of prose resume (`prose_run` in a row: the story
  going on, not a box's teasers). A rule that names an aggregator claims the
  page for it only on evidence: a line no aggregator-free rule knows, or the
  page's address on the aggregator's domain; elsewhere "Related Stories" is
  every site's line.
- **Recurring text.** A paragraph that opens or closes the pages of several
  different stories in the library (a disclaimer, a sign-off, "This story was
  produced by…") belongs to the site, not the story. The library finds those
  (`recurring`) and folds them again with them (`fold(..., recurring)`).
- **Menus.** Before the first paragraph of prose and after the last, a run of
  several one-to-three-word lines is a site menu (lines the rules know as a
  menu's items, "Sign in", count towards it but make none alone; so is one
  line of such items, a menu or share bar pasted whole: four or more, or
  three with one the rules know), and a line of numbers and
  no word ("9.7K", "432") a widget's counter.
- **Markup.** A block the page's markup places in its comments, a related
  box, a menu or a footer (`Block.role`, given by extraction) is folded as
  that, unless that would take most of the article's prose.

Precision comes first: a rule never matches a block longer than its
`max_words`, and menus are only looked for outside the article's prose. What is
folded stays in the Article; the screen shows one line for it.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import replace

from reader.boilerplate.rules import LABELS, Catalogue, Region, Rule, Structure
from reader.model import Article, ArticleInfo, Block, BlockKind, Fold
from reader.normalize import SENTENCE_END, is_prose, line_key, prose_start, word_count

_MENU = Rule(id="structure.menu", kind="nav", label="site navigation", lines=frozenset())
_MARKUP: dict[str, Rule] = {}
_LINK = Rule(id="structure.link", kind="related", label="links to other pages", lines=frozenset())
_ASIDE_KINDS = frozenset({BlockKind.CAPTION, BlockKind.NOTE})
# Between a menu bar's items: a field separator, or spaces where the cells were.
_MENU_BAR = re.compile(r"\s+[·|•/]\s+| {2,}")
_COUNTS = Rule(id="structure.counts", kind="share", label="counters", lines=frozenset())
# A line of numbers and no word ("9.7K", "432", "1 · 2 · 3"): what a page's
# widgets print (likes, comments, pages), not a sentence of its story.
_COUNT_LINE = re.compile(r"(?:\d[\d.,]*\s?[KkMm]?\+?[\s·|/-]*)+")
_REPEATED = Rule(
    id="structure.repeated", kind="repeated", label="text this site repeats", lines=frozenset()
)
# Only paragraphs of this many words, among a page's first and last few blocks.
_RECURRING_WORDS = (6, 150)
_EDGE_HEAD, _EDGE_TAIL = 3, 6
# A short line that ends as a label ends ("Read more:", "Mehr zum Thema:")
# introduces what follows it, as a heading does.
_LABEL_END = (":", "»", "›")
# Rule kinds whose one-line matches ("Skip to content", "Sign in") a menu takes in.
_MENU_ITEMS = frozenset({"nav", "subscribe", "newsletter", "footer", "share", "app"})
# ... and the kinds of the items a bar of them holds ("Share · Print · Comments (0)").
_BAR_ITEMS = _MENU_ITEMS | {"comments"}


def _region_continues(region: Region, block: Block, catalogue: Catalogue) -> bool:
    if region is Region.SHORT:
        return word_count(block.text) <= catalogue.structure.short_words
    return not is_prose(block.text, catalogue.structure.prose_words)


def _is_menu_line(block: Block, max_words: int) -> bool:
    return block.kind is BlockKind.PARAGRAPH and _is_menu_item(block.text, max_words)


def _is_menu_item(text: str, max_words: int) -> bool:
    """A menu's item: at most `max_words` words, and no sentence."""
    return word_count(text) <= max_words and not SENTENCE_END.search(text)


def _evidenced(
    blocks: tuple[Block, ...],
    matched: list[Rule | None],
    catalogue: Catalogue,
    article: Article | None,
) -> set[str]:
    """The aggregators this page shows evidence of: a line that only an
    aggregator's rules know (not "Related Stories", which every site prints),
    its name as the page's source, or its domain in the page's address."""
    named = {rule.aggregator for rule in matched if rule is not None and rule.aggregator}
    if not named:
        return set()
    evidenced = set()
    if article is not None:
        source = line_key(article.source) if article.source else None
        for name in named:
            by_name = article.aggregator == name or source == line_key(name)
            if by_name or catalogue.on_site_of(name, article.url):
                evidenced.add(name)
    for block, rule in zip(blocks, matched, strict=True):
        if (
            rule is not None
            and rule.aggregator
            and rule.aggregator not in evidenced
            and catalogue.match_unclaimed(block.text) is None
        ):
            evidenced.add(rule.aggregator)
    return evidenced


def _end_of_end(prose: list[bool], asides: list[bool], i: int, structure: Structure) -> int:
    """Where an "end" region opened after the article's first paragraph ends:
    where `prose_run` paragraphs of prose in a row resume (captions and credits
    between them left out), else at the end."""
    count = len(prose)
    for j in range(i, count):
        if not prose[j]:
            continue
        run, k = 0, j
        while k < count and run < structure.prose_run and (prose[k] or asides[k]):
            run += prose[k]
            k += 1
        if run >= structure.prose_run:
            return j
    return count


def _box_end(prose: list[bool], i: int) -> int:
    """Where an "end" region opened above the article's first paragraph (a
    box over or beside the story) ends: after its item lines and, if its first
    item has a one-paragraph blurb, each blurb that follows an item line; at
    the first other paragraph of prose, which is the story's."""
    count = len(prose)
    blurbs = i + 1 < count and not prose[i] and prose[i + 1]
    j = i
    while j < count and (not prose[j] or (blurbs and j > i and not prose[j - 1])):
        j += 1
    return j


def mark(
    blocks: tuple[Block, ...],
    catalogue: Catalogue,
    recurring: frozenset[int] = frozenset(),
    article: Article | None = None,
) -> list[Rule | None]:
    """For each block, the rule that folds it, or None for article text.
    `recurring` holds the keys of text the library repeats (see `recurring`);
    `article`, the one the blocks are of, gives the evidence of an aggregator
    its metadata holds."""
    count = len(blocks)
    structure = catalogue.structure
    owner: list[Rule | None] = [None] * count
    matched = [catalogue.match(block.text) for block in blocks]
    evidenced = _evidenced(blocks, matched, catalogue, article)
    for i, rule in enumerate(matched):
        if rule is not None and rule.aggregator and rule.aggregator not in evidenced:
            matched[i] = catalogue.match_unclaimed(blocks[i].text)
    # The article's own prose: running text that no rule claims. Photo
    # captions and credits between its paragraphs are left out of the count,
    # so that they neither start nor break a run of it.
    words = structure.prose_words
    prose = [
        rule is None and block.kind is not BlockKind.HEADING and is_prose(block.text, words)
        for block, rule in zip(blocks, matched, strict=True)
    ]
    asides = [
        block.kind in _ASIDE_KINDS or (rule is not None and rule.kind == "credit")
        for block, rule in zip(blocks, matched, strict=True)
    ]
    first_prose = prose_start(prose)
    i = 0
    while i < count:
        rule = matched[i]
        if rule is None:
            i += 1
            continue
        owner[i] = rule
        i += 1
        if rule.region is None:
            continue
        if rule.region is Region.END:
            end = (
                _box_end(prose, i) if i <= first_prose else _end_of_end(prose, asides, i, structure)
            )
            owner[i:end] = [rule] * (end - i)
            i = end
            continue
        while i < count and matched[i] is None:
            if not _region_continues(rule.region, blocks[i], catalogue):
                break
            owner[i] = rule
            i += 1
    _mark_roles(blocks, owner, words)
    _mark_links(blocks, owner, words)
    _mark_menus(blocks, owner, catalogue)
    _mark_counts(blocks, owner, words)
    _mark_headings(blocks, owner, structure.short_words)
    if recurring:
        for i in edges(count):
            if owner[i] is None and recurring_key(blocks[i]) in recurring:
                owner[i] = _REPEATED
    return owner


def edges(count: int) -> list[int]:
    """Where a site puts its own text: the first and the last blocks of a page."""
    head, tail = range(min(count, _EDGE_HEAD)), range(max(count - _EDGE_TAIL, 0), count)
    return sorted(set(head) | set(tail))


def recurring_key(block: Block) -> int | None:
    """What identifies a block's text across pages (None for blocks too short
    or too long to be a site's repeated text)."""
    words = word_count(block.text)
    if (
        block.kind is not BlockKind.PARAGRAPH
        or not _RECURRING_WORDS[0] <= words <= _RECURRING_WORDS[1]
    ):
        return None
    digest = hashlib.blake2b(line_key(block.text).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


RECURRING_STORIES = 4


def recurring(
    stories: Iterable[Iterable[ArticleInfo]], *, min_stories: int = RECURRING_STORIES
) -> frozenset[int]:
    """Keys of the paragraphs that open or close pages of at least `min_stories`
    different stories: a site's disclaimer, sign-off or furniture, which belongs
    to the site and not to any story. (Copies of one story count once, so that
    a story's own paragraphs never qualify.)"""
    counter = Recurring(min_stories)
    for copies in stories:
        counter.add(story_edges(copies))
    return counter.common()


def story_edges(copies: Iterable[ArticleInfo]) -> frozenset[int]:
    """The edge keys of a story: of all its copies, each once."""
    keys: set[int] = set()
    for info in copies:
        keys.update(unpack_keys(info.edges))
    return frozenset(keys)


class Recurring:
    """`recurring`, kept up to date story by story: a library that regroups a
    few threads counts again only theirs."""

    def __init__(self, min_stories: int = RECURRING_STORIES) -> None:
        self.min_stories = min_stories
        self._counts: dict[int, int] = {}
        self._common: set[int] = set()

    def add(self, keys: Iterable[int]) -> None:
        counts, least = self._counts, self.min_stories
        for key in keys:
            n = counts[key] = counts.get(key, 0) + 1
            if n == least:
                self._common.add(key)

    def remove(self, keys: Iterable[int]) -> None:
        counts, least = self._counts, self.min_stories
        for key in keys:
            n = counts.get(key, 0) - 1
            if n <= 0:
                counts.pop(key, None)
            else:
                counts[key] = n
            if n == least - 1:
                self._common.discard(key)

    def common(self) -> frozenset[int]:
        return frozenset(self._common)

    def to_data(self) -> dict[int, int]:
        """The counts, as plain data (to keep with a grouping)."""
        return dict(self._counts)

    @classmethod
    def from_data(cls, counts: dict[int, int], min_stories: int = RECURRING_STORIES) -> Recurring:
        counter = cls(min_stories)
        counter._counts = dict(counts)
        counter._common = {key for key, n in counts.items() if n >= min_stories}
        return counter


def edge_keys(article: Article) -> bytes:
    """The keys of an article's unfolded opening and closing paragraphs, packed
    as 64-bit integers (an `array("Q")`'s bytes: what the cache keeps)."""
    keys = array(
        "Q",
        (
            key
            for i in edges(len(article.blocks))
            if article.fold_at(i) is None and (key := recurring_key(article.blocks[i])) is not None
        ),
    )
    return keys.tobytes()


def unpack_keys(edges: bytes) -> array[int]:
    """The keys `edge_keys` packed."""
    return array("Q", edges)


def _markup_rule(role: str) -> Rule:
    rule = _MARKUP.get(role)
    if rule is None:
        rule = _MARKUP[role] = Rule(
            id=f"markup.{role}", kind=role, label=LABELS.get(role, role), lines=frozenset()
        )
    return rule


def _mark_roles(blocks: tuple[Block, ...], owner: list[Rule | None], prose_words: int) -> None:
    """Blocks the page's markup places in its comments, related box, menu or
    footer (`Block.role`) are folded as that, unless that would take most of
    the article's prose: then the markup is wrong about it (an article in an
    <aside>), and it stays. A "box" (another story above the story's own
    header, found by extraction) is folded however long: the header is the
    evidence."""
    prose: dict[str | None, int] = {}
    for block, rule in zip(blocks, owner, strict=True):
        if rule is None and is_prose(block.text, prose_words):
            prose[block.role] = prose.get(block.role, 0) + word_count(block.text)
    total = sum(prose.values())
    for i, block in enumerate(blocks):
        if block.role is None or block.role == "link" or owner[i] is not None:
            continue
        if block.role == "box" or prose.get(block.role, 0) * 2 <= total:
            owner[i] = _markup_rule(block.role)


def _mark_links(blocks: tuple[Block, ...], owner: list[Rule | None], prose_words: int) -> None:
    """Paragraphs that are all link (`Block.role` "link") before the article's
    first paragraph of prose or after its last are pointers to other pages
    ("Back to the overview", the next story's headline): folded. Between its
    paragraphs one is the article's own (a source it cites, a document)."""
    _mark_outside(blocks, owner, prose_words, _LINK, lambda b: b.role == "link", but="link")


def _mark_counts(blocks: tuple[Block, ...], owner: list[Rule | None], prose_words: int) -> None:
    """Lines of numbers alone before the article's first paragraph of prose or
    after its last: counters (folded). Between its paragraphs a number may be
    the story's (a score, a figure set apart)."""
    counts = _COUNT_LINE.fullmatch
    _mark_outside(blocks, owner, prose_words, _COUNTS, lambda b: counts(b.text.strip()) is not None)


def _mark_outside(
    blocks: tuple[Block, ...],
    owner: list[Rule | None],
    prose_words: int,
    rule: Rule,
    wanted: Callable[[Block], bool],
    but: str | None = None,
) -> None:
    """Give `rule` the blocks no fold holds that are `wanted`, before the
    article's first paragraph of prose or after its last (see `_prose_span`)."""
    span = _prose_span(blocks, owner, prose_words, but=but)
    for i, block in enumerate(blocks):
        if owner[i] is None and i not in span and wanted(block):
            owner[i] = rule


def _prose_span(
    blocks: tuple[Block, ...], owner: list[Rule | None], prose_words: int, but: str | None = None
) -> range:
    """From the first paragraph of prose no fold holds to the last (blocks of
    the role `but` not counted); empty if there is none."""
    prose = [
        i
        for i, block in enumerate(blocks)
        if owner[i] is None
        and (but is None or block.role != but)
        and is_prose(block.text, prose_words)
    ]
    return range(prose[0], prose[-1] + 1) if prose else range(0)


def _bar_rule(block: Block, catalogue: Catalogue) -> Rule | None:
    """What folds a line that is a bar of a menu's or a share box's items
    ("News  Markets  Events  Jobs", "Email this story | Print | Comments"):
    cells parted by separators or wide spaces, none a sentence; four or more
    of at most two words, or three or more of at most three words of which
    the rules know one as such an item (a share box's then, if one is a
    share item). None for any other line."""
    if block.kind is not BlockKind.PARAGRAPH or "\n" in block.text:
        return None
    structure = catalogue.structure
    cells = _MENU_BAR.split(block.text.strip())
    words = structure.nav_max_words
    if len(cells) < 3 or not all(word_count(c) and _is_menu_item(c, words) for c in cells):
        return None
    known = [r for c in cells if (r := catalogue.match(c)) is not None and r.kind in _BAR_ITEMS]
    shared = next((r for r in known if r.kind == "share"), None)
    if shared is not None:
        return shared
    if known or (len(cells) >= structure.nav_min_lines and all(word_count(c) <= 2 for c in cells)):
        return _MENU
    return None


def _mark_menus(blocks: tuple[Block, ...], owner: list[Rule | None], catalogue: Catalogue) -> None:
    """Runs of menu lines outside the article's prose, and a line that is a
    whole bar of items there, are the site's menu (or its share box)."""
    structure = catalogue.structure
    span = _prose_span(blocks, owner, structure.prose_words)
    if not span:
        return
    outside = [range(span.start), range(span.stop, len(blocks))]
    for zone in outside:
        for i in zone:
            if owner[i] is None and (bar := _bar_rule(blocks[i], catalogue)) is not None:
                owner[i] = bar
    for zone in outside:
        run: list[int] = []
        for i in [*zone, None]:
            rule = owner[i] if i is not None else None
            if (
                i is not None
                and (rule is None or (rule.kind in _MENU_ITEMS and rule.region is None))
                and _is_menu_line(blocks[i], structure.nav_max_words)
            ):
                run.append(i)
                continue
            # Items the rules know ("Sign in") count towards a menu's length,
            # but make none by themselves.
            if len(run) >= structure.nav_min_lines and any(owner[j] is None for j in run):
                for j in run:
                    owner[j] = _MENU
            run = []


def _heading_level(block: Block, short_words: int) -> int | None:
    """The level of a block that heads what follows it: a heading's own, or
    for a short line ending as a label ends ("Mehr zum Thema:") one below
    every heading's (7); None for any other block."""
    if block.kind is BlockKind.HEADING:
        return block.level or 1
    text = block.text.rstrip()
    if block.kind is BlockKind.PARAGRAPH and text.endswith(_LABEL_END):
        return 7 if word_count(text) <= short_words else None
    return None


def _mark_headings(blocks: tuple[Block, ...], owner: list[Rule | None], short_words: int) -> None:
    """A heading (or a label line) whose part, up to the next heading as high,
    is folded whole goes with it ("Read more:" over a related box): it joins
    the fold after it. One with nothing under it stays (a video's heading)."""
    levels = [_heading_level(block, short_words) for block in blocks]
    for i in range(len(blocks) - 1, -1, -1):
        level = levels[i]
        if level is None or owner[i] is not None:
            continue
        end = i + 1
        while end < len(blocks) and ((below := levels[end]) is None or below > level):
            end += 1
        if end > i + 1 and all(owner[j] is not None for j in range(i + 1, end)):
            owner[i] = owner[i + 1]


def fold(
    article: Article, catalogue: Catalogue, recurring: frozenset[int] = frozenset()
) -> Article:
    """`article` with its boilerplate folded (and its aggregator, if a rule names one).
    Folding again with the library's `recurring` text also folds that."""
    owner = mark(article.blocks, catalogue, recurring, article)
    folds: list[Fold] = []
    aggregator = article.aggregator
    start = 0
    while start < len(owner):
        rule = owner[start]
        end = start + 1
        if rule is None:
            start = end
            continue
        while end < len(owner) and owner[end] is rule:
            end += 1
        folds.append(Fold(rule.kind, rule.label, start, end, rule.id, rule.aggregator))
        aggregator = aggregator or rule.aggregator
        start = end
    return replace(article, folds=tuple(folds), aggregator=aggregator)
