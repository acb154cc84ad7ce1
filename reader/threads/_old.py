"""Threads: group the copies of one story, whichever site or aggregator they came from.

The method, and why:

1. **Fingerprint** each article: its body text with the folds left out (so a
   related-stories block never ties two stories together) and without photo
   captions (each site writes its own), normalised (NFKC, straight quotes,
   hyphens for dashes, case, spacing), cut into overlapping runs of `SHINGLE`
   words, each hashed to 64 bits with a stable hash. The hashes are kept in
   reading order, once each, in a compact array; the first paragraph's first
   `OPENING` of them are the copy's *opening*.
2. **Copies open alike.** Two copies of a story share their lede: most of one
   copy's opening (`OPENING` shingles: its first sentence) is found within
   the first `REACH` shingles of the other
   (a copy may start with a photo caption, an editor's note or a byline the
   other lacks, so the other's opening may sit a little further down). Two
   briefs that share only a long legal disclaimer, or a follow-up story that
   repeats background paragraphs, do not open alike.
3. **Candidates** come from that rule directly: an index from each copy's
   opening hashes to the copies, looked up with the first `REACH` hashes of
   every copy. An opening hash that more than `MAX_BUCKET` copies share is
   site furniture, not a story, and is dropped; so no input makes the pairs
   grow quadratically, and the work is near-linear in the number of copies.
4. **Same story** when, besides opening alike, two copies share most of their
   text (resemblance, shared / union, at least `RESEMBLANCE`), or the shorter
   is almost all inside the longer (containment, shared / shorter, at least
   `CONTAINMENT`) and what they share starts in the first `TEASER_START` of
   the longer. The second test lets a paywall teaser (a story's first
   paragraphs) join its full copy, while a page that embeds several stories
   in its middle does not pull them in. Copies shorter than `MIN_SHINGLES`
   are too short to tell and stay alone. Long copies are compared on a
   sample (the hashes divisible by `SAMPLE`, the same in every copy, so the
   ratios hold); copies whose sample would have fewer than `MIN_SAMPLE`
   hashes on all of them.

5. Accepted pairs are joined (union-find), then the user's own choices are
   applied: a copy the user split out stands alone, threads the user merged
   are one. The fullest copy leads.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.model import Article, ArticleInfo, BlockKind, Thread
from reader.normalize import title_from_path, words

SHINGLE = 5
OPENING = 12
REACH = 100
RESEMBLANCE = 0.5
CONTAINMENT = 0.7
TEASER_START = 0.2
MIN_SHINGLES = 8
MAX_BUCKET = 50
SAMPLE = 4
MIN_SAMPLE = 16


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The hashes of an article's text in reading order, each once; how many of
    the first ones open the story; and the one in `SAMPLE` of them that the
    comparison of long copies uses."""

    shingles: array  # array("Q"): 8 bytes a hash, so 100,000 articles fit in memory
    opening: int = OPENING
    sample: array = field(default_factory=lambda: array("Q"))

    @classmethod
    def of(cls, shingles: array, opening: int = OPENING) -> Fingerprint:
        return cls(shingles, opening, array("Q", (h for h in shingles if h % SAMPLE == 0)))

    def __len__(self) -> int:
        return len(self.shingles)

    @property
    def opening_hashes(self) -> array:
        return self.shingles[: self.opening]

    def to_bytes(self) -> bytes:
        head = self.opening.to_bytes(2, "little") + len(self.shingles).to_bytes(4, "little")
        return head + self.shingles.tobytes() + self.sample.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        opening, count = int.from_bytes(data[:2], "little"), int.from_bytes(data[2:6], "little")
        shingles, sample = array("Q"), array("Q")
        shingles.frombytes(data[6 : 6 + 8 * count])
        sample.frombytes(data[6 + 8 * count :])
        return cls(shingles, opening, sample)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def fingerprint_text(text: str, first_paragraph: str | None = None) -> Fingerprint:
    """The fingerprint of `text`, whose opening is `first_paragraph` (or its start)."""
    tokens = words(text)
    if len(tokens) < SHINGLE:
        runs: Iterable[str] = [" ".join(tokens)] if tokens else []
    else:
        runs = (" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))
    opening = OPENING
    if first_paragraph is not None:
        opening = min(OPENING, max(len(words(first_paragraph)) - SHINGLE + 1, 1))
    return Fingerprint.of(array("Q", dict.fromkeys(_hash(run) for run in runs)), opening)


# Each copy has its own photo captions and editor's notes.
_NOT_THE_STORY = frozenset({BlockKind.CAPTION, BlockKind.NOTE})


def fingerprint(article: Article) -> Fingerprint:
    """The fingerprint of an article's body, without folds, captions or notes."""

    texts = [b.text for b in article.body if b.kind not in _NOT_THE_STORY]
    return fingerprint_text(" ".join(texts), texts[0] if texts else None)


def _same_story(a: Fingerprint, b: Fingerprint, sampled_b: set[int]) -> bool:
    """Whether `a` and `b`, which open alike, are copies of one story.

    Long copies are compared on their samples (every hash divisible by SAMPLE,
    the same ones in both: the ratios stay true and the work is a fraction);
    short ones, where a sample would be too small to trust, on all hashes."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_SHINGLES:
        return False
    if len(short.sample) >= MIN_SAMPLE:
        seq_a, seq_b, seq_long, inside_b = a.sample, b.sample, long.sample, sampled_b
    else:
        seq_a, seq_b, seq_long, inside_b = a.shingles, b.shingles, long.shingles, set(b.shingles)
    shared = len(inside_b.intersection(seq_a))
    if shared / (len(seq_a) + len(seq_b) - shared) >= RESEMBLANCE:
        return True
    if shared / min(len(seq_a), len(seq_b)) < CONTAINMENT:
        return False
    in_short = inside_b if short is b else set(seq_a)
    first = next(i for i, h in enumerate(seq_long) if h in in_short)
    return first <= TEASER_START * len(seq_long)


def _index_keys(fp: Fingerprint) -> array:
    """The opening hashes to index: if at least half of the opening is in another
    copy, then so is at least one of its first half-plus-one hashes."""
    return fp.shingles[: fp.opening // 2 + 1]


def _opens_in(a: Fingerprint, head_of_b: set[int]) -> bool:
    """Whether most of `a`'s opening is within the first REACH hashes of b."""
    return 2 * len(head_of_b.intersection(a.opening_hashes)) >= a.opening


def similar_pairs(
    fingerprints: Sequence[Fingerprint], *, max_bucket: int = MAX_BUCKET
) -> list[tuple[int, int]]:
    """Index pairs (a < b) of fingerprints that are copies of one story."""
    holders: dict[int, list[int]] = defaultdict(list)
    for index, fp in enumerate(fingerprints):
        for h in _index_keys(fp):
            holders[h].append(index)
    for h in [h for h, docs in holders.items() if len(docs) > max_bucket]:
        del holders[h]
    keys = holders.keys()
    shared = {h for h, docs in holders.items() if len(docs) > 1}
    checked: set[tuple[int, int]] = set()
    pairs = []
    for b, fp in enumerate(fingerprints):
        # Other copies' opening keys near the top of this one: below its own keys,
        # or among them where they open another copy too. Most copies have none.
        own = _index_keys(fp)
        hits = keys & fp.shingles[len(own) : REACH]
        hits.update(shared.intersection(own))
        if not hits:
            continue
        others = {a for h in hits for a in holders[h]}
        others.discard(b)
        fresh = [pair for a in others if (pair := (min(a, b), max(a, b))) not in checked]
        if not fresh:
            continue
        checked.update(fresh)
        head, sample = set(fp.shingles[:REACH]), set(fp.sample)
        for pair in fresh:
            other = fingerprints[pair[0] + pair[1] - b]
            alike = _opens_in(other, head) or _opens_in(fp, set(other.shingles[:REACH]))
            if alike and _same_story(other, fp, sample):
                pairs.append(pair)
    return sorted(pairs)


@dataclass(frozen=True, slots=True)
class Choices:
    """The user's own say over threads: copies split out, and threads merged.
    Copies are named by their identities (`ArticleInfo.ident`)."""

    alone: frozenset[str] = frozenset()
    merged: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def digest(self) -> str:
        """What tells these choices from others (a grouping remembers the
        choices it was made with)."""
        if not self.alone and not self.merged:
            return ""
        text = repr((sorted(self.alone), sorted(self.merged)))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


NO_CHOICES = Choices()


class _Sets:
    """Union-find over article indices."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group(
    infos: Sequence[ArticleInfo],
    fingerprints: Sequence[Fingerprint],
    choices: Choices = NO_CHOICES,
) -> list[Thread]:
    """Threads of the articles described by `infos` (with their `fingerprints`),
    each led by its fullest copy, newest story first."""
    sets = _Sets(len(infos))
    # Copies with the same bytes have the same identity: a choice holds for each.
    position: dict[str, list[int]] = defaultdict(list)
    if choices != NO_CHOICES:
        for i, info in enumerate(infos):
            position[info.ident].append(i)
    alone = {i for ident in choices.alone for i in position.get(ident, ())}
    for a, b in similar_pairs(fingerprints):
        if a not in alone and b not in alone:
            sets.union(a, b)
    for first, second in choices.merged:
        for a in position.get(first, ()):
            for b in position.get(second, ()):
                sets.union(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(infos)):
        members[sets.find(index)].append(index)
    threads = []
    for indices in members.values():
        threads.append(make_thread([infos[i] for i in indices]))
    threads.sort(key=thread_order)
    return threads


def _fullness(info: ArticleInfo) -> tuple[bool, int, int, str]:
    """The fullest copy leads: one with a title of its own (not made from its
    file name, which would then name the whole thread), the most text, then the
    fewest folds (furniture)."""
    return (info.title == title_from_path(info.path), -info.words, info.folds, info.key)


def make_thread(copies: Iterable[ArticleInfo]) -> Thread:
    ordered = tuple(sorted(copies, key=_fullness))
    return Thread(id=ordered[0].key, articles=ordered)


def threads_as_before(infos: Iterable[ArticleInfo], ids: dict[str, str]) -> list[Thread]:
    """The threads a previous grouping made (each file's thread id, as cached, by
    key), for files still there; files it never saw are threads of their own."""
    members: dict[str, list[ArticleInfo]] = defaultdict(list)
    for info in infos:
        members[ids.get(info.key) or info.key].append(info)
    # A warm start makes 100,000 of these; most are one copy.
    threads = [
        Thread(copies[0].key, (copies[0],)) if len(copies) == 1 else make_thread(copies)
        for copies in members.values()
    ]
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
