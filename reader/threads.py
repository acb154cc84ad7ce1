"""Threads: group the copies of one story, whichever site or aggregator they came from.

The method, and why:

1. **Fingerprint** each article: its body text with the folds left out (so a
   related-stories block never ties two stories together) and without photo
   captions (each site writes its own), normalised (NFKC,

   straight quotes, hyphens for dashes, case, spacing), cut into overlapping
   runs of `SHINGLE` words, each hashed to 64 bits with a stable hash. The
   hashes are kept in reading order, once each.
2. **Candidates** come from an inverted index, hash to articles. A hash that
   more than `max_bucket` articles share is site furniture or a disclaimer, not
   a story: it is dropped, which also caps the pairs any one hash can make, so
   the work stays near-linear in the number of articles.
3. **Same story** when two copies share most of their text (resemblance,
   shared / union, at least `RESEMBLANCE`), or when the shorter is almost all
   inside the longer (containment, shared / shorter, at least `CONTAINMENT`)
   *and* what they share starts near the top of the longer copy. The second
   test lets a paywall teaser (a story's first paragraphs) join its full copy,
   while a page that embeds several stories in its middle does not pull them
   in. Either way the two must **open alike**: most of the first `OPENING`
   shingles (a sentence or two) of one copy are in the other. Copies of a
   story share their lede; two briefs that share only a long legal
   disclaimer, or a follow-up that repeats background paragraphs, do not.
   Copies shorter than `MIN_SHINGLES` are too short to tell and stay alone.

4. Accepted pairs are joined (union-find). The fullest copy leads.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from reader.model import Article, BlockKind, Thread
from reader.normalize import words

SHINGLE = 5
RESEMBLANCE = 0.5
CONTAINMENT = 0.7
# What the shorter copy shares must start within this share of the longer one.
TEASER_START = 0.2
# Copies of a story open alike: at least half of the first OPENING shingles of
# one copy (its first sentence or two) are in the other.
OPENING = 20

MIN_SHINGLES = 8
MAX_BUCKET = 50


@dataclass(frozen=True, slots=True)
class Fingerprint:
    shingles: tuple[int, ...]  # hashes in reading order, each once
    opening: int = OPENING  # how many of them open the story (its first paragraph)

    def __len__(self) -> int:
        return len(self.shingles)


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
    return Fingerprint(tuple(dict.fromkeys(_hash(run) for run in runs)), opening)


def fingerprint(article: Article) -> Fingerprint:
    """The fingerprint of an article's body, folds and photo captions left out
    (each site writes its own captions)."""
    texts = [b.text for b in article.body if b.kind is not BlockKind.CAPTION]
    return fingerprint_text(" ".join(texts), texts[0] if texts else None)


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


def _opens_in(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether most of `a`'s opening is somewhere in `b`."""
    opening = a.shingles[: a.opening]

    inside = set(b.shingles)
    return sum(1 for h in opening if h in inside) * 2 >= len(opening)


def _same_story(a: Fingerprint, b: Fingerprint, shared: int) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_SHINGLES:
        return False
    resembles = shared / (len(a) + len(b) - shared) >= RESEMBLANCE
    if not resembles and shared / len(short) < CONTAINMENT:
        return False
    if not (_opens_in(short, long) or _opens_in(long, short)):
        return False  # what they share is not how the story starts: a disclaimer, a follow-up
    if resembles:
        return True
    inside = set(short.shingles)
    first = next(i for i, h in enumerate(long.shingles) if h in inside)
    return first <= TEASER_START * len(long)


def similar_pairs(
    fingerprints: Sequence[Fingerprint], *, max_bucket: int = MAX_BUCKET
) -> list[tuple[int, int]]:
    """Index pairs of fingerprints that are copies of one story."""
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, fp in enumerate(fingerprints):
        for shingle in fp.shingles:
            buckets[shingle].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in buckets.values():
        if 1 < len(members) <= max_bucket:
            for pair in combinations(members, 2):
                shared[pair] += 1
    return [
        (a, b)
        for (a, b), count in shared.items()
        if _same_story(fingerprints[a], fingerprints[b], count)
    ]


def _fullness(article: Article) -> tuple[int, int, str]:
    """Sort key: most words of body first, then fewest folds, then path."""
    return (-sum(len(b.text.split()) for b in article.body), len(article.folds), str(article.path))


def thread_id(article: Article) -> str:
    return hashlib.sha1(str(article.path).encode(), usedforsecurity=False).hexdigest()[:10]


def group(
    articles: Sequence[Article], fingerprints: Sequence[Fingerprint] | None = None
) -> list[Thread]:
    """Threads of `articles`, each led by its fullest copy, newest story first."""
    if fingerprints is None:
        fingerprints = [fingerprint(a) for a in articles]
    sets = _Sets(len(articles))
    for a, b in similar_pairs(fingerprints):
        sets.union(a, b)
    members: dict[int, list[Article]] = defaultdict(list)
    for index, article in enumerate(articles):
        members[sets.find(index)].append(article)
    threads = []
    for copies in members.values():
        copies.sort(key=_fullness)
        threads.append(Thread(id=thread_id(copies[0]), articles=tuple(copies)))
    threads.sort(key=thread_order)
    return threads


def thread_order(thread: Thread) -> tuple[int, str, str]:
    """Newest first (undated last), then by title and path, so the order is stable."""
    dates = [a.published for a in thread.articles if a.published]
    day = -max(dates).toordinal() if dates else 0
    return (day, thread.title.casefold(), str(thread.lead.path))
