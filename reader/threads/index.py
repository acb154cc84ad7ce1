"""Candidates: which pages may share a story, from an index of hash keys.

Comparing every page with every other is quadratic, so only pages that share
keys are compared. A page's keys (`index_keys`) are drawn from its text's
sample (hashes divisible by SAMPLE), all of them in one known way, so that a
key two pages share is a run of words they share:

- every hash divisible by KEY_EVERY, over the whole text (not only its
  opening: a copy may sit anywhere in a page), about one in 16;
- the sample of its first OPENING_KEYS hashes (about: its first OPENING_KEYS /
  SAMPLE sampled ones), so a short copy of the start (a paywall teaser) finds
  the full copy by more than chance;
- the whole sample of a short text (fewer than SHORT hashes), which has too
  few of the sparse keys to be found by them.

Two pages are candidates when they share MIN_KEYS keys. A key more than
MAX_BUCKET pages hold is a site's furniture or a stock phrase, not a story,
and is not used: so no input makes the pairs grow quadratically, and the work
is near-linear in the number of pages. (The price: a story saved more than
MAX_BUCKET times has no key left to be found by, and its copies stay apart.)
The relation is symmetric and depends only on the two pages' keys, so a
page's candidates can be looked up in an index kept from one run to the next
(`CandidateIndex`: the library keeps one in SQLite; `MemoryIndex` is the one
in memory), and an incremental regroup finds exactly the pairs a full one
would.

Keys of other kinds share the index, told apart by their two low bits: text
keys are 0 (they come from the sample), title keys (`TITLE`: a headline's
words, to find a page whose title names another's story) are 1, paragraph
keys (`EDGE`: the opening and closing paragraphs, to count a site's repeated
text) are 2, and headline keys (`HEADLINE`: all of a headline's content words
at once) are 3. A headline key counts as MIN_KEYS text keys: two pages with
the same headline are candidates whatever their text, so that a teaser too
short to hold MIN_KEYS sampled hashes (a feed's one-sentence item: a text of
16 hashes has none sampled one time in a hundred) still meets its story;
whether they are one story, their text decides."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress
from typing import Protocol

from reader.threads.prints import SAMPLE

KEY_EVERY = 16
OPENING_KEYS = 32
SHORT = 128
MIN_KEYS = 2
MAX_BUCKET = 50
TEXT, TITLE, EDGE, HEADLINE = 0, 1, 2, 3
_KIND = 3  # the bits that tell the kinds apart
_MASK = (1 << 64) - 1


def text_keys(sample: array, length: int) -> set[int]:
    """The keys of a text of `length` hashes whose sample (its hashes divisible
    by SAMPLE) is `sample`."""
    if length < SHORT:
        keys = set(sample)
    else:
        # (A hash's lowest byte comes first: the array is little-endian.)
        lowest = sample.tobytes()[0 :: sample.itemsize]
        keys = set(compress(sample, lowest.translate(_SPARSE)))
        keys.update(sample[: OPENING_KEYS // SAMPLE])
    return keys


def opening_keys(sample: array, length: int) -> array:
    """The text keys of a text that are not drawn from the whole of it: its
    opening's (all of a short text's). Only these can be in another page's
    sample and not in that page's own keys (see `quoted_by`)."""
    return sample if length < SHORT else sample[: OPENING_KEYS // SAMPLE]


# The lowest byte of a hash -> 1 if the hash is divisible by KEY_EVERY, else 0.
_SPARSE = bytes(int(b % KEY_EVERY == 0) for b in range(256))


def _weight(key: int) -> int:
    """What a key shared counts for: a headline key, as much as MIN_KEYS."""
    return MIN_KEYS if key & _KIND == HEADLINE else 1


def kind_key(value: int, kind: int) -> int:
    """A 64-bit value made into a key of the kind given."""
    return (value & _MASK & ~_KIND) | kind


class CandidateIndex(Protocol):
    """Which pages hold which keys. The library may keep one in SQLite; the
    grouping only adds, drops and looks up."""

    def add(self, page: str, keys: Iterable[int]) -> None:
        """Index a page under these keys (replacing what it had)."""
        ...

    def discard(self, page: str) -> None:
        """Forget a page (nothing happens for one not indexed)."""
        ...

    def holders(self, keys: Iterable[int]) -> Mapping[int, Collection[str]]:
        """For each of these keys that any page holds, the pages holding it
        (for a key of more than MAX_BUCKET pages, any MAX_BUCKET + 1 of them
        will do: it is not used)."""
        ...


class MemoryIndex:
    """A `CandidateIndex` in memory: what the full grouping builds, and what
    tests use."""

    __slots__ = ("_buckets", "_ids", "_keys", "_names")

    def __init__(self) -> None:
        self._names: list[str] = []
        self._ids: dict[str, int] = {}
        self._keys: dict[int, array] = {}
        # key -> the one page id holding it, or a list of them (most keys are
        # one page's); a tuple once `settle`d
        self._buckets: dict[int, int | list[int] | tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, page: object) -> bool:
        ident = self._ids.get(page) if isinstance(page, str) else None
        return ident is not None and ident in self._keys

    def _id(self, page: str) -> int:
        found = self._ids.get(page)
        if found is None:
            found = self._ids[page] = len(self._names)
            self._names.append(page)
        return found

    def add(self, page: str, keys: Iterable[int]) -> None:
        self.discard(page)
        ident = self._id(page)
        owned = set(keys)
        self._keys[ident] = array("Q", owned)
        buckets = self._buckets
        held_before = buckets.keys() & owned
        owned -= held_before
        buckets.update(dict.fromkeys(owned, ident))  # most keys are one page's
        for key in held_before:
            held = buckets[key]
            if isinstance(held, int):
                buckets[key] = [held, ident]
            elif isinstance(held, list):
                held.append(ident)
            else:
                buckets[key] = [*held, ident]

    def discard(self, page: str) -> None:
        ident = self._ids.get(page)
        owned = self._keys.pop(ident, None) if ident is not None else None
        if ident is None or owned is None:
            return
        buckets = self._buckets
        for key in owned:
            held = buckets[key]
            if isinstance(held, int):
                del buckets[key]
            else:
                rest = [i for i in held if i != ident]
                buckets[key] = rest[0] if len(rest) == 1 else rest

    def settle(self) -> None:
        """Hold each shared key's pages in a tuple, not a growing list: a
        third less memory, once a library's pages are all added."""
        buckets = self._buckets
        for key, held in buckets.items():
            if isinstance(held, list):
                buckets[key] = tuple(held)

    def keys_of(self, page: str) -> array:
        """The keys a page is indexed under (none for a page not indexed)."""
        ident = self._ids.get(page)
        found = self._keys.get(ident) if ident is not None else None
        return found if found is not None else array("Q")

    def pages(self) -> Iterator[tuple[str, array]]:
        """Every page indexed, with its keys (to keep the index elsewhere)."""
        names = self._names
        for ident, keys in self._keys.items():
            yield names[ident], keys

    def _held(self, key: int) -> Sequence[int]:
        held = self._buckets[key]
        return (held,) if isinstance(held, int) else held

    def holders(self, keys: Iterable[int]) -> dict[int, list[str]]:
        names = self._names
        return {
            key: [names[i] for i in self._held(key)[: MAX_BUCKET + 1]]
            for key in self._buckets.keys() & set(keys)
        }

    def counted(self, keys: Iterable[int]) -> dict[str, int]:
        """For each page, how many of these keys it holds (keys of more than
        MAX_BUCKET pages not counted): what `candidates_of` asks, at once."""
        counts: dict[int, int] = defaultdict(int)
        wanted = keys if isinstance(keys, set | frozenset) else set(keys)
        for key in self._buckets.keys() & wanted:
            held = self._held(key)
            if len(held) <= MAX_BUCKET:
                weight = _weight(key)
                for ident in held:
                    counts[ident] += weight
        names = self._names
        return {names[i]: n for i, n in counts.items()}

    def shared_keys(self, kind: int, least: int) -> Iterator[tuple[int, list[str]]]:
        """The keys of this kind that `least` pages or more hold, each with
        (at most MAX_BUCKET + 1 of) those pages."""
        names = self._names
        for key, held in self._buckets.items():
            if key & _KIND == kind and not isinstance(held, int) and len(held) >= least:
                yield key, [names[i] for i in held[: MAX_BUCKET + 1]]

    def shared(
        self, kind: int = TEXT, left_out: Collection[int] = frozenset()
    ) -> Iterable[tuple[str, str, int]]:
        """Every pair of pages (a, b) sharing keys of this kind (but these),
        with how many they share (the bulk form of looking up every page's
        keys); for text keys, headline keys too, each counted as MIN_KEYS."""
        # The pages of a story share most of its keys: each set of pages is
        # counted once, with how many keys it holds, and its pairs made then
        # (in the order the keys give them, as if key by key).
        alike: dict[tuple[int, ...], int] = defaultdict(int)
        kinds = (kind, HEADLINE) if kind == TEXT else (kind,)
        for key, held in self._buckets.items():
            if isinstance(held, int) or key & _KIND not in kinds or len(held) > MAX_BUCKET:
                continue
            if key in left_out:
                continue
            alike[held if isinstance(held, tuple) else tuple(held)] += _weight(key)
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for held, keys in alike.items():
            ordered = sorted(held)
            for n, a in enumerate(ordered):
                for b in ordered[n + 1 :]:
                    counts[a, b] += keys
        names = self._names
        for (a, b), count in counts.items():
            yield names[a], names[b], count


def quoted_by(
    index: CandidateIndex,
    page: str,
    sample: array,
    length: int,
    left_out: Collection[int] = frozenset(),
    own: Iterable[int] | None = None,
    openings: AbstractSet[int] | None = None,
) -> set[str]:
    """The pages whose opening (or whole text, if short) this page holds
    besides its own keys, MIN_KEYS keys of it: an "Up next" box, a list of
    ledes, a teaser quoted in full. (Its own keys find its candidates; a page
    that shares one of them holds it as its own key too, since keys are drawn
    from any text alike, so only the rest of its sample is looked up; but
    `left_out`. `own`: its keys, if the index has them at hand; `openings`:
    every page's `opening_keys`, if at hand, the only keys of another page
    the rest can hold, a page's sparse keys being its own too.)"""
    own = text_keys(sample, length) if own is None else own
    rest = set(sample if openings is None else filter(openings.__contains__, sample))
    rest = rest.difference(own).difference(left_out)
    return candidates_of(index, page, rest)


def candidates_of(index: CandidateIndex, page: str, keys: Iterable[int]) -> set[str]:
    """The candidates of one page with these text keys, looked up."""
    counted = getattr(index, "counted", None)  # an index may count for itself
    if counted is not None:
        counts: Mapping[str, int] = counted(keys)
    else:
        tally: dict[str, int] = defaultdict(int)
        for key, held in index.holders(keys).items():
            if len(held) <= MAX_BUCKET:
                for other in held:
                    tally[other] += _weight(key)
        counts = tally
    return {other for other, count in counts.items() if count >= MIN_KEYS and other != page}
