"""Fingerprints: an article's text as hashed runs of words, per block.

What a fingerprint holds, and why (the grouping in `reader.threads` says how
it is used):

- `shingles`: a 64-bit hash of every run of `SHINGLE` words of the text, in
  reading order, each once. The text is the body's blocks of `MIN_WORDS` words
  or more (shorter lines are menus, bylines, counts and headings, which each
  site writes its own way), without captions and editor's notes, with every
  fold left out except the "related stories" ones. Those come last, after the
  page's own blocks (`own` of them are its own): a rule folds what *looks*
  related, which is sometimes the page's own story, so the grouping decides
  about them (`reader.threads.grouping`).
- per counted block: its index in the article (`blocks`), where its hashes
  start (`starts`, and `sample_starts` in the sample) and a key of its own text
  (`keys`: the same paragraph on two pages has the same key), so that the
  grouping can leave out, and the library fold, the blocks of another story
  embedded in a page, or a site's repeated paragraph.
- `sample`: the hashes divisible by `SAMPLE` (the same ones in every copy,
  so ratios measured on it hold): long texts are compared on it.
- `lede`: 16-bit hashes of the first `LEDE` words, to tell whether another
  page's title names this story.

Hashing is the costly part, so it is done in bulk: each distinct word is hashed
once (blake2b, remembered) into a 40-byte row of its five place variants
(rotations); a shingle's hash is the XOR of its five words' variants, which is
computed for a whole article at once as five big-integer shifts and XORs of
the rows; no Python work per shingle.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, pairwise

from reader.model import Article, BlockKind
from reader.normalize import word_bytes

SHINGLE = 5
SAMPLE = 4  # long texts are compared on the hashes divisible by this
MIN_WORDS = 8  # shorter blocks are not counted (menus, bylines, headings) ...
SHORT_LINES = 3  # ... unless they hold this many times the words of the others
MAX_WORDS = 30_000  # of a text: the rest of a longer one is left out
LEDE = 120  # words of the text whose hashes `lede` keeps
FORMAT = 0xF2  # first byte of `to_bytes` (the old format's first byte was at most 12)

_MASK = (1 << 64) - 1
_ROWS: dict[bytes, bytes] = {}
_MAX_ROWS = 1_000_000  # words remembered: 60 MB of rows
# The lowest byte of a hash -> 1 if the hash is in the sample, else 0.
_IN_SAMPLE = bytes(int(b % SAMPLE == 0) for b in range(256))


def _word_row(word: bytes) -> bytes:
    """The five place variants of a word's hash, as 40 bytes (remembered)."""
    h = int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")
    row = array("Q", [((h << r) | (h >> (64 - r))) & _MASK for r in (64, 13, 26, 39, 52)])
    if len(_ROWS) < _MAX_ROWS:
        _ROWS[word] = row.tobytes()
    return row.tobytes()


def _rows(tokens: Sequence[bytes]) -> array:
    found = list(map(_ROWS.get, tokens))
    if None in found:
        found = [row or _word_row(w) for w, row in zip(tokens, found, strict=True)]
    rows = array("Q")
    rows.frombytes(b"".join(found))  # type: ignore[arg-type]
    return rows


def _shingles(rows: array) -> array:
    """The hash of each run of SHINGLE words, from the words' rows (one hash
    for fewer words; none for none). Run j's hash is the XOR of variant k of
    word j + k, for k < SHINGLE: the rows' k-th variants, read as one
    little-endian integer and shifted down k places, line up on run j."""
    count = len(rows) // SHINGLE
    if not count:
        return array("Q")
    total = int.from_bytes(rows[0::SHINGLE].tobytes(), "little")
    for k in range(1, SHINGLE):
        total ^= int.from_bytes(rows[k::SHINGLE].tobytes(), "little") >> (64 * k)
    out = array("Q")
    out.frombytes(total.to_bytes(8 * count, "little")[: 8 * max(count - SHINGLE + 1, 1)])
    return out


def shingle_hashes(tokens: Sequence[bytes]) -> array:
    """The hash of each run of SHINGLE tokens, in order (see `_shingles`)."""
    return _shingles(_rows(tokens))


def _low16(rows: array) -> set[int]:
    """The words' hashes (variant 0 of each row) cut to their low 16 bits."""
    low = array("H")
    low.frombytes(rows[0::SHINGLE].tobytes())
    return set(low[0::4])


def word_keys(tokens: Sequence[bytes]) -> set[int]:
    """64-bit hashes of words (each word's own hash)."""
    return set(_rows(tokens)[0::SHINGLE]) if tokens else set()


def word_hashes(tokens: Sequence[bytes]) -> set[int]:
    """16-bit hashes of words, as `Fingerprint.lede` keeps them (title checks)."""
    return _low16(_rows(tokens)) if tokens else set()


def _block_key(first: int, final: int, size: int) -> int:
    """A block's key: its first and last hashes (the last rotated, so that a
    block's key is not its reverse's) and its length in words."""
    return first ^ ((final << 1) & _MASK | final >> 63) ^ size


def _sampled_before(flags: bytes, starts: Sequence[int]) -> array:
    """For each start, how many of the hashes before it are in the sample
    (`flags`: 1 for each hash that is)."""
    counts = [flags.count(1, a, b) for a, b in pairwise([0, *starts])]
    return array("I", accumulate(counts))


def low_bits(hashes: array) -> array:
    """The low 32 bits of each 64-bit hash."""
    return array("I", hashes.tobytes())[0::2]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's text as hashes: see the module's docstring."""

    shingles: array  # array("Q"): own blocks' hashes, then the related folds'
    sample: array = field(default_factory=lambda: array("Q"))
    blocks: array = field(default_factory=lambda: array("I"))  # article block index
    starts: array = field(default_factory=lambda: array("I"))  # first hash, per block
    sample_starts: array = field(default_factory=lambda: array("I"))
    keys: array = field(default_factory=lambda: array("Q"))  # a key of each block's text
    own: int = 0  # blocks that are the page's own (the rest were in related folds)
    lede: array = field(default_factory=lambda: array("H"))

    @classmethod
    def of(cls, shingles: Iterable[int]) -> Fingerprint:
        """A fingerprint of one block made of these hashes (benchmarks, tests)."""
        return cls.of_blocks([list(shingles)])

    @classmethod
    def of_blocks(
        cls, blocks: Sequence[Sequence[int]], own: int | None = None, lede: Iterable[int] = ()
    ) -> Fingerprint:
        """A fingerprint of blocks made of these hashes, the first `own` of them
        the page's own (benchmarks, tests)."""
        shingles, starts, keys = array("Q"), array("I"), array("Q")
        for block in blocks:
            starts.append(len(shingles))
            shingles.extend(block)
            first, final = (block[0], block[-1]) if block else (0, 0)
            keys.append(_block_key(first, final, len(block)))
        flags = shingles.tobytes()[0::8].translate(_IN_SAMPLE)
        sample = array("Q", compress(shingles, flags))
        sample_starts = _sampled_before(flags, starts)
        indices = array("I", range(len(blocks)))
        count = len(blocks) if own is None else own
        return cls(
            shingles, sample, indices, starts, sample_starts, keys, count, array("H", sorted(lede))
        )

    def __len__(self) -> int:
        return len(self.shingles)

    def to_bytes(self) -> bytes:
        if self.compact:
            raise ValueError("a compact fingerprint cannot be written")
        counts = (len(self.shingles), len(self.sample), len(self.blocks), len(self.lede), self.own)
        head = bytes([FORMAT]) + b"".join(n.to_bytes(4, "little") for n in counts)
        parts = (self.shingles, self.sample, self.blocks, self.starts, self.sample_starts)
        return head + b"".join(a.tobytes() for a in (*parts, self.keys, self.lede))

    @property
    def compact(self) -> bool:
        """Whether only the low 32 bits of each hash are kept (see `from_bytes`)."""
        return self.shingles.typecode == "I"

    @property
    def low_sample(self) -> array:
        """The sample on its low 32 bits: what the grouping reads of it."""
        return self.sample if self.sample.typecode == "I" else low_bits(self.sample)

    @classmethod
    def from_bytes(cls, data: bytes, compact: bool = False) -> Fingerprint:
        """What `to_bytes` gave. Raises ValueError on bytes of another format
        (a cache written by another version). `compact`: keep only the low 32
        bits of each hash, the sample's too (all the grouping reads; half the
        memory: what to hold for a library of 100,000); such a fingerprint
        cannot be written back."""
        if not data or data[0] != FORMAT or len(data) < 21:
            raise ValueError("not a fingerprint of this format")
        hashes, sampled, blocks, ledes, own = (
            int.from_bytes(data[1 + 4 * i : 5 + 4 * i], "little") for i in range(5)
        )
        view, at = memoryview(data), 21
        arrays = []
        for code, count in (
            ("Q", hashes),
            ("Q", sampled),
            ("I", blocks),
            ("I", blocks),
            ("I", blocks),
            ("Q", blocks),
            ("H", ledes),
        ):
            part = array(code)
            size = part.itemsize * count
            part.frombytes(view[at : at + size])
            if len(part) != count:
                raise ValueError("a truncated fingerprint")
            arrays.append(part)
            at += size
        if at != len(data):
            raise ValueError("a fingerprint with bytes left over")
        shingles, sample, indices, starts, sample_starts, keys, lede = arrays
        if compact:
            shingles, sample = low_bits(shingles), low_bits(sample)
        return cls(shingles, sample, indices, starts, sample_starts, keys, own, lede)


# Each copy has its own photo captions and editor's notes.
_NOT_THE_STORY = frozenset({BlockKind.CAPTION, BlockKind.NOTE})
RELATED = "related"  # the fold kind whose blocks are counted, apart

Tokens = list[bytes]


def fingerprint(article: Article) -> Fingerprint:
    """The fingerprint of an article: see the module's docstring."""
    kinds: list[str | None] = [None] * len(article.blocks)
    for fold in article.folds:
        kinds[fold.start : fold.end] = [fold.kind] * (fold.end - fold.start)
    own: list[tuple[int, Tokens]] = []
    related: list[tuple[int, Tokens]] = []
    short: list[tuple[int, Tokens]] = []
    counted = 0
    for i, (block, kind) in enumerate(zip(article.blocks, kinds, strict=True)):
        if block.kind in _NOT_THE_STORY or (kind is not None and kind != RELATED):
            continue
        if counted > 2 * MAX_WORDS:
            break  # more than is kept (with room for short lines): a hostile page
        tokens = word_bytes(block.text)
        counted += len(tokens)
        if len(tokens) >= MIN_WORDS:
            (own if kind is None else related).append((i, tokens))
        elif tokens and kind is None:
            short.append((i, tokens))
    # A text written in short lines (verse, a list, a narrow wrap) is all short lines.
    if sum(len(t) for _, t in short) > SHORT_LINES * sum(len(t) for _, t in own):
        own = sorted(own + short)
    return fingerprint_blocks(own, related)


def fingerprint_text(text: str) -> Fingerprint:
    """The fingerprint of a text taken as one block of the page's own (tests)."""
    tokens = word_bytes(text)
    return fingerprint_blocks([(0, tokens)] if tokens else [])


def fingerprint_blocks(
    own: Sequence[tuple[int, Tokens]], related: Sequence[tuple[int, Tokens]] = ()
) -> Fingerprint:
    """The fingerprint of these blocks (index, tokens): the page's own, then
    those of related folds. Runs of words cross from one block into the next
    within each part; a text longer than MAX_WORDS is cut there."""
    shingles, blocks, starts, keys = array("Q"), array("I"), array("I"), array("Q")
    lede: set[int] = set()
    words, own_blocks = 0, -1
    for part in (own, related):
        cut = []
        for index, block in part:
            if words >= MAX_WORDS:
                break
            cut.append((index, block[: MAX_WORDS - words]))
            words += len(cut[-1][1])
        if cut:
            rows = _rows([w for _, block in cut for w in block])
            hashes = _shingles(rows)
            lede = lede or _low16(rows[: SHINGLE * LEDE])
            base, at, last = len(shingles), 0, len(hashes) - 1
            for index, block in cut:
                end = at + len(block)
                blocks.append(index)
                starts.append(base + min(at, last + 1))
                # The block's first and last runs of its own words, and its
                # length: what the same paragraph has on any page.
                first, final = hashes[min(at, last)], hashes[max(min(end - SHINGLE, last), 0)]
                keys.append(_block_key(first, final, len(block)))
                at = end
            shingles.extend(hashes)
        own_blocks = len(blocks) if own_blocks < 0 else own_blocks
    flags = shingles.tobytes()[0::8].translate(_IN_SAMPLE)
    sample = array("Q", compress(shingles, flags))
    sample_starts = _sampled_before(flags, starts)
    lede_hashes = array("H", sorted(lede))
    return Fingerprint(
        shingles, sample, blocks, starts, sample_starts, keys, own_blocks, lede_hashes
    )
