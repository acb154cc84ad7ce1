"""Regrouping as a library changes: only what a change touches is decided
again, and the threads come out as a full grouping would make them."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pytest

from reader.model import Article, ArticleInfo
from reader.threads import Choices, Fingerprint, Grouping, MemoryIndex, group_library, regroup

from .newsroom import key, library, page, paragraphs, partition, unsampled_lede

FERRY = "Harbour ferry fares to rise in spring"
MUSEUM = "Maritime museum reopens after flood repairs"
PIER = "North pier to be rebuilt after winter storms"
STORY, OTHER = paragraphs("ferry", 8), paragraphs("museum", 8)
CLOSING = "Our articles may be quoted briefly with a link back, and the rest is ours to keep."


def _pages() -> list[Article]:
    third = paragraphs("lighthouse", 6)
    lede = unsampled_lede()
    return [
        page("ferry", FERRY, STORY),
        # A teaser with no text keys and the story it opens: found by the headline.
        page("pier-teaser", PIER, [lede]),
        page("pier", PIER, [lede, *paragraphs("pier", 6)]),
        page("ferry-teaser", FERRY, STORY[:2]),
        page("ferry-update", FERRY, [*paragraphs("update", 1), *STORY]),
        page("museum", MUSEUM, [*OTHER, CLOSING]),
        page("museum-copy", MUSEUM, OTHER[:6]),
        page("host", FERRY, [*STORY[:6], *OTHER]),  # the museum story embedded
        page("lighthouse", "Lighthouse keepers return to Skerry Point", [*third, CLOSING]),
        page("briefs", "Briefs", [paragraphs("brief", 1)[0], CLOSING]),
        page("digest", "Five things to know", [STORY[0], OTHER[0], third[0]]),
        page("lost", "Weather warning for the weekend", [*STORY[:4], *OTHER[:4], *third[:4]]),
    ]


class _Library:
    def __init__(self, pages: list[Article]) -> None:
        infos, prints = library(pages)
        self.infos = {info.key: info for info in infos}
        self.prints = {info.key: fp for info, fp in zip(infos, prints, strict=True)}

    def load(self, keys: Collection[str]) -> Mapping[str, Fingerprint]:
        return {k: self.prints[k] for k in keys if k in self.prints}

    def full(self, keys: Collection[str], choices: Choices | None = None) -> Grouping:
        ordered = [k for k in self.infos if k in keys]
        return group_library(
            [self.infos[k] for k in ordered],
            [self.prints[k] for k in ordered],
            choices or Choices(),
        )

    def grouped(self, keys: Collection[str]) -> tuple[Grouping, MemoryIndex]:
        index = MemoryIndex()
        ordered = [k for k in self.infos if k in keys]
        infos = [self.infos[k] for k in ordered]
        return group_library(infos, [self.prints[k] for k in ordered], index=index), index

    def infos_of(self, keys: Collection[str]) -> dict[str, ArticleInfo]:
        return {k: v for k, v in self.infos.items() if k in keys}


LIBRARY = _Library(_pages())
NAMES = [p.path.stem for p in _pages()]


@pytest.mark.parametrize("name", NAMES)
def test_a_new_file_regrouped_gives_the_threads_a_full_grouping_gives(name: str) -> None:
    everything = set(LIBRARY.infos)
    before, index = LIBRARY.grouped(everything - {key(name)})
    after = regroup(before, LIBRARY.infos, LIBRARY.load, changed=[key(name)], index=index)
    full = LIBRARY.full(everything)
    assert partition(after.threads) == partition(full.threads)
    assert after.lost == full.lost
    assert dict(after.thread_of) == dict(full.thread_of)


@pytest.mark.parametrize("name", NAMES)
def test_a_gone_file_regrouped_gives_the_threads_a_full_grouping_gives(name: str) -> None:
    everything = set(LIBRARY.infos)
    before, index = LIBRARY.grouped(everything)
    rest = everything - {key(name)}
    after = regroup(before, LIBRARY.infos_of(rest), LIBRARY.load, gone=[key(name)], index=index)
    assert partition(after.threads) == partition(LIBRARY.full(rest).threads)
    assert key(name) not in after.thread_of


def test_a_regroup_touches_only_the_threads_of_the_change() -> None:
    everything = set(LIBRARY.infos)
    before, index = LIBRARY.grouped(everything - {key("ferry-update")})
    asked: list[str] = []

    def load(keys: Collection[str]) -> Mapping[str, Fingerprint]:
        asked.extend(keys)
        return LIBRARY.load(keys)

    after = regroup(before, LIBRARY.infos, load, changed=[key("ferry-update")], index=index)
    untouched = next(t for t in before.threads if t.id == key("lighthouse"))
    assert any(t is untouched for t in after.threads)  # the very thread, not made again
    assert len(set(asked)) < len(LIBRARY.infos)


def test_the_user_s_new_choice_is_regrouped_too() -> None:
    before, index = LIBRARY.grouped(set(LIBRARY.infos))
    choices = Choices(alone=frozenset({"ferry-teaser"}))
    after = regroup(before, LIBRARY.infos, LIBRARY.load, index=index, choices=choices)
    assert partition(after.threads) == partition(LIBRARY.full(set(LIBRARY.infos), choices).threads)
    assert ["ferry-teaser"] in partition(after.threads)


def test_the_teaser_with_no_text_keys_is_with_its_story_however_it_came() -> None:
    everything = set(LIBRARY.infos)
    before, index = LIBRARY.grouped(everything - {key("pier-teaser")})
    after = regroup(before, LIBRARY.infos, LIBRARY.load, changed=[key("pier-teaser")], index=index)
    for grouping in (after, LIBRARY.full(everything)):
        assert grouping.thread_of[key("pier-teaser")] == grouping.thread_of[key("pier")]
