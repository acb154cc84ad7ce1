"""Which stories a page holds, found by the library's own files.

A page may hold, besides its own story, other stories of the library: related
stories in full, an "Up next" lede, a digest of ledes; or, when extraction
went wrong, only another story, under its own title. Rules cannot know this,
but the library can: another file's text found whole in one stretch of the
page is that file's story, present in the page. So, for a page H and each
candidate B (a page sharing keys with it):

- B's story is *in* H when one stretch of H (found hashes at most GAP apart)
  holds at least EMBED_COVER of B's live text, or EMBED_PART of it in H's
  second half (a related story quoted in part after the page's own: a
  version or a teaser of B tells B from H's top); stretches that overlap by
  half are one story, with all the files holding it; and B's story is in H
  in parts when stretches of SPLIT_PART of it or more hold EMBED_COVER of it
  and H's title names B: H's own story, condensed (sentences dropped) or with
  something set between its parts (a box, another story in full), which is
  then found for what it is (unnamed, parts tell nothing: a version under a
  new headline, paragraphs added inside); and a stretch holding EMBED_PART of
  B set between two parts of the story H's title names is B's story quoted
  there (anywhere else, half of B in H may be H's own story that B holds: a
  digest of it);
- B's lede is *quoted* in H when a stretch holds LEDE_COVER of B's first LEAD
  hashes but not most of B (however much of B's opening follows: an "Up
  next" box's first paragraphs), and is at most half of H, and H's title does
  not name B (a digest, an "Up next" box).

H's own story among those found, in this order: every one its title names
(copies of it in several stretches: a teaser of its opening, a write-through
of the rest); none if its headline matches a candidate's that is not among
them (the page's story is that other one, which extraction lost); none if H
has text of its own that no candidate has (OWN_TEXT of it and MIN_OWN hashes:
the stories found are embedded in it); the largest, if it is COPY_SHARE of H or DOMINANT times
each other one; the only one; else none can be told (everything found is left
out, and a page left with almost nothing has lost its story). (So a page
whose title names every candidate, with no related fold and no lede quoted, has
them all for its own wherever they are: it is not searched.) Every story found
that is not H's own is *embedded*: left out of H's comparisons (and folded by
the library, with that story's title). This is done twice: the second time
with the stories the first found left out of the files that hold them (a file
may itself host another story).

A related fold's blocks (a rule's guess: "Most popular", "Related coverage")
count while stories are looked for; then they are left out, but for the part
of them that is the page's own story, or all of them if the page has too
little text without them (SWALLOWED: the fold holds its story).

A page is *lost* (kept out of every thread) when nothing was left of it but
other files' stories it could not tell its own among, or none of which is the
one its headline names while the pages titled so are other stories; or when
its live text is
mostly (LOST_BODY) another file's story while its headline is a third file's
and it is not that story: extraction took an embedded story for the body.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from reader.model import ArticleInfo
from reader.threads.index import EDGE
from reader.threads.match import (
    MIN_SAMPLE,
    MIN_SHINGLES,
    SAMPLE_ERROR,
    TITLED,
    Match,
    Run,
    densest,
    densest_run,
    joined,
    measure,
    places_in,
    positions,
    stretches_of,
)
from reader.threads.prints import SAMPLE, Fingerprint, low_bits
from reader.threads.titles import (
    MIN_HEADLINE,
    headline,
    headlines_match,
    named_by_file,
    names,
    titles_match,
)

GAP = 30  # hashes: found hashes further apart than this are two stretches
EMBED_COVER = 0.7
EMBED_PART = 0.5  # of a story, in a page's second half: quoted there in part
SPLIT_PART = 0.05  # of a story, in each of its parts: a copy cut up (condensed, set around)
LEAD, LEAD_MIN = 20, 15
LEDE_COVER = 0.7
COPY_SHARE = 0.5
DOMINANT = 3
OWN_TEXT, MIN_OWN = 0.3, 40
LOST_SHARE = 0.15  # a page with no story of its own left with less than this has lost it
LOST_BODY = 0.8
SWALLOWED = 60  # a page with less text than this outside related folds: they hold its story


_MASKS: dict[frozenset[int], frozenset[int]] = {}
MAX_MASKS = 10_000


class Page:
    """One article as the grouping sees it: its fingerprint, and which of its
    blocks (ordinals: their places in the fingerprint) are left out of its
    comparisons (`masked`)."""

    # Slots, not dicts, for what is worked out once per page: 100,000 pages.
    __slots__ = (
        "_at",
        "_at_sample",
        "_edges",
        "_live",
        "_live_sample",
        "fp",
        "full",
        "info",
        "key",
        "masked",
        "sampled",
    )

    def __init__(self, info: ArticleInfo, fp: Fingerprint) -> None:
        self.key = info.key
        self.info = info
        self.fp = fp
        # All hashes are read on their low 32 bits (what a compact fingerprint
        # keeps), the sample's too: so a compact and a full fingerprint match.
        self.full = fp.shingles if fp.shingles.typecode == "I" else low_bits(fp.shingles)
        self.sampled = fp.low_sample
        self.masked: frozenset[int] = frozenset()
        self._live: array | slice | None = None
        self._live_sample: array | slice | None = None
        self._at: dict[int, int] | None = None
        self._at_sample: dict[int, int] | None = None
        self._edges: array | None = None  # its edge keys (see `edges_of`)

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def end(self) -> int:
        return len(self.fp.blocks)

    def _stop(self, ordinal: int, sample: bool) -> int:
        """Where block `ordinal` starts (or the text ends) in the measure."""
        starts = self.fp.sample_starts if sample else self.fp.starts
        if ordinal < len(starts):
            return starts[ordinal]
        return len(self.sampled if sample else self.full)

    def text(self, sample: bool = False) -> array:
        """The page's text (all its counted blocks)."""
        return self.sampled if sample else self.full

    def at(self, sample: bool) -> dict[int, int]:
        """Where each hash of the page's text is (kept until forgotten)."""
        found = self._at_sample if sample else self._at
        if found is None:
            found = positions(self.text(sample))
            if sample:
                self._at_sample = found
            else:
                self._at = found
        return found

    def forget_positions(self) -> None:
        self._at = self._at_sample = None

    def mask(self, ordinals: Iterable[int]) -> None:
        masked = frozenset(o for o in ordinals if o < self.end)
        if masked != self.masked:
            # Most masks are a few edge blocks, the same on many pages: shared.
            if len(_MASKS) < MAX_MASKS:
                masked = _MASKS.setdefault(masked, masked)
            else:
                masked = _MASKS.get(masked, masked)
            self.masked = masked
            self._live = self._live_sample = None

    def _kept(self, sample: bool) -> array | slice:
        """What `live` is, as `_cut` gives it (kept until the mask changes)."""
        found = self._live_sample if sample else self._live
        if found is None:
            found = self._cut(self.masked, sample)
            if sample:
                self._live_sample = found
            else:
                self._live = found
        return found

    def live(self, sample: bool = False) -> Sequence[int]:
        """The page's text without its masked blocks."""
        found = self._kept(sample)
        return memoryview(self.text(sample))[found] if isinstance(found, slice) else found

    def live_size(self, sample: bool = False) -> int:
        """How many hashes `live` has (with no view made)."""
        found = self._kept(sample)
        return found.stop - found.start if isinstance(found, slice) else len(found)

    def part(self, left_out: Collection[int], sample: bool = False) -> Sequence[int]:
        """The page's text without these blocks (ordinals). (One stretch, as
        when only the edges are left out, is a view of the text, not a copy.)"""
        cut = self._cut(left_out, sample)
        return memoryview(self.text(sample))[cut] if isinstance(cut, slice) else cut

    def _cut(self, left_out: Collection[int], sample: bool) -> array | slice:
        """`part`, one stretch kept as where it is (a slice is a quarter of a
        memoryview's size: one a page, 100,000 pages)."""
        whole = self.text(sample)
        if not left_out:
            return whole
        spans, at = [], 0
        for o in sorted(left_out):
            start = self._stop(o, sample)
            if start > at:
                spans.append((at, start))
            at = max(at, self._stop(o + 1, sample))
        if at < len(whole):
            spans.append((at, len(whole)))
        if len(spans) == 1:
            return slice(*spans[0])
        return joined([whole[a:b] for a, b in spans]) if spans else array(whole.typecode)

    def head(self, sample: bool) -> int:
        """Where the live text's head ends: the end of a live block nearest to
        its first third (the first block's end, at least)."""
        third, at, ends = self.live_size(sample) / 3, 0, []
        for o in range(self.end):
            if o not in self.masked:
                at += self._stop(o + 1, sample) - self._stop(o, sample)
                ends.append(at)
        ends = [end for end in ends if end > 0]
        return min(ends, key=lambda end: abs(end - third)) if ends else 0

    def measured_on_sample(self) -> bool:
        return self.live_size(True) >= MIN_SAMPLE

    def ordinals(self, start: int, end: int, sample: bool) -> range:
        """The blocks (ordinals) that hashes start:end of the text fall in."""
        starts = self.fp.sample_starts if sample else self.fp.starts
        first = max(bisect_right(starts, start) - 1, 0)
        last = max(bisect_right(starts, max(end - 1, start)) - 1, first)
        return range(first, last + 1)

    def size(self, blocks: range) -> int:
        """Hashes in these blocks."""
        return self._stop(blocks.stop, False) - self._stop(blocks.start, False)

    def blocks_of(self, ordinals: Iterable[int]) -> tuple[int, ...]:
        """The article block indices of these ordinals."""
        return tuple(sorted(self.fp.blocks[o] for o in ordinals))


EDGE_HEAD, EDGE_TAIL = 3, 6  # blocks at the top and bottom of a page that are its edges
_BOTTOM = 0x5BD1E9955BD1E995  # what tells a block's key at the bottom from its key at the top
_KEY_BITS = ((1 << 64) - 1) & ~3
CLOSING_BLOCKS = 2  # more closing paragraphs in common than this are a story's, not a sign-off
# ... and so are closing paragraphs holding more than this of the shorter's text, under
# titles alike (a story of a few long paragraphs: all of them edges).
SIGN_OFF_SHARE = 0.5


def edges_of(fp: Fingerprint) -> list[tuple[int, int]]:
    """A page's opening and closing blocks: (ordinal, edge key), the edge key
    being the block's key marked with its side (a site's text keeps its
    place: a banner at the top, a disclaimer at the bottom) and as the
    candidate index keeps it (`index.EDGE`)."""
    keys, count = fp.keys, len(fp.keys)
    top = [(o, (keys[o] & _KEY_BITS) | EDGE) for o in range(min(EDGE_HEAD, count))]
    bottom = range(max(count - EDGE_TAIL, 0), count)
    return top + [(o, ((keys[o] ^ _BOTTOM) & _KEY_BITS) | EDGE) for o in bottom]


def _edge_keys(page: Page) -> array:
    """A page's edge keys, kept as an array (a list of tuples of big ints
    would be a kilobyte a page)."""
    found = page._edges
    if found is None:
        found = page._edges = array("Q", [e for _, e in edges_of(page.fp)])
    return found


def edges(page: Page) -> list[tuple[int, int]]:
    """`edges_of` the page's fingerprint."""
    count = page.end
    ordinals = [*range(min(EDGE_HEAD, count)), *range(max(count - EDGE_TAIL, 0), count)]
    return list(zip(ordinals, _edge_keys(page), strict=True))


def closings(page: Page) -> set[int]:
    """The edge keys of a page's closing blocks."""
    return set(_edge_keys(page)[min(EDGE_HEAD, page.end) :])


def compare(a: Page, b: Page) -> tuple[Match, Page, Page]:
    """The statistic for two pages' live texts, the shorter in the longer;
    with the shorter and the longer. One or two paragraphs both close with,
    and nothing else at their ends (a sign-off, a disclaimer), are no
    evidence, so they are left out of both, unless that leaves the shorter
    with nothing (two short copies), or they are most of it under titles
    alike (a story of a few long paragraphs, all of them at its
    edges; a brief over a long disclaimer has a title of its own). (More in
    common at their ends is a story's ending; and what both open with is a
    story's lede as often as a site's banner: those count.)"""
    sample = a.measured_on_sample() and b.measured_on_sample()
    la, lb = a.live(sample), b.live(sample)
    if (len(la), a.key) > (len(lb), b.key):
        a, b, la, lb = b, a, lb, la
    if a.live_size() < MIN_SHINGLES:
        return Match(0.0, 0.0, 0.0, len(la), len(lb)), a, b
    shared = closings(a).intersection(closings(b))
    drops: tuple[frozenset[int], frozenset[int]] | None = None
    if shared and len(shared) <= CLOSING_BLOCKS:
        drop_a = a.masked | {o for o, e in edges(a) if e in shared}
        left = len(a.part(drop_a))
        if left >= MIN_SHINGLES and not (
            left < (1 - SIGN_OFF_SHARE) * a.live_size() and titles_match(a.title, b.title)
        ):
            drops = (drop_a, b.masked | {o for o, e in edges(b) if e in shared})

    def measured(on_sample: bool) -> Match:
        if drops is None:
            return measure(a.live(on_sample), b.live(on_sample))
        return measure(a.part(drops[0], on_sample), b.part(drops[1], on_sample))

    def titled(match: Match) -> Match:
        # (Looked at only where the headlines could decide.)
        if (
            match.ordered >= TITLED - SAMPLE_ERROR
            and (not match.same_story or match.near_the_line())
            and _headlined_alike(a, b)
        ):
            return replace(match, titled=True)
        return match

    match = titled(measured(sample))
    if sample and match.near_the_line():
        match = titled(measured(False))  # near the lines, a sample's error could decide
    return match, a, b


def _headlined_alike(a: Page, b: Page) -> bool:
    """Whether two pages have headlines alike, each its own (not its file's name)."""
    return (
        headlines_match(a.title, b.title)
        and not named_by_file(a.info)
        and not named_by_file(b.info)
    )


@dataclass(slots=True)
class Found:
    """A story found in a page: its blocks (ordinals) and the files holding it."""

    blocks: range
    holders: list[Page]
    lede: bool = False
    size: int = 0
    part: bool = False  # EMBED_PART of it only, not in the page's second half


def _story_in(host: Page, other: Page) -> tuple[Found, ...]:
    """Other's story, if one stretch of host holds EMBED_COVER of its live
    text, or EMBED_PART of it in host's second half; or its parts, if
    stretches of SPLIT_PART of it or more hold EMBED_COVER of it (see `examine`)."""
    if other.live_size() < MIN_SHINGLES:
        return ()
    sample = other.measured_on_sample() and len(host.text(True)) >= MIN_SAMPLE
    inner = other.live(sample)
    if EMBED_PART * len(inner) > len(host.text(sample)):
        return ()
    found = places_in(inner, host.at(sample))
    if len(found) < EMBED_PART * len(inner):
        return ()
    stretches = stretches_of(found, GAP // SAMPLE if sample else GAP)
    run = densest(stretches)
    if run.found >= EMBED_COVER * len(inner) or (
        run.found >= EMBED_PART * len(inner) and run.start >= 0.5 * len(host.text(sample))
    ):
        return (_found_in(host, other, run, sample),)
    parts = [r for r in stretches if r.found >= SPLIT_PART * len(inner)]
    if len(parts) > 1 and sum(r.found for r in parts) >= EMBED_COVER * len(inner):
        return tuple(_found_in(host, other, r, sample) for r in parts)
    if run.found >= EMBED_PART * len(inner):
        return (_found_in(host, other, run, sample, part=True),)
    return ()


def _found_in(host: Page, other: Page, run: Run, sample: bool, part: bool = False) -> Found:
    blocks = host.ordinals(run.start, run.end, sample)
    return Found(blocks, [other], size=host.size(blocks), part=part)


def _lede_in(host: Page, other: Page) -> Found | None:
    """Other's lede, if host quotes it (see the module)."""
    whole = other.live()
    count = min(len(whole) // 2, LEAD)
    if count < LEAD_MIN:
        return None
    if _named(host, other):
        return None  # the story the page's title names: a teaser, a copy
    opening = whole[:count]
    sampled = other.live(True)[: count // SAMPLE]
    if len(sampled) >= 2 and not any(map(host.at(True).__contains__, sampled)):
        return None  # none of its first sampled hashes: not most of its first hashes
    at = host.at(False)
    if sum(map(at.__contains__, opening)) < LEDE_COVER * count:
        return None
    # However much of its opening follows (an "Up next" box's first
    # paragraphs, a write-through's quote of it), short of most of it.
    run = densest_run(whole, at, GAP)
    if run.found >= EMBED_COVER * len(whole) or run.end - run.start > 0.5 * len(host.text()):
        return None  # most of the story (found whole), or most of the page
    blocks = host.ordinals(run.start, run.end, False)
    return Found(blocks, [other], lede=True, size=host.size(blocks))


def _overlap(a: range, b: range) -> int:
    return max(0, min(a.stop, b.stop) - max(a.start, b.start))


def _merged(found: Sequence[Found], host: Page) -> list[Found]:
    """Stories found in overlapping stretches (by half the smaller) are one."""
    stories: list[Found] = []
    for item in sorted(found, key=lambda f: (f.blocks.start, f.blocks.stop)):
        for story in stories:
            shared = host.size(range(*_cut(story.blocks, item.blocks)))
            if shared >= 0.5 * min(story.size, item.size):
                story.blocks = range(
                    min(story.blocks.start, item.blocks.start),
                    max(story.blocks.stop, item.blocks.stop),
                )
                story.size = host.size(story.blocks)
                story.holders.extend(item.holders)
                break
        else:
            stories.append(Found(item.blocks, list(item.holders), item.lede, item.size))
    return stories


def _cut(a: range, b: range) -> tuple[int, int]:
    start = max(a.start, b.start)
    return start, max(start, min(a.stop, b.stop))


@dataclass(slots=True)
class Host:
    """What a page was found to hold: the stories, which is its own, and why."""

    stories: list[Found] = field(default_factory=list)
    # Its own: none, one, or every one its title names (copies of it found in
    # several stretches: a teaser of its opening, a write-through of the rest).
    own: list[Found] = field(default_factory=list)
    why: str = ""

    @property
    def embedded(self) -> list[Found]:
        return [s for s in self.stories if not any(s is o for o in self.own)]


def _own_text(host: Page, stories: Sequence[Found], candidates: Iterable[Page]) -> int:
    """How much text host has of its own: hashes outside the stories found
    (and its site text) that no candidate has (0 if under OWN_TEXT of it or
    MIN_OWN hashes)."""
    sample = len(host.text(True)) >= MIN_SAMPLE
    covered = {o for story in stories for o in story.blocks} | host.masked
    outside = host.part(covered, sample)
    scale = SAMPLE if sample else 1
    least = max(OWN_TEXT * len(host.text()), MIN_OWN)
    if scale * len(outside) < least:
        return 0
    elsewhere: set[int] = set()
    for other in candidates:
        elsewhere.update(other.text(sample))
    unique = scale * sum(1 for h in outside if h not in elsewhere)
    return unique if unique >= least else 0


def _between(story: Found, named: Sequence[Found], stories: Sequence[Found]) -> bool:
    """Whether a story lies between two of the named ones, overlapping none found."""
    start, stop = story.blocks.start, story.blocks.stop
    return (
        any(s.blocks.stop <= start for s in named)
        and any(s.blocks.start >= stop for s in named)
        and not any(_overlap(story.blocks, s.blocks) for s in stories)
    )


def _named(host: Page, other: Page) -> bool:
    """Whether host's title names other's story."""
    return names(host.title, other.title, other.fp.lede)


def examine(
    host: Page,
    candidates: Sequence[Page],
    ledes: Sequence[Found],
    known: dict[tuple[str, str, frozenset[int]], tuple[Found, ...]] | None = None,
) -> Host | None:
    """The stories in host, and which is its own (see the module). `known`:
    the stories found before (by host, other, and what other left out)."""
    if (
        candidates
        and not ledes
        and host.fp.own >= host.end
        and all(_named(host, o) for o in candidates)
    ):
        # Whatever of them is found in it is its own story: none is embedded,
        # so where they are in it need not be looked for (no related fold
        # asks which of its blocks are the page's own).
        return Host(why="title")
    known = {} if known is None else known
    found: list[Found] = []
    partial: list[Found] = []
    for other in candidates:
        seen = (host.key, other.key, other.masked)
        if seen not in known:
            known[seen] = _story_in(host, other)
        parts = known[seen]
        if len(parts) == 1:
            (partial if parts[0].part else found).append(parts[0])
        elif parts and _named(host, other):
            # Found in parts, it is the page's own story, condensed or with
            # something set between (a box, another story); else a story the
            # page only shares scattered text with, which tells nothing.
            found.extend(parts)  # (`_merged` copies what it changes)
    stories = _merged(found, host)
    named = [s for s in stories if any(_named(host, p) for p in s.holders)]
    if len(named) > 1:
        # Part of another story set between parts of the one the title names.
        stories.extend(s for s in _merged(partial, host) if _between(s, named, stories))
    for lede in ledes:
        if not any(_overlap(lede.blocks, story.blocks) for story in stories):
            stories.append(lede)
    if not stories:
        return None
    holders = {page.key for story in stories for page in story.holders}
    largest = max(stories, key=lambda s: s.size)
    if named:
        return Host(stories, named, "title")
    if any(
        headlines_match(host.title, other.title) for other in candidates if other.key not in holders
    ):
        return Host(stories, [], "title elsewhere")
    if _own_text(host, stories, candidates):
        return Host(stories, [], "own text")
    whole = len(host.text())
    if largest.size >= COPY_SHARE * whole or (
        len(stories) > 1
        and all(largest.size >= DOMINANT * s.size for s in stories if s is not largest)
    ):
        return Host(stories, [largest], "most of it")
    if len(stories) == 1 and not largest.lede:
        return Host(stories, [largest], "copy")
    if all(s.lede for s in stories):
        return Host(stories, [], "ledes")
    return Host(stories, [], "ambiguous")


def ledes_in(host: Page, candidates: Iterable[Page]) -> list[Found]:
    return [lede for other in candidates if (lede := _lede_in(host, other))]


def masks_of(host: Page, found: Host | None, site: Collection[int]) -> set[int]:
    """The blocks (ordinals) a page leaves out: its site text, the stories
    embedded in it, and its related folds but for its own story in them (all
    of them, unless it has too little text without them)."""
    masked = set(site)
    if found is not None:
        for story in found.embedded:
            masked.update(story.blocks)
    related = range(host.fp.own, host.end)
    if related:
        owned = found.own if found is not None else []
        dropped = [o for o in related if not any(o in story.blocks for story in owned)]
        left = len(host.text()) - sum(host.size(range(o, o + 1)) for o in dropped)
        if owned or left >= SWALLOWED:
            masked.update(dropped)
    return masked


def is_lost(
    page: Page,
    found: Host | None,
    candidates: Iterable[tuple[Page, Match, bool]],
    titled_alike: Callable[[], Iterable[tuple[str, str]]],
) -> bool:
    """Whether a page lost its story (see the module). `candidates`: each
    with the statistic of the pair, and whether the page is the shorter;
    `titled_alike`: the pages (key, title) sharing a headline word with it."""
    candidates = list(candidates)
    if found is not None and page.live_size() < max(LOST_SHARE * len(page.text()), MIN_SHINGLES):
        if found.why == "ambiguous":
            return True
        # Its headline is another page's, and that page is another story.
        titled = [m.same_story for o, m, _ in candidates if headlines_match(page.title, o.title)]
        if found.why == "title elsewhere" and titled and not any(titled):
            return True
    if not candidates or len(headline(page.title)) < MIN_HEADLINE:
        return False  # (no candidate holds its body)
    live = page.live()
    if len(live) < MIN_SHINGLES:
        return False
    same: dict[str, bool] = {}
    body_of = None
    for other, match, shorter in candidates:
        same[other.key] = match.same_story
        if body_of is not None or _named(page, other):
            continue
        if shorter:
            inside = match.contained
        elif other.live_size() >= LOST_BODY * len(live):
            theirs = set(other.live())
            inside = sum(map(theirs.__contains__, live)) / len(live)
        else:
            continue
        if inside >= LOST_BODY:
            body_of = other
    if body_of is None:
        return False
    return any(
        headlines_match(page.title, title) and not same.get(other, False)
        for other, title in titled_alike()
        if other not in (page.key, body_of.key)
    )
