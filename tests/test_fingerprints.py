"""Fingerprints (what is counted, and where each block's hashes are), the
candidate index, and the same-story statistic."""

from __future__ import annotations

import random
from array import array
from pathlib import Path

import pytest

from reader.model import Article, Block, BlockKind, Fold, PageKind
from reader.normalize import words
from reader.pipeline import info_of
from reader.threads import (
    MAX_BUCKET,
    Fingerprint,
    MemoryIndex,
    fingerprint,
    fingerprint_text,
    group_library,
)
from reader.threads.index import candidates_of, opening_keys, quoted_by, text_keys
from reader.threads.match import lis_length, measure
from reader.threads.prints import MAX_WORDS, SAMPLE, SHINGLE, shingle_hashes

from .newsroom import paragraphs


def _article(blocks: list[Block], folds: tuple[Fold, ...] = ()) -> Article:
    return Article(Path("/a.txt"), PageKind.TEXT, "A title", tuple(blocks), folds)


def _p(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


STORY = paragraphs("ferry", 4)


def test_the_fast_hashes_are_one_per_run_of_five_words_and_follow_the_words() -> None:
    tokens = [w.encode() for w in words(STORY[0])]
    hashes = shingle_hashes(tokens)
    assert len(hashes) == len(tokens) - SHINGLE + 1
    # The same run of words has the same hash wherever it is.
    again = shingle_hashes(tokens[3:])
    assert list(hashes[3:]) == list(again)
    assert len(set(hashes)) == len(hashes)


def test_each_counted_block_says_where_its_hashes_start() -> None:
    fp = fingerprint(_article([_p(STORY[0]), _p("Share this"), _p(STORY[1])]))
    assert list(fp.blocks) == [0, 2]  # a line of two words is not counted
    assert fp.starts[0] == 0 and fp.starts[1] == len(words(STORY[0]))
    assert fp.own == 2


def test_each_block_says_where_its_hashes_start_in_the_sample() -> None:
    fp = fingerprint(_article([_p(text) for text in paragraphs("sample", 40)]))
    for start, sampled in zip(fp.starts, fp.sample_starts, strict=True):
        assert sampled == sum(1 for h in fp.shingles[:start] if h % 4 == 0)
    assert fp.sample_starts[-1] < len(fp.sample)
    assert not fingerprint(_article([])).sample_starts  # no block counted
    assert len(fingerprint_text("")) == 0 and not fingerprint_text(" ").blocks


def test_blocks_of_a_related_fold_are_counted_apart_after_the_page_s_own() -> None:
    folds = (Fold("related", "related stories", 1, 2, "test"), Fold("nav", "menu", 2, 3, "t"))
    fp = fingerprint(_article([_p(STORY[0]), _p(STORY[1]), _p(STORY[2])], folds))
    assert list(fp.blocks) == [0, 1]  # the menu is left out, the related fold is not
    assert fp.own == 1


def test_a_text_of_short_lines_is_counted_line_by_line() -> None:
    verse = [_p(" ".join(words(STORY[n])[:6])) for n in range(4)]
    assert list(fingerprint(_article(verse)).blocks) == [0, 1, 2, 3]


def test_short_lines_around_prose_are_not_counted() -> None:
    page = [_p("Home"), _p("Sign in to read"), _p(STORY[0]), _p("Share on the sites")]
    assert list(fingerprint(_article(page)).blocks) == [2]


def test_a_very_long_text_is_cut() -> None:
    long = " ".join(["word"] * (MAX_WORDS + 500))
    assert len(fingerprint_text(long)) == MAX_WORDS - SHINGLE + 1


def test_a_fingerprint_of_an_older_format_is_refused() -> None:
    old = (12).to_bytes(2, "little") + (1).to_bytes(4, "little") + bytes(8)
    with pytest.raises(ValueError, match="format"):
        Fingerprint.from_bytes(old)


def test_a_compact_fingerprint_keeps_the_low_bits_the_sample_s_too() -> None:
    original = fingerprint(_article([_p(text) for text in STORY]))
    compact = Fingerprint.from_bytes(original.to_bytes(), compact=True)
    assert compact.compact and not original.compact
    assert list(compact.shingles) == [h & 0xFFFFFFFF for h in original.shingles]
    assert list(compact.sample) == [h & 0xFFFFFFFF for h in original.sample]
    # What the grouping reads of either is the same.
    assert compact.low_sample == original.low_sample
    with pytest.raises(ValueError, match="compact"):
        compact.to_bytes()


def test_compact_and_full_fingerprints_of_one_story_are_grouped_alike() -> None:
    story = _article([_p(text) for text in STORY])
    copy = Article(Path("/b.txt"), PageKind.TEXT, "A title", story.blocks)
    full = fingerprint(story)
    compact = Fingerprint.from_bytes(fingerprint(copy).to_bytes(), compact=True)
    grouping = group_library([info_of(story), info_of(copy)], [full, compact])
    assert len(grouping.threads) == 1


def test_the_index_finds_the_pages_sharing_keys_and_forgets_a_page() -> None:
    index = MemoryIndex()
    index.add("a", [4, 8, 12])
    index.add("b", [8, 12, 16])
    index.add("c", [16])
    assert candidates_of(index, "a", [4, 8, 12]) == {"b"}
    index.discard("b")
    assert candidates_of(index, "a", [4, 8, 12]) == set()
    assert index.holders([16]) == {16: ["c"]}


def test_a_key_of_more_than_max_bucket_pages_is_not_evidence() -> None:
    index = MemoryIndex()
    for n in range(MAX_BUCKET + 1):
        index.add(f"p{n}", [4, 8])
    assert candidates_of(index, "p0", [4, 8]) == set()
    assert not list(index.shared())


def test_order_counts_in_the_statistic() -> None:
    text = array("Q", range(0, 400, 4))
    assert measure(text, text).same_story
    backwards = array("Q", reversed(text))
    reordered = measure(backwards, text)
    # Order counts in O; all of it, its opening too, in another order is a
    # summary of the same story (see reader.threads.match).
    assert reordered.contained == 1.0 and reordered.ordered < 0.1
    assert reordered.same_story
    assert lis_length([3, 1, 2, 5, 4]) == 3


def test_a_new_lede_over_most_of_a_story_is_the_story_and_background_is_not() -> None:
    story = array("Q", range(0, 400, 4))  # 100 hashes
    lede = array("Q", range(10_000, 10_080, 4))  # 20 new ones: most of its first third
    relede = measure(array("Q", [*lede, *story[20:]]), story)
    assert relede.head < 0.5 and relede.ordered >= 0.75
    assert relede.same_story
    # A follow-up: a new top, then background from the story.
    news = array("Q", range(20_000, 20_136, 4))
    follow_up = measure(array("Q", [*news, *story[:66]]), story)
    assert follow_up.ordered < 0.7 and not follow_up.same_story
    # Three quarters of it in order, but hardly any of its opening: not either.
    top = array("Q", range(30_000, 30_100, 4))
    ending = measure(array("Q", [*top, *story[25:]]), story)
    assert ending.ordered >= 0.75 and ending.head < 0.25 and not ending.same_story


def test_a_shared_ending_is_not_a_story_and_a_shared_start_is() -> None:
    longer = array("Q", range(0, 800, 4))
    ending = array("Q", [*range(10_000, 10_160, 4), *range(480, 800, 4)])
    start = array("Q", [*range(0, 320, 4), *range(10_000, 10_160, 4)])
    assert not measure(ending, longer).same_story  # most of it, no head
    assert measure(start, longer).same_story


def test_the_openings_shortcut_finds_the_pages_quoted_as_the_full_look_up_does() -> None:
    rng = random.Random(5)
    stories = [array("Q", [rng.getrandbits(60) * SAMPLE for _ in range(60)]) for _ in range(30)]
    samples = {}
    for n in range(120):
        own = stories[n % 30][: rng.choice((8, 60))]  # short teasers and whole stories
        quoted = [stories[rng.randrange(30)][:6] for _ in range(rng.randrange(3))]
        samples[f"p{n}"] = array("Q", [*own, *(h for q in quoted for h in q)])
    index = MemoryIndex()
    lengths = {key: len(sample) * SAMPLE for key, sample in samples.items()}
    for key, sample in samples.items():
        index.add(key, text_keys(sample, lengths[key]))
    openings = {h for k, s in samples.items() for h in opening_keys(s, lengths[k])}
    found = 0
    for key, sample in samples.items():
        full = quoted_by(index, key, sample, lengths[key])
        assert quoted_by(index, key, sample, lengths[key], openings=openings) == full
        found += len(full)
    assert found  # the library quotes: the check is not of empty sets
