"""The same-story statistic, and where one text sits inside another.

For two texts, S the shorter and L the longer (their live hashes: what is left
once another story embedded in them or a site's repeated text is left out):

- *ordered containment* O: of S's hashes, the most found in L in the same order
  (the longest increasing run of their positions in L), over |S|;
- *head*: the share of S's first third found in L, the third taken to the
  nearest end of a paragraph (so that a brief's one-sentence lede is its
  head, not the lede and the start of a disclaimer after it).

Copies and versions of one story have both high. A copy-edit, a new standfirst,
a rewritten lede or a write-through change or add a few paragraphs and leave
most of the rest, in order (O well over a half); a teaser is the story's
start (O near 1); and what they share includes the story's opening part,
since every version of a story tells it from the same beginning (head over a
half). A follow-up story reuses background paragraphs, but as a minority of
its text and not its opening: its top is the new event (O up to 0.58 measured,
head 0.14). Two briefs that end with the same disclaimer share their last
part, not their first (head at most 0.47 measured). A story of the same event
written by someone else shares almost no runs of five words. So the rule: one
story iff O >= SAME and head >= HEAD, for an S of at least MIN_SHINGLES.

A new lede or standfirst over a short story is most of the story's first
third, so the head of a copy that opens with one falls under a half (0.42 to
0.47 measured) while nearly all the rest is there, in order. So a pair is one
story too when O >= MOSTLY and head >= PART_OF_HEAD: a follow-up's shared
background, in order, was at most 0.67 of it with a head of 0.16 (measured).

A write-through of a short story rewrites its first paragraph, a third of
it or more: the head falls under PART_OF_HEAD (0.04 to 0.23 measured) while
the rest is there, in order (O 0.6 to 0.75). A follow-up that reuses
background has the same shape (O up to 0.67, head 0.16), but under a
headline of its own: in the dev corpora no two pages of different stories had
headlines alike (`titles.headlines_match`) at all. So a pair is one story too
when its headlines are alike (both the pages' own, not file names: `titled`)
and O >= TITLED, whatever its head.

A summary (an aggregator's retelling) keeps the story's sentences but not
their order: O falls (0.49 measured) while nearly all of it is in the longer,
its opening too. So a pair is one story too when the containment in any
order and the head are both at least SUMMARY; a follow-up's background,
however ordered, is a minority of it, and a disclaimer is not an opening.

Long texts are measured on their samples (the hashes divisible by
`prints.SAMPLE`, the same ones in every copy, so the ratios hold, for a
quarter of the work); short ones, where a sample is too small to trust, on all
their hashes; and so are two texts whose figures on the samples are within
SAMPLE_ERROR of the rule's lines, where a sample's error could decide.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, pairwise, repeat

SAME = 0.5
HEAD = 0.5
SUMMARY = 0.75
MOSTLY, PART_OF_HEAD = 0.75, 0.25  # a new lede over a short story (see the module)
TITLED = 0.6  # under headlines alike: a write-through's rewritten opening (see the module)
MIN_SHINGLES = 8
MIN_SAMPLE = 32  # a text with fewer sampled hashes is measured on all of them
# Figures on a sample this near the rule's lines are measured again on all the
# hashes: a share of a sample of 32 to 100 is off by 0.05 to 0.09 (one sigma).
SAMPLE_ERROR = 0.05


def lis_length(seq: Sequence[int]) -> int:
    """The length of the longest strictly increasing subsequence (n log n;
    at once for one in order, as a copy's mostly is)."""
    if list(seq) == sorted(seq):
        return len(set(seq))
    tails: list[int] = []
    for x in seq:
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


@dataclass(frozen=True, slots=True)
class Match:
    """How much of the shorter text is in the longer (see the module)."""

    ordered: float  # O: ordered containment
    head: float  # share of the shorter's first third found in the longer
    contained: float  # share of the shorter found in the longer, in any order
    shorter: int  # hashes of the shorter, in the measure used
    longer: int
    reach: int = 0  # where in the longer the last hash found is, plus one
    titled: bool = False  # the pages' own headlines are alike (where it could decide)

    @property
    def same_story(self) -> bool:
        return self._same(0.0)

    def near_the_line(self, margin: float = SAMPLE_ERROR) -> bool:
        """Whether the figures are so near the rule's lines that moving them
        by `margin` could change the answer (a sample's error)."""
        return self._same(-margin) != self._same(margin)

    def _same(self, by: float) -> bool:
        if self.ordered >= SAME + by and self.head >= HEAD + by:
            return True
        # A new lede or standfirst over a short story is most of its first
        # third: three quarters of it in order, and part of its opening, is it.
        if self.ordered >= MOSTLY + by and self.head >= PART_OF_HEAD + by:
            return True
        # A write-through's new first paragraph, under the story's headline.
        if self.titled and self.ordered >= TITLED + by:
            return True
        # A summary tells the story's sentences in another order: most of it is
        # in the longer, its opening too, but not in the same order.
        return self.contained >= SUMMARY + by and self.head >= SUMMARY + by


NO_MATCH = Match(0.0, 0.0, 0.0, 0, 0)


def positions(text: Sequence[int]) -> dict[int, int]:
    """Where each hash of a text is (its last place, for one found twice)."""
    return dict(zip(text, range(len(text)), strict=False))


def first_positions(text: Sequence[int]) -> dict[int, int]:
    """Where each hash of a text first is."""
    last = len(text) - 1
    return dict(zip(reversed(text), range(last, -1, -1), strict=False))


def measure(shorter: Sequence[int], longer: Sequence[int], head: int = 0) -> Match:
    """The statistic for `shorter` in `longer`; the shorter's head is its
    first `head` hashes (its first third, if not given). (The shorter's
    places are looked up while the longer is read through: the longer's own
    would be the bigger table.)"""
    if not shorter:
        return NO_MATCH
    at = first_positions(shorter)
    count = len(at)  # each hash once: a text's repeats count once
    present = list(map(at.__contains__, longer))
    order = list(map(at.__getitem__, compress(longer, present)))  # the shorter's places
    found = set(order)
    contained = len(found) / count
    if contained < SAME:  # O cannot reach SAME: spare the rest
        return Match(contained, 0.0, contained, count, len(longer))
    third = min(max(head or count // 3, 1), count)
    first = sum(1 for place in found if place < third) / third
    reach = len(present) - present[::-1].index(True)
    return Match(lis_length(order) / count, first, contained, count, len(longer), reach)


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a page that holds another text: hashes start:end of the
    page, and how many of the other text's hashes are in it."""

    start: int
    end: int
    found: int


def places_in(inner: Sequence[int], outer_at: Mapping[int, int]) -> list[int]:
    """Where in the outer text each of `inner`'s hashes found there is, in order
    of place (one for each found, repeats too)."""
    found = sorted(map(outer_at.get, inner, repeat(-1)))  # one look-up each; -1 first
    return found[bisect_right(found, -1) :]


def densest_run(inner: Sequence[int], outer_at: Mapping[int, int], gap: int) -> Run:
    """The stretch of the outer text holding most of `inner`'s hashes: found
    hashes no more than `gap` apart are one stretch."""
    return densest_of(places_in(inner, outer_at), gap)


def densest_of(found: Sequence[int], gap: int) -> Run:
    """`densest_run` of the places found (`places_in`): the first of the
    stretches holding the most."""
    return densest(stretches_of(found, gap))


def densest(runs: Sequence[Run]) -> Run:
    """The first of these stretches holding the most (an empty one for none)."""
    return max(runs, key=lambda run: run.found, default=Run(0, 0, 0))


def stretches_of(found: Sequence[int], gap: int) -> list[Run]:
    """Every stretch of the places found (`places_in`), in order: places no
    more than `gap` apart are one."""
    runs: list[Run] = []
    if not found:
        return runs
    start, count = found[0], 1
    for before, here in pairwise(found):
        if here - before > gap:
            runs.append(Run(start, before + 1, count))
            start, count = here, 1
        else:
            count += 1
    runs.append(Run(start, found[-1] + 1, count))
    return runs


def joined(parts: Sequence[array]) -> array:
    """Arrays one after another."""
    if len(parts) == 1:
        return parts[0]
    out = array(parts[0].typecode if parts else "Q")
    for part in parts:
        out.extend(part)
    return out
