"""Grouping: the library's pages into threads, whole or as it changes.

`group_library` groups a whole library; `regroup` takes the last grouping and
the pages that changed or went, and regroups only the threads the change
touches. Both give a `Grouping`. See `reader.threads` for the method.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any

from reader.bulk import collector_paused
from reader.model import ArticleInfo, Thread
from reader.threads.index import (
    EDGE,
    HEADLINE,
    MAX_BUCKET,
    MIN_KEYS,
    TEXT,
    TITLE,
    CandidateIndex,
    MemoryIndex,
    candidates_of,
    kind_key,
    opening_keys,
    quoted_by,
    text_keys,
)
from reader.threads.match import MIN_SHINGLES, SAME, Match
from reader.threads.prints import Fingerprint, word_keys
from reader.threads.stories import (
    CLOSING_BLOCKS,
    Found,
    Host,
    Page,
    compare,
    edges,
    edges_of,
    examine,
    is_lost,
    ledes_in,
    masks_of,
)
from reader.threads.titles import MIN_HEADLINE, headline, headlines_match, named_by_file

RECURRING = 3  # threads an opening or closing paragraph is in, to be the site's text
# Pages sharing this much of the shorter's text at their edges, in more than
# CLOSING_BLOCKS paragraphs, are one story: a short one, all its paragraphs edges.
SHARED_MOST = 0.6
NEWER_HOLDS = 0.9  # a copy that holds this much of another ...
NEWER_MORE = 1.1  # ... and this many times its text (not only at its end) is its update
TEASER_END = (
    1.05  # a shorter copy found within this many times its length of the start is its start
)


# Bump when the grouping's rules change: the groupings the cache keeps (made
# with the old rules) are made again, even where no file changed.
GROUPING = "2026.12.08-1"


@dataclass(frozen=True, slots=True)
class Choices:
    """The user's own say over threads: copies split out, and threads merged.
    Copies are named by their identities (`ArticleInfo.ident`)."""

    alone: frozenset[str] = frozenset()
    merged: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def digest(self) -> str:
        """What tells a grouping made with these choices, by this way of
        grouping (`GROUPING`), from any other: a grouping remembers it, and
        one made otherwise is made again."""
        text = repr((GROUPING, sorted(self.alone), sorted(self.merged)))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


NO_CHOICES = Choices()


@dataclass(frozen=True, slots=True)
class Embed:
    """Another story found in a page: its blocks `first:end` (the article's
    block indices; short lines between them included), and the file that
    holds that story, with its title (what the library's fold says)."""

    first: int
    end: int
    key: str
    title: str


@dataclass(frozen=True, slots=True)
class Grouping:
    """A library grouped: its threads (newest first), and what the grouping
    found on the way.

    - `thread_of`: each page's thread id, by key;
    - `embeds`: per page, the other stories found in it, which it leaves out;
    - `masked`: per page, the article blocks left out of its comparisons (the
      embedded stories, its site text, the rest of a related fold that held
      its story);
    - `lost`: pages whose text is another file's story while their title is a
      third's (extraction lost their own): alone, in no thread;
    - `site`: the paragraphs taken as a site's text (found at the same edge
      of pages of RECURRING stories or more), by edge key, each with its text
      keys (which are no evidence that two pages are one story);
    - `newer`: a copy's key -> the key of the copy of the same story it
      updates (a later date, or the same text and more, not only at its end),
      for the meta line's "newer copy" and for `d`;
    - `choices`: the user's choices it was made with.
    """

    threads: tuple[Thread, ...]
    thread_of: Mapping[str, str] = field(default_factory=dict)
    embeds: Mapping[str, tuple[Embed, ...]] = field(default_factory=dict)
    masked: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    lost: frozenset[str] = frozenset()
    site: Mapping[int, frozenset[int]] = field(default_factory=dict)
    newer: Mapping[str, str] = field(default_factory=dict)
    choices: Choices = NO_CHOICES
    # What a regroup looks up, kept so that it need not go through the library.
    lookups: _Lookups | None = field(default=None, repr=False, compare=False)

    def looked_up(self) -> _Lookups:
        return self.lookups if self.lookups is not None else _Lookups.of(self)

    def to_data(self) -> tuple[Any, ...]:
        """What the grouping found, as plain data (marshal's): all but its
        threads, which the library keeps apart (see `from_data`)."""
        return (
            GROUPING,
            {
                key: [(e.first, e.end, e.key, e.title) for e in found]
                for key, found in self.embeds.items()
            },
            {key: list(blocks) for key, blocks in self.masked.items()},
            sorted(self.lost),
            {key: sorted(keys) for key, keys in self.site.items()},
            dict(self.newer),
            (sorted(self.choices.alone), [list(pair) for pair in self.choices.merged]),
        )

    @classmethod
    def from_data(cls, threads: Sequence[Thread], data: Any) -> Grouping | None:
        """The grouping `to_data` gave, with these threads; None for data of
        another shape or made by other rules (`GROUPING`)."""
        try:
            rules, embeds, masked, lost, site, newer, (alone, merged) = data
            if rules != GROUPING:
                return None
            return cls(
                tuple(threads),
                {info.key: thread.id for thread in threads for info in thread.articles},
                {key: tuple(Embed(*e) for e in found) for key, found in embeds.items()},
                {key: tuple(blocks) for key, blocks in masked.items()},
                frozenset(lost),
                {key: frozenset(keys) for key, keys in site.items()},
                dict(newer),
                Choices(frozenset(alone), tuple(tuple(pair) for pair in merged)),
            )
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class _Lookups:
    """A grouping's threads by id, the pages holding each page's story, and
    the text keys of its site's text."""

    threads: Mapping[str, Thread]
    hosts: Mapping[str, frozenset[str]]
    furniture: frozenset[int]

    @classmethod
    def of(cls, grouping: Grouping) -> _Lookups:
        hosts: dict[str, set[str]] = defaultdict(set)
        for host, found in grouping.embeds.items():
            for embed in found:
                hosts[embed.key].add(host)
        return cls(
            {t.id: t for t in grouping.threads},
            {k: frozenset(v) for k, v in hosts.items()},
            _furniture(grouping.site),
        )


EMPTY = Grouping(())


def index_keys(info: ArticleInfo, fp: Fingerprint) -> list[int]:
    """What the candidate index holds of a page: its text keys, its headline's
    words and its opening and closing paragraphs (see `reader.threads.index`)."""
    keys = list(text_keys(fp.low_sample, len(fp)))
    keys.extend(_title_keys(info.title))
    keys.extend(_headline_key(info.title))
    keys.extend(edge for _, edge in _edges_of(fp))
    return keys


@lru_cache(maxsize=4096)
def _title_keys(title: str) -> list[int]:
    """Keys of a title's headline words."""
    return sorted(kind_key(h, TITLE) for h in word_keys(sorted(headline(title))))


@lru_cache(maxsize=4096)
def _headline_key(title: str) -> list[int]:
    """The key of a headline's content words, all of them at once (none for a
    headline too short to tell one story's from another's)."""
    words = headline(title)
    if len(words) < MIN_HEADLINE:
        return []
    value = 0
    for word in word_keys(sorted(words)):
        value ^= word
    return [kind_key(value, HEADLINE)]


_edges, _edges_of = edges, edges_of


class _Sets:
    """Union-find over keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        root = key
        while parent.get(root, root) != root:
            root = parent[root]
        while key != root:
            parent[key], key = root, parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


Pair = tuple[str, str]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass(slots=True)
class _State:
    """A grouping in the making: the pages (those decided, and those around
    them), each one's candidates, the pages titled alike, the pages whose
    opening it may quote; and what was decided."""

    pages: dict[str, Page]
    candidates: dict[str, set[str]]
    index: CandidateIndex
    titles: Mapping[str, ArticleInfo]  # every page's info: its title, for the lost
    quoting: dict[str, set[str]]
    hosts: dict[str, Host | None] = field(default_factory=dict)
    lost: set[str] = field(default_factory=set)
    same: dict[Pair, tuple[Match, str, str]] = field(default_factory=dict)
    final: dict[str, frozenset[int]] = field(default_factory=dict)  # masks of pages around
    near: dict[str, list[Page]] = field(default_factory=dict)

    def others(self, key: str) -> list[Page]:
        """Its candidates (in a stable order)."""
        found = self.near.get(key)
        if found is None:
            held = self.candidates.get(key, ())
            found = self.near[key] = [self.pages[k] for k in sorted(held) if k in self.pages]
        return found

    def titled_like(self, key: str) -> list[tuple[str, str]]:
        """The pages (key, title) sharing a headline word with this one."""
        found = _titled(self.index, self.pages[key])
        return [(k, self.titles[k].title) for k in sorted(found) if k in self.titles]

    def quoted(self, key: str) -> list[Page]:
        """The pages whose opening this page may quote (not its candidates)."""
        near = self.candidates.get(key, set())
        held = self.quoting.get(key, ())
        return [self.pages[k] for k in sorted(held) if k in self.pages and k not in near]


def _solve(state: _State, scope: Collection[str], site: Mapping[str, set[int]]) -> None:
    """Decide, for the pages in `scope`, which stories they hold, whether they
    are lost, and which of their candidate pairs are one story. Pages around
    them keep what was decided for them (their masks: `state.final` for the
    comparisons, the stories embedded in them while finding stories)."""
    pages = state.pages
    for key in scope:
        pages[key].mask(site.get(key, ()))
    # (A host's positions are kept while its candidates are looked for in
    # it, then let go: 100,000 pages' would not fit in memory.)
    # Twice: the second time with what the first found left out of the
    # files holding it (only pages with a candidate that changed so). The
    # ledes a page quotes are looked for in the first, with the same positions.
    ledes: dict[str, list[Found]] = {}
    hosts: dict[str, Host | None] = {}
    known: dict[tuple[str, str, frozenset[int]], tuple[Found, ...]] = {}
    todo: Collection[str] = scope
    for _round in range(2):
        before = {key: page.masked for key, page in pages.items() if page.masked}
        for key in todo:
            page = pages[key]
            if key not in ledes:
                ledes[key] = ledes_in(page, state.others(key) + state.quoted(key))
            hosts[key] = examine(page, state.others(key), ledes[key], known)
            page.forget_positions()
        for key in todo:
            found = hosts[key]
            embedded = found.embedded if found is not None else []
            pages[key].mask(set(site.get(key, ())).union(*(s.blocks for s in embedded)))
        moved = {k for k, p in pages.items() if p.masked != before.get(k, frozenset())}
        todo = [k for k in scope if moved.intersection(state.candidates.get(k, ()))]
    del known, ledes  # before the pairs' statistics: the peak of memory
    for key in scope:
        pages[key].mask(masks_of(pages[key], hosts[key], site.get(key, ())))
        state.hosts[key] = hosts[key]
    for key, masked in state.final.items():
        if key not in scope:
            pages[key].mask(masked)
    pairs = {_pair(a, b) for a in scope for b in state.candidates.get(a, ()) if b in pages}
    for a, b in pairs:
        match, shorter, longer = compare(pages[a], pages[b])
        state.same[a, b] = (match, shorter.key, longer.key)
    for key in scope:
        matches = []
        for near in state.others(key):
            measured, short_key, _ = state.same[_pair(key, near.key)]
            matches.append((near, measured, short_key == key))
        if is_lost(pages[key], hosts[key], matches, partial(state.titled_like, key)):
            state.lost.add(key)
        else:
            state.lost.discard(key)


def _site_text(
    pages: Mapping[str, Page], held: Iterable[tuple[int, Collection[str]]]
) -> dict[int, frozenset[int]]:
    """The paragraphs (of `held`: edge keys, each with the pages that have it)
    that are a site's text: found at the same edge of pages of RECURRING
    different stories (see `_one_story`); each with its text keys."""
    site = {}
    for edge, holders in held:
        stories: list[Page] = []  # a page of each story found among them
        for key in sorted(holders):
            page = pages.get(key)
            if page is None or any(_one_story(page, other) for other in stories):
                continue
            stories.append(page)
            if len(stories) >= RECURRING:
                site[edge] = _paragraph_keys(stories[0], edge)
                break
        for page in stories:
            page.forget_positions()
    return site


def _paragraph_keys(page: Page, edge: int) -> frozenset[int]:
    """The text keys (sample hashes) of a page's block at this edge key."""
    for o, key in _edges(page):
        if key == edge:
            starts = page.fp.sample_starts
            sample = page.text(True)
            end = starts[o + 1] if o + 1 < len(starts) else len(sample)
            return frozenset(sample[starts[o] : end])
    return frozenset()


def _furniture(site: Mapping[int, frozenset[int]]) -> frozenset[int]:
    """The text keys of a site's text, which are no evidence."""
    return frozenset().union(*site.values())


def _unless(keys: Iterable[int], left_out: Collection[int]) -> list[int]:
    return [k for k in keys if k not in left_out]


def _one_story(a: Page, b: Page) -> bool:
    """Whether two pages that share a paragraph at the same edge are one
    story: whether the shorter, without the edge paragraphs they share, is
    mostly in the other, or the edges they share are most of it, in more
    paragraphs than a banner and a sign-off. (Copies share their text
    throughout, and every paragraph of a short story is at an edge; the pages
    of a site share only their edges.)"""
    shared = {edge for _, edge in _edges(a)} & {edge for _, edge in _edges(b)}
    short, long = (a, b) if len(a.text()) <= len(b.text()) else (b, a)
    drop = {o for o, edge in _edges(short) if edge in shared}
    left = len(short.part(drop, False))
    if left < MIN_SHINGLES:
        return True  # nothing but what they share
    if len(drop) > CLOSING_BLOCKS and left < (1 - SHARED_MOST) * len(short.text()):
        return True  # most of it, in more paragraphs than a site's banner and sign-off
    sample = short.measured_on_sample() and long.measured_on_sample()
    rest, other = short.part(drop, sample), long.at(sample)
    return sum(1 for h in rest if h in other) >= SAME * len(rest)


def _site_blocks(page: Page, site: Collection[int]) -> set[int]:
    return {o for o, edge in _edges(page) if edge in site}


def _chosen(choices: Choices, infos: Iterable[ArticleInfo]) -> tuple[set[str], list[Pair]]:
    """The keys the user split out, and the pairs of keys they joined."""
    if choices == NO_CHOICES:
        return set(), []
    position: dict[str, list[str]] = defaultdict(list)
    wanted = set(choices.alone) | {i for pair in choices.merged for i in pair}
    for info in infos:
        if info.ident in wanted:
            position[info.ident].append(info.key)
    alone = {k for ident in choices.alone for k in position.get(ident, ())}
    merged = [
        (a, b)
        for first, second in choices.merged
        for a in position.get(first, ())
        for b in position.get(second, ())
    ]
    return alone, merged


def _joined(state: _State, out: Collection[str], sets: _Sets, pairs: Iterable[Pair]) -> None:
    for a, b in pairs:
        match = state.same[a, b][0]
        if match.same_story and a not in out and b not in out:
            sets.union(a, b)


def _newer(state: _State, pairs: Iterable[Pair], thread_of: Mapping[str, str]) -> dict[str, str]:
    """For each copy that updates another of its thread, the key of that one."""
    newer: dict[str, tuple[tuple[int, int, str], str]] = {}
    for pair in pairs:
        match, shorter, longer = state.same[pair]
        if not match.same_story or thread_of.get(shorter) != thread_of.get(longer):
            continue
        s, l_ = state.pages[shorter].info, state.pages[longer].info
        if match.contained >= 0.98 and match.longer <= 1.02 * match.shorter:
            continue  # the same text: copies, not versions
        if s.day and l_.day and s.day != l_.day:
            new, old = (s, l_) if s.day > l_.day else (l_, s)
        elif (
            match.contained >= NEWER_HOLDS
            and match.longer >= NEWER_MORE * match.shorter
            and match.reach > TEASER_END * match.shorter
        ):
            new, old = l_, s
        else:
            continue
        # The key breaks ties: pairs come in the order of a set, which is the hash seed's.
        rank = (old.day, old.words, old.key)
        if new.key not in newer or rank > newer[new.key][0]:
            newer[new.key] = (rank, old.key)
    return {key: old for key, (_, old) in newer.items()}


def _embed(page: Page, story: Found) -> Embed:
    holder = min(story.holders, key=lambda p: p.key)
    blocks = page.fp.blocks
    first, end = blocks[story.blocks.start], blocks[story.blocks.stop - 1] + 1
    return Embed(first, end, holder.key, holder.title)


def _found(
    state: _State, keys: Iterable[str]
) -> tuple[dict[str, tuple[Embed, ...]], dict[str, tuple[int, ...]]]:
    """The embedded stories and the masked blocks of these pages."""
    embeds: dict[str, tuple[Embed, ...]] = {}
    masked: dict[str, tuple[int, ...]] = {}
    for key in keys:
        page = state.pages[key]
        if page.masked:
            masked[key] = page.blocks_of(page.masked)
        found = state.hosts.get(key)
        if found is not None and found.embedded:
            embeds[key] = tuple(_embed(page, story) for story in found.embedded)
    return embeds, masked


def _lookup(
    index: CandidateIndex, pages: Iterable[Page], furniture: Collection[int]
) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Each page's candidates, the pages whose opening it may quote, and the
    pages sharing a headline word with it, from the index (leaving out the
    keys of a site's text, `furniture`)."""
    candidates: dict[str, set[str]] = {}
    quoting: dict[str, set[str]] = {}
    titled: dict[str, set[str]] = {}
    for page in pages:
        keys = _unless(text_keys(page.text(True), len(page.fp)), furniture)
        keys.extend(_headline_key(page.title))
        candidates[page.key] = candidates_of(index, page.key, keys)
        quoting[page.key] = quoted_by(index, page.key, page.text(True), len(page.fp), furniture)
        titled[page.key] = _titled(index, page)
    return candidates, quoting, titled


def _titled(index: CandidateIndex, page: Page) -> set[str]:
    """The pages sharing a headline word with this one (buckets over
    MAX_BUCKET not used)."""
    keys = _title_keys(page.title)
    found: set[str] = set()
    if len(keys) >= 2:
        for held in index.holders(keys).values():
            if len(held) <= MAX_BUCKET:
                found.update(held)
        found.discard(page.key)
    return found


@collector_paused()
def group_library(
    infos: Sequence[ArticleInfo],
    fingerprints: Sequence[Fingerprint],
    choices: Choices = NO_CHOICES,
    index: MemoryIndex | None = None,
) -> Grouping:
    """The threads of these articles (with their fingerprints), and what the
    grouping found. `index`, if given, is filled with their keys (keep it to
    `regroup` later); else one is made and let go."""
    index = MemoryIndex() if index is None else index
    pages: dict[str, Page] = {}
    for info, fp in zip(infos, fingerprints, strict=True):
        pages[info.key] = Page(info, fp)
        index.add(info.key, index_keys(info, fp))
    index.settle()
    # A site's text first: it is no evidence that two pages are one story.
    site = _site_text(pages, index.shared_keys(EDGE, RECURRING))
    furniture = _furniture(site)
    # Only the pages that have some (an empty set a page is 20 MB at 100k).
    candidates: dict[str, set[str]] = {}
    for a, b, count in index.shared(TEXT, furniture):
        if count >= MIN_KEYS and a in pages and b in pages:
            candidates.setdefault(a, set()).add(b)
            candidates.setdefault(b, set()).add(a)
    openings = {h for p in pages.values() for h in opening_keys(p.text(True), len(p.fp))}
    quoting = {
        key: found
        for key, each in pages.items()
        if (
            found := quoted_by(
                index, key, each.text(True), len(each.fp), furniture, index.keys_of(key), openings
            )
        )
    }
    del openings
    state = _State(pages, candidates, index, {k: p.info for k, p in pages.items()}, quoting)
    _solve(state, list(pages), {k: o for k, p in pages.items() if (o := _site_blocks(p, site))})
    alone, merged = _chosen(choices, infos)
    sets = _partition(state, state.same, alone | state.lost, merged)
    threads = _threads(sets, infos)
    thread_of = {info.key: thread.id for thread in threads for info in thread.articles}
    embeds, masked = _found(state, pages)
    grouping = Grouping(
        threads,
        thread_of,
        embeds,
        masked,
        frozenset(state.lost),
        site,
        _newer(state, state.same, thread_of),
        choices,
    )
    return replace(grouping, lookups=_Lookups.of(grouping))


def _partition(
    state: _State, pairs: Iterable[Pair], out: Collection[str], merged: Iterable[Pair]
) -> _Sets:
    sets = _Sets()
    _joined(state, out, sets, pairs)
    for a, b in merged:
        sets.union(a, b)
    return sets


def _threads(sets: _Sets, infos: Iterable[ArticleInfo]) -> tuple[Thread, ...]:
    members: dict[str, list[ArticleInfo]] = defaultdict(list)
    for info in infos:
        members[sets.find(info.key)].append(info)
    threads = [make_thread(copies) for copies in members.values()]
    threads.sort(key=thread_order)
    return tuple(threads)


def _ordinals(page: Page, blocks: Iterable[int]) -> set[int]:
    """The ordinals of these article blocks in the page's fingerprint."""
    wanted = set(blocks)
    return {o for o, index in enumerate(page.fp.blocks) if index in wanted}


def _changed_choices(before: Choices, now: Choices) -> set[str]:
    """The identities whose say changed."""
    changed = set(before.alone ^ now.alone)
    for pair in set(before.merged) ^ set(now.merged):
        changed.update(pair)
    return changed


@collector_paused()
def regroup(
    before: Grouping,
    infos: Mapping[str, ArticleInfo],
    load: Callable[[Collection[str]], Mapping[str, Fingerprint]],
    changed: Collection[str] = (),
    gone: Collection[str] = (),
    index: CandidateIndex | None = None,
    choices: Choices | None = None,
) -> Grouping:
    """The grouping after some pages changed (or are new) and some went,
    regrouping only the threads the change touches: the changed pages, their
    candidates (looked up in `index`, which is brought up to date), the pages
    that held a story of theirs or are titled like them, the pages whose say
    the user changed (`choices`, if they differ from `before`'s), the pages of
    a site whose text a change made or unmade, and every page of the threads
    those are in. `infos`: every page now, by key; `load`: the fingerprints of
    the keys asked for (the library reads them from its cache; for a gone
    page, what it still has). The rest keeps what `before` decided.

    What a full grouping may do differently: a page that quotes the opening
    of a story added later learns of it then; and what a change does two
    steps away (a page whose stories changed because a page it holds did)."""
    if index is None:
        raise ValueError("regroup needs the index the last grouping filled")
    choices = before.choices if choices is None else choices
    gone = set(gone)
    changed = {key for key in changed if key in infos} - gone
    prints: dict[str, Fingerprint] = dict(load(changed)) if changed else {}
    looked = before.looked_up()
    by_id = looked.threads

    def members(thread: str) -> list[str]:
        found = by_id.get(thread)
        return [a.key for a in found.articles] if found is not None else []

    # The pages that went or changed, as they were, and what they were near,
    # while the index still has them (a changed page's last fingerprint is
    # gone: its new one stands in).
    was = {
        info.key: info
        for key in gone | changed
        if (old_thread := by_id.get(before.thread_of.get(key, ""))) is not None
        for info in old_thread.articles
        if info.key == key
    }
    old = {**load([k for k in was if k in gone]), **{k: prints[k] for k in was if k in prints}}
    old_pages = [Page(was[k], fp) for k, fp in old.items() if k in was]
    furniture = looked.furniture
    near_then, quote_then, titles_then = _lookup(index, old_pages, furniture)
    for key in gone | changed:
        index.discard(key)
    for key in changed:
        index.add(key, index_keys(infos[key], prints[key]))
    new_pages = {key: Page(infos[key], prints[key]) for key in changed}
    scope = set(changed) | gone
    touched = _changed_choices(before.choices, choices)
    if touched:
        scope.update(info.key for info in infos.values() if info.ident in touched)
    for key in list(scope):
        scope.update(looked.hosts.get(key, ()))
    # A paragraph of theirs now at the same edge of pages of enough stories
    # to be a site's text, or no longer.
    site = dict(before.site)
    edges = {edge for page in new_pages.values() for _, edge in _edges(page)} - site.keys()
    edges |= {edge for page in old_pages for _, edge in _edges(page)} & site.keys()
    if edges:
        held = {e: [k for k in ks if k in infos] for e, ks in index.holders(edges).items()}
        prints.update(load({k for ks in held.values() for k in ks if k not in prints}))
        holders = {k: Page(infos[k], prints[k]) for ks in held.values() for k in ks}
        now = _site_text(holders, held.items())
        for edge in edges:
            if (edge in now) != (edge in site):
                if edge in now:
                    site[edge] = now[edge]
                else:
                    del site[edge]
                scope.update(held.get(edge, ()))
        furniture = _furniture(site) if site != before.site else furniture
    near, quote, titles = _lookup(index, new_pages.values(), furniture)
    for found in (near, quote, near_then, quote_then):
        for held_by in found.values():
            scope.update(held_by)
    # Pages titled like them, which may have lost their story to them.
    for page in [*new_pages.values(), *old_pages]:
        for other in {**titles_then, **titles}.get(page.key, ()):
            if other in infos and headlines_match(page.title, infos[other].title):
                scope.add(other)
    for key in list(scope):
        scope.update(members(before.thread_of.get(key, key)))
    scope = {key for key in scope if key in infos} - gone
    # The pages decided again, and the pages around them (their candidates,
    # the pages whose opening they quote), which keep what was decided for them.
    prints.update(load([key for key in scope if key not in prints]))
    pages = {key: new_pages.get(key) or Page(infos[key], prints[key]) for key in scope}
    todo = [pages[key] for key in scope if key not in near]
    for found, more in zip((near, quote), _lookup(index, todo, furniture)[:2], strict=True):
        found.update(more)
    near, quote = ({k: v[k] for k in scope} for v in (near, quote))
    around = set().union(*near.values(), *quote.values()) - scope
    around = {key for key in around if key in infos}
    prints.update(load([key for key in around if key not in prints]))
    state = _State(pages, near, index, infos, quote)
    for key in around:
        page = pages[key] = Page(infos[key], prints[key])
        embedded = {b for e in before.embeds.get(key, ()) for b in range(e.first, e.end)}
        page.mask(_ordinals(page, embedded) | _site_blocks(page, site))
        state.final[key] = frozenset(_ordinals(page, before.masked.get(key, ())))
    _solve(state, scope, {k: o for k in scope if (o := _site_blocks(pages[k], site))})
    state.lost |= {key for key in before.lost if key not in scope and key not in gone}
    # The new threads of the pages decided: their pairs, and the threads around
    # them that one of those pairs joins.
    alone, merged = _chosen(choices, infos.values())
    sets = _Sets()

    def node(key: str) -> str:
        return key if key in scope else _thread_node(before.thread_of.get(key, key))

    for key in around:
        sets.union(key, node(key))
    decided = [pair for pair in state.same if pair[0] in scope or pair[1] in scope]
    _joined(state, alone | state.lost, sets, decided)
    for a, b in merged:
        if a in scope or b in scope:
            sets.union(node(a), node(b))
    groups: dict[str, set[str]] = defaultdict(set)
    for key in scope:
        groups[sets.find(key)].add(key)
    joined = {before.thread_of.get(key, key) for key in around if sets.find(key) in groups}
    for thread_id in joined:
        root = sets.find(_thread_node(thread_id))
        if root in groups:
            groups[root].update(k for k in members(thread_id) if k in infos and k not in gone)
    new_threads = [make_thread(infos[k] for k in copies) for copies in groups.values()]
    dropped = {before.thread_of.get(k, k) for k in scope | gone} | joined
    # What is kept is copied, and what changed changed in the copy: a
    # regroup costs what the change touches, not what the library holds.
    threads = list(before.threads)
    by_id = dict(by_id)
    thread_of = dict(before.thread_of)
    for thread_id in dropped:
        old_thread = by_id.pop(thread_id, None)
        if old_thread is not None:
            at = bisect_left(threads, thread_order(old_thread), key=thread_order)
            while threads[at] is not old_thread:
                at += 1
            del threads[at]
            for info in old_thread.articles:
                thread_of.pop(info.key, None)
    for key in gone:
        thread_of.pop(key, None)
    for made in new_threads:
        insort(threads, made, key=thread_order)
        by_id[made.id] = made
        for info in made.articles:
            thread_of[info.key] = made.id
    stale = scope | gone
    found_embeds, found_masked = _found(state, scope)
    embeds, masked, newer = dict(before.embeds), dict(before.masked), dict(before.newer)
    hosts = dict(looked.hosts)
    for key in stale:
        for story in embeds.pop(key, ()):
            hosts[story.key] = hosts.get(story.key, frozenset()) - {key}
        masked.pop(key, None)
        newer.pop(key, None)
    for key, held_stories in found_embeds.items():
        for story in held_stories:
            hosts[story.key] = hosts.get(story.key, frozenset()) | {key}
    embeds.update(found_embeds)
    masked.update(found_masked)
    newer = {k: v for k, v in newer.items() if v not in stale}
    newer.update(_newer(state, decided, thread_of))
    grouping = Grouping(
        tuple(threads),
        thread_of,
        embeds,
        masked,
        frozenset(state.lost - gone),
        site,
        newer,
        choices,
    )
    lookups = _Lookups(by_id, {k: v for k, v in hosts.items() if v}, furniture)
    return replace(grouping, lookups=lookups)


def _thread_node(thread: str) -> str:
    """A node standing for a whole thread of the last grouping."""
    return "\0thread\0" + thread


def group(
    infos: Sequence[ArticleInfo],
    fingerprints: Sequence[Fingerprint],
    choices: Choices = NO_CHOICES,
) -> list[Thread]:
    """Threads of the articles described by `infos` (with their `fingerprints`),
    each led by its fullest copy, newest story first."""
    return list(group_library(infos, fingerprints, choices).threads)


def _fullness(info: ArticleInfo) -> tuple[bool, int, int, str]:
    """The fullest copy leads: one with a title of its own (not made from its
    file name, which would then name the whole thread), the most text, then the
    fewest folds (furniture)."""
    return (named_by_file(info), -info.words, info.folds, info.key)


def make_thread(copies: Iterable[ArticleInfo]) -> Thread:
    ordered = tuple(copies)
    if len(ordered) > 1:  # (most threads are one copy: no titles made from paths)
        ordered = tuple(sorted(ordered, key=_fullness))
    return Thread(id=ordered[0].key, articles=ordered)


def threads_as_before(infos: Iterable[ArticleInfo], ids: dict[str, str]) -> list[Thread]:
    """The threads a previous grouping made (each file's thread id, as cached, by
    key), for files still there; files it never saw are threads of their own."""
    members: dict[str, list[ArticleInfo]] = defaultdict(list)
    for info in infos:
        members[ids.get(info.key) or info.key].append(info)
    threads = [make_thread(copies) for copies in members.values()]
    threads.sort(key=thread_order)
    return threads


def thread_order(thread: Thread) -> tuple[int, str, str]:
    """Newest first (undated last), then by title and path, so the order is stable."""
    lead = thread.articles[0]
    if len(thread.articles) == 1:
        day = -lead.published.toordinal() if lead.published else 0
    else:
        dates = [a.published for a in thread.articles if a.published]
        day = -max(dates).toordinal() if dates else 0
    return (day, lead.title.casefold(), lead.key)
