"""The same-story statistic near its lines: a sample's error does not decide."""

from __future__ import annotations

import random

from reader.model import ArticleInfo
from reader.threads import Fingerprint
from reader.threads.match import Match
from reader.threads.stories import Page, compare


def test_figures_near_a_line_are_near_it_and_far_ones_are_not() -> None:
    assert Match(0.72, 0.45, 0.72, 100, 110).near_the_line()  # under MOSTLY by 0.03
    assert Match(0.52, 0.9, 0.52, 100, 110).near_the_line()  # over SAME by 0.02
    assert not Match(0.95, 0.95, 0.95, 100, 110).near_the_line()
    assert not Match(0.2, 0.1, 0.2, 100, 110).near_the_line()


def _hashes(rng: random.Random, count: int, sampled: bool) -> list[int]:
    """Random 64-bit hashes, all in the sample (lowest byte divisible by 4) or none."""
    out = []
    while len(out) < count:
        h = rng.getrandbits(64)
        if (h & 0xFF) % 4 == 0 and (h & 0xFFFFFFFF) % 4 == 0:
            if sampled:
                out.append(h)
        elif not sampled and (h & 0xFF) % 4:
            out.append(h)
    return out


def _page(key: str, hashes: list[int]) -> Page:
    blocks = [hashes[at : at + 40] for at in range(0, len(hashes), 40)]
    return Page(ArticleInfo(key, key), Fingerprint.of_blocks(blocks))


def test_a_pair_the_sample_puts_just_under_the_line_is_measured_on_all_its_hashes() -> None:
    # A copy holding every hash of the story but a quarter of its sampled
    # ones, most of them near its top: on the sample, 0.72 of it in order and
    # under half of its head (no story); on all the hashes, nearly all of it.
    rng = random.Random(3)
    sampled, other = _hashes(rng, 100, True), _hashes(rng, 300, False)
    story = [
        h
        for pair in zip(sampled, (other[i : i + 3] for i in range(0, 300, 3)), strict=True)
        for h in (pair[0], *pair[1])
    ]
    dropped = set(sampled[:18]) | set(sampled[-10:])
    added = _hashes(rng, 40, True) + _hashes(rng, 120, False)  # paragraphs of its own
    copy = [h for h in story if h not in dropped] + added
    short, long = _page("story", story), _page("copy", copy)
    on_sample = Match(0.72, 0.46, 0.72, 100, 100)
    assert on_sample.near_the_line() and not on_sample.same_story
    match, shorter, _ = compare(short, long)
    assert shorter.key == "story"
    assert match.same_story and match.shorter == len(story)
