"""Which pages are one story: versions and copies join, other stories stay
apart, and a page's embedded stories and lost stories are told by the
library's own files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from reader.model import Article
from reader.threads import Choices, group_library
from reader.threads.stories import Page, examine

from .newsroom import key, library, page, paragraphs, partition, unsampled_lede

FERRY = "Harbour ferry fares to rise in spring"
STORY = paragraphs("ferry", 8)
OTHER = paragraphs("museum", 8)
THIRD = paragraphs("lighthouse", 8)


def _grouped(*pages: Article) -> list[list[str]]:
    return partition(group_library(*library(pages)).threads)


def _versions() -> dict[str, list[str]]:
    standfirst = paragraphs("a standfirst", 1)
    rewritten = paragraphs("a new lede", 1)
    added = paragraphs("what happened since", 4)
    return {
        "new standfirst": [*standfirst, *STORY],
        "rewritten lede": [*rewritten, *STORY[1:]],
        "write-through": [
            added[0],
            *STORY[:3],
            added[1],
            *STORY[3:6],
            added[2],
            *STORY[6:],
            *added[3:],
        ],
        "fused headline": [f"{FERRY} - {STORY[0]}", *STORY[1:]],
        "teaser": STORY[:2],
        "copy-edit": [text.replace(" the ", " a ", 1) for text in STORY[:-1]],
        # A summary retells the story's paragraphs in another order.
        "summary": [STORY[0], STORY[6], STORY[2], STORY[5], STORY[1], STORY[4], STORY[3]],
    }


@pytest.mark.parametrize("version", sorted(_versions()))
def test_a_version_of_a_story_joins_its_original(version: str) -> None:
    original = page("original", FERRY, STORY)
    copy = page("copy", FERRY, _versions()[version])
    assert _grouped(original, copy, page("other", "Museum reopens", OTHER)) == [
        ["copy", "original"],
        ["other"],
    ]


def test_a_follow_up_that_reuses_background_paragraphs_stays_apart() -> None:
    # A new event told first, then three paragraphs of the original as background.
    follow_up = [*paragraphs("the follow-up", 4), *STORY[4:7]]
    grouped = _grouped(page("original", FERRY, STORY), page("later", FERRY, follow_up))
    assert grouped == [["later"], ["original"]]


# A short story whose first paragraph is a third of it: with that paragraph
# rewritten, two thirds of it are left, in three paragraphs (more than a
# sign-off's: they are evidence whatever the titles).
SHORT = [" ".join(paragraphs("a short story's lede", 2)), *paragraphs("a short story", 3)]


def _written_through(story: list[str]) -> list[str]:
    """A short story written through: its first paragraph rewritten, two added at its end."""
    return [*paragraphs("a rewritten first paragraph", 1), *story[1:], *paragraphs("since", 2)]


def test_a_short_story_written_through_under_its_headline_joins_it() -> None:
    # A third of the story is new at its top, so its opening is not shared.
    short = SHORT
    grouped = _grouped(
        page("original", FERRY, short), page("update", FERRY, _written_through(short))
    )
    assert grouped == [["original", "update"]]


def test_a_short_story_written_through_under_a_headline_of_its_own_stays_apart() -> None:
    # The same text, but a follow-up's headline: the reused part tells nothing.
    short = SHORT
    later = page("later", "Island campaigners win vote on timetable", _written_through(short))
    assert _grouped(page("original", FERRY, short), later) == [["later"], ["original"]]


def test_copies_titled_by_their_file_names_do_not_count_as_headlined_alike() -> None:
    # Two folders' "Harbour ferry fares to rise in spring.txt": the names
    # were given by whoever saved them, not by the story.
    short = SHORT
    pages = [
        replace(page(name, FERRY, texts), path=Path(f"/library/{name}/{FERRY}.txt"))
        for name, texts in (("a", short), ("b", _written_through(short)))
    ]
    assert len(group_library(*library(pages)).threads) == 2


def test_a_follow_up_that_retells_the_background_in_another_order_stays_apart() -> None:
    # Background out of order is not a summary: the new event is the top.
    follow_up = [*paragraphs("the follow-up", 4), STORY[6], STORY[4], STORY[5]]
    grouped = _grouped(page("original", FERRY, STORY), page("later", FERRY, follow_up))
    assert grouped == [["later"], ["original"]]


def test_the_same_event_told_in_other_words_stays_apart() -> None:
    other_words = paragraphs("another reporter on the ferry fares", 8)
    assert _grouped(page("a", FERRY, STORY), page("b", FERRY, other_words)) == [["a"], ["b"]]


def test_a_page_embedding_another_story_in_full_is_not_joined_to_it() -> None:
    host = page("host", FERRY, [*STORY, *OTHER])
    copy = page("copy", FERRY, STORY[:6])
    museum = page("museum", "Maritime museum reopens after flood repairs", OTHER)
    infos, prints = library([host, copy, museum])
    grouping = group_library(infos, prints)
    assert partition(grouping.threads) == [["copy", "host"], ["museum"]]
    (embed,) = grouping.embeds[key("host")]
    assert (embed.first, embed.end, embed.key) == (8, 16, key("museum"))
    assert embed.title == "Maritime museum reopens after flood repairs"
    assert set(grouping.masked[key("host")]) == set(range(8, 16))


def test_a_page_quoting_another_story_s_lede_as_up_next_is_not_joined_to_it() -> None:
    host = page("host", FERRY, [*STORY, "Up next", OTHER[0]])
    museum = page("museum", "Maritime museum reopens after flood repairs", OTHER)
    grouping = group_library(*library([host, page("copy", FERRY, STORY), museum]))
    assert partition(grouping.threads) == [["copy", "host"], ["museum"]]
    (embed,) = grouping.embeds[key("host")]
    assert embed.key == key("museum") and embed.first == embed.end - 1 == 9


@pytest.mark.parametrize(
    ("label", "quoted", "span"),
    [
        # More than a lede ("Up next" with three paragraphs), less than most of it.
        ("Up next", OTHER[:3], (9, 12)),
        # Not its opening, and not most of it: half, in the page's second half.
        ("Related", OTHER[2:6], (9, 13)),
    ],
)
def test_a_page_quoting_part_of_another_story_is_not_joined_to_it(
    label: str, quoted: list[str], span: tuple[int, int]
) -> None:
    host = page("host", FERRY, [*STORY, label, *quoted])
    museum = page("museum", "Maritime museum reopens after flood repairs", OTHER)
    grouping = group_library(*library([host, museum]))
    assert partition(grouping.threads) == [["host"], ["museum"]]
    (embed,) = grouping.embeds[key("host")]
    assert embed.key == key("museum") and (embed.first, embed.end) == span


def test_a_teaser_of_the_story_its_title_names_is_not_taken_for_a_quoted_lede() -> None:
    teaser = page("teaser", FERRY, [*STORY[:1], *paragraphs("a subscription offer", 1)])
    grouping = group_library(*library([teaser, page("full", FERRY, STORY)]))
    assert partition(grouping.threads) == [["full", "teaser"]]
    assert not grouping.embeds


def test_copies_of_a_page_found_in_two_stretches_of_it_are_both_its_own_story() -> None:
    # A teaser of its opening, and a write-through of the rest of it, both
    # titled as it is: neither is another story embedded in it.
    teaser = page("teaser", FERRY, STORY[:4])
    rest = page("rest", FERRY, [*STORY[3:], *paragraphs("more", 1)])
    museum = page("museum", "Maritime museum reopens after flood repairs", OTHER)
    original = page("original", FERRY, [*STORY, *OTHER])
    grouping = group_library(*library([original, teaser, rest, museum]))
    assert partition(grouping.threads) == [["museum"], ["original", "rest", "teaser"]]
    # The one its title does not name is: left out of it, as before.
    (embed,) = grouping.embeds[key("original")]
    assert embed.key == key("museum")


def test_a_page_with_only_other_files_stories_and_a_title_of_none_is_lost() -> None:
    lost = page("lost", "Weather warning for the weekend", [*STORY, *OTHER, *THIRD])
    pages = [
        lost,
        page("ferry", FERRY, STORY),
        page("museum", "Maritime museum reopens after flood repairs", OTHER),
        page("lighthouse", "Lighthouse keepers return to Skerry Point", THIRD),
    ]
    grouping = group_library(*library(pages))
    assert grouping.lost == {key("lost")}
    assert ["lost"] in partition(grouping.threads)


def test_a_page_whose_text_is_one_story_and_whose_title_is_another_s_is_lost() -> None:
    # Extraction took an embedded story for the body, and kept the page's title.
    wrong = page("wrong", "Maritime museum reopens after flood repairs", STORY)
    pages = [
        wrong,
        page("ferry", FERRY, STORY),
        page("museum", "Maritime museum reopens after flood repairs", OTHER),
    ]
    grouping = group_library(*library(pages))
    assert grouping.lost == {key("wrong")}
    assert partition(grouping.threads) == [["ferry"], ["museum"], ["wrong"]]


def test_a_copy_with_a_title_of_its_own_is_not_lost() -> None:
    pages = [page("copy", "Ferry fares are going up", STORY), page("ferry", FERRY, STORY)]
    grouping = group_library(*library(pages))
    assert not grouping.lost
    assert partition(grouping.threads) == [["copy", "ferry"]]


CLOSING = "Our articles may be quoted briefly with a link back, and the rest is ours to keep."


def test_a_paragraph_closing_pages_of_three_stories_is_the_site_s_text() -> None:
    pages = [
        page(name, title, [*text[:4], CLOSING])
        for name, title, text in (
            ("a", FERRY, STORY),
            ("b", "Museum reopens", OTHER),
            ("c", "Lighthouse keepers return", THIRD),
        )
    ]
    grouping = group_library(*library(pages))
    assert len(grouping.site) == 1
    assert all(grouping.masked[key(name)] == (4,) for name in "abc")


def test_a_paragraph_closing_copies_of_one_story_is_the_story_s() -> None:
    pages = [page(name, FERRY, [*STORY[:3], CLOSING]) for name in "abc"]
    grouping = group_library(*library(pages))
    assert not grouping.site
    assert partition(grouping.threads) == [["a", "b", "c"]]


def test_a_short_storys_paragraphs_at_the_edges_of_its_copies_are_the_story_s() -> None:
    # Five paragraphs: every one is at a page's edge. Copies with new ledes
    # share the other four, most of their text: one story, not a site's text.
    ledes = paragraphs("a new lede", 2)
    pages = [
        page("a", FERRY, STORY[:5]),
        page("b", FERRY, [ledes[0], *STORY[1:5]]),
        page("c", FERRY, [ledes[1], *STORY[1:5]]),
    ]
    grouping = group_library(*library(pages))
    assert not grouping.site
    assert partition(grouping.threads) == [["a", "b", "c"]]


def test_short_pages_of_a_site_do_not_join_on_its_banner_and_footer() -> None:
    banner = paragraphs("the site's banner", 1)[0]
    pages = [
        page(name, title, [banner, text[0], CLOSING])
        for name, title, text in (
            ("a", FERRY, STORY),
            ("b", "Museum reopens", OTHER),
            ("c", "Lighthouse keepers return", THIRD),
        )
    ]
    grouping = group_library(*library(pages))
    assert partition(grouping.threads) == [["a"], ["b"], ["c"]]
    # Found as the site's: two paragraphs, even when they are most of a page.
    assert grouping.site and all(grouping.masked[key(name)] == (0, 2) for name in "abc")


def test_a_copy_the_user_split_out_stands_alone_and_a_merge_joins() -> None:
    pages = [page("a", FERRY, STORY), page("b", FERRY, STORY), page("c", "Museum", OTHER)]
    infos, prints = library(pages)
    alone = group_library(infos, prints, Choices(alone=frozenset({"b"})))
    assert partition(alone.threads) == [["a"], ["b"], ["c"]]
    merged = group_library(infos, prints, Choices(merged=(("a", "c"),)))
    assert partition(merged.threads) == [["a", "b", "c"]]


def test_the_later_dated_version_is_the_newer_copy() -> None:
    old = page("old", FERRY, STORY, day=dt.date(2025, 3, 1))
    new = page("new", FERRY, [*paragraphs("the update", 1), *STORY], day=dt.date(2025, 3, 2))
    grouping = group_library(*library([old, new]))
    assert grouping.newer == {key("new"): key("old")}


def test_undated_the_version_holding_the_other_and_more_is_the_newer_copy() -> None:
    added = paragraphs("what happened since", 2)
    written_through = [STORY[0], added[0], *STORY[1:], added[1]]
    grouping = group_library(
        *library([page("old", FERRY, STORY), page("new", FERRY, written_through)])
    )
    assert grouping.newer == {key("new"): key("old")}


def test_a_teaser_and_an_identical_copy_are_not_older_versions() -> None:
    pages = [
        page("full", FERRY, STORY),
        page("teaser", FERRY, STORY[:3]),
        page("same", FERRY, STORY),
    ]
    grouping = group_library(*library(pages))
    assert partition(grouping.threads) == [["full", "same", "teaser"]]
    assert not grouping.newer


def _newer_of_twin_olds() -> str:
    day = dt.date(2025, 3, 1)
    olds = [page(name, FERRY, STORY, day=day) for name in ("old-a", "old-b", "old-c")]
    new = page("new", FERRY, [*paragraphs("the update", 1), *STORY], day=dt.date(2025, 3, 2))
    return repr(sorted(group_library(*library([*olds, new])).newer.items()))


def test_which_older_copy_a_version_updates_does_not_hang_on_the_hash_seed() -> None:
    # Older copies alike in date and length: pairs come in a set's order, which
    # is the hash seed's; the answer must not.
    script = "from tests.test_threads_stories import _newer_of_twin_olds as f; print(f())"
    answers = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout
        for seed in range(6)
    }
    assert len(answers) == 1


def test_a_teaser_too_short_for_text_keys_meets_its_story_by_its_headline() -> None:
    lede = unsampled_lede()
    teaser = page("teaser", FERRY, [lede])
    story = page("story", FERRY, [lede, *STORY])
    threads = _grouped(teaser, story, page("other", "Museum reopens", OTHER))
    assert sorted(threads) == [["other"], ["story", "teaser"]]


def test_pages_with_one_headline_and_other_texts_stay_apart() -> None:
    # Candidates by their headline; their text says they are not one story.
    assert _grouped(page("a", FERRY, STORY), page("b", FERRY, OTHER)) == [["a"], ["b"]]


def _pages(*articles: Article) -> list[Page]:
    infos, prints = library(articles)
    return [Page(info, fp) for info, fp in zip(infos, prints, strict=True)]


def test_a_page_whose_title_names_every_candidate_is_not_searched_for_them() -> None:
    # Its copies are its own story wherever they are in it: nothing to embed,
    # so where they are is not looked for (its positions are never made).
    host, teaser, copy = _pages(
        page("host", FERRY, STORY), page("teaser", FERRY, STORY[:2]), page("copy", FERRY, STORY)
    )
    found = examine(host, [teaser, copy], [])
    assert found is not None and found.embedded == [] and found.why == "title"
    assert host._at is None and host._at_sample is None


@pytest.mark.parametrize("case", ["a candidate it does not name", "a related fold"])
def test_a_page_is_searched_for_its_candidates_unless_its_title_names_them_all(
    case: str,
) -> None:
    if case == "a related fold":
        host, copy = _pages(
            page("host", FERRY, STORY[:6], related=STORY[6:]), page("copy", FERRY, STORY)
        )
        found = examine(host, [copy], [])
        # The fold is the page's own story: which of its blocks are is found.
        assert found is not None and [s.blocks for s in found.own] == [range(0, 8)]
    else:
        host, museum = _pages(
            page("host", FERRY, [*STORY, *OTHER]), page("museum", "Maritime museum reopens", OTHER)
        )
        found = examine(host, [museum], [])
        assert found is not None and [s.blocks for s in found.embedded] == [range(8, 16)]
    assert host._at_sample is not None


SHORT_TITLE = "Ferry fares rise"  # too few words for its headline alone to tell a story


def test_a_copy_with_another_story_set_in_its_middle_joins_its_original() -> None:
    # Its original is in it in two parts, neither most of it: its own story,
    # as its title says; the story set between them is embedded.
    copy = page("copy", SHORT_TITLE, [*STORY[:5], *OTHER[:3], *STORY[5:]])
    museum = page("museum", "Maritime museum reopens after flood repairs", OTHER[:3])
    grouping = group_library(*library([page("original", SHORT_TITLE, STORY), copy, museum]))
    assert partition(grouping.threads) == [["copy", "original"], ["museum"]]
    (embed,) = grouping.embeds[key("copy")]
    assert (embed.key, embed.first, embed.end) == (key("museum"), 5, 8)


def test_a_copy_under_another_headline_with_its_original_in_two_parts_joins_it() -> None:
    # Two parts of a story its title does not name are not taken for that
    # story embedded: a version under a new headline, paragraphs added inside.
    added = paragraphs("what happened since", 3)
    copy = page("copy", "Operators blame fuel costs", [*STORY[:5], *added, *STORY[5:]])
    grouping = group_library(*library([page("original", SHORT_TITLE, STORY), copy]))
    assert partition(grouping.threads) == [["copy", "original"]]
    assert not grouping.embeds


def test_part_of_another_story_set_between_a_copy_s_parts_is_embedded_in_it() -> None:
    # Most of the museum story (not its opening, so no quoted lede, and short
    # of most of it) set inside a copy of the ferry story: quoted there.
    museum_text = paragraphs("museum", 6)
    copy = page("copy", SHORT_TITLE, [*STORY[:5], *museum_text[1:5], *STORY[5:]])
    museum = page("museum", "Maritime museum reopens after flood repairs", museum_text)
    grouping = group_library(*library([page("original", SHORT_TITLE, STORY), copy, museum]))
    assert partition(grouping.threads) == [["copy", "original"], ["museum"]]
    (embed,) = grouping.embeds[key("copy")]
    assert (embed.key, embed.first, embed.end) == (key("museum"), 5, 9)


def test_a_story_s_own_text_is_not_taken_for_a_quote_of_a_page_that_holds_it() -> None:
    # A page holding the rest of the ferry story after its own: half of that
    # page's text is in the ferry story, beside (not between) the teaser found
    # at its top, which is the story's own opening.
    holder = page("holder", "Weekly digest of harbour news", [*OTHER[:4], *STORY[2:]])
    teaser = page("teaser", SHORT_TITLE, STORY[:2])
    grouping = group_library(*library([page("original", SHORT_TITLE, STORY), teaser, holder]))
    assert key("original") not in grouping.embeds
    assert any({"original", "teaser"} <= set(t) for t in partition(grouping.threads))


def test_a_page_holding_a_shortened_copy_s_text_is_not_lost_to_a_copy_titled_otherwise() -> None:
    # The shortened copy (three paragraphs dropped) is in the page in parts,
    # none most of it: still the story the page's title names, so a full copy
    # saved under an aggregator's name is the page's own story too, not a
    # story embedded in it (which would leave the page nothing of its own).
    shortened = page("shortened", FERRY, [STORY[i] for i in (0, 2, 4, 6, 7)])
    digest = page("digest", "Pressreader Digest", STORY)
    grouping = group_library(*library([page("original", FERRY, STORY), shortened, digest]))
    assert partition(grouping.threads) == [["digest", "original", "shortened"]]
    assert not grouping.embeds and not grouping.lost
