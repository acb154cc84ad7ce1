"""The story under the page's headline, when readability's pick is above it or after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

import reader.extract.article as extract_module
from reader import read_article
from reader.extract.html import Found
from reader.extract.meta import parse_page, read_meta
from reader.extract.standfirst import story_below_headline, story_under_title
from reader.model import Block, BlockKind

NOTICE = (
    "Your browser is out of date. Download a newer browser for free, for a better "
    "experience of this site: click on the symbol. We are glad of your visit and of "
    "your interest in our pages, but the browser you use no longer supports the "
    "technology they are made with."
)
STORY = [
    "The harbour board voted on Tuesday to rebuild the north pier, which has stood "
    "since 1911 and was closed to traffic last winter.",
    "The board can use the freed dates for repairs.",
    "Work is to begin in March, once the ferry timetable has moved to the south quay, "
    "and is expected to take two summers. The old timber deck will be kept for the "
    "new walkway along the quay.",
]
TITLE = "North pier to be rebuilt"


def _page(top: str, under: str, *, headline: str = f"<h1>{TITLE}</h1>") -> str:
    return (
        f"<html><head><title>{TITLE} | Harbour News</title></head><body>"
        f"<div class='notice'><p>{top}</p></div><main>{headline}{under}"
        "<section><h2>News</h2><ul><li><a href='/a'>Ferry fares to rise</a></li></ul>"
        "</section></main></body></html>"
    )


def _below(top: str, under: str, **kwargs: str) -> list[str]:
    page = lxml_html.fromstring(_page(top, under, **kwargs))
    pick = [Block(BlockKind.PARAGRAPH, " ".join(p.split())) for p in top.split("\n\n")]
    return [b.text for b in story_below_headline(page, pick, f"{TITLE} | Harbour News")]


UNDER = "".join(f"<p>{p}</p>" for p in STORY)


def test_a_short_pick_above_the_headline_gives_way_to_the_story_under_it() -> None:
    assert _below(NOTICE, UNDER) == STORY  # its short paragraph between the prose too


def test_a_notice_at_the_top_of_a_saved_page_is_not_its_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pier.html"
    path.write_text(_page(NOTICE, UNDER), encoding="utf-8")

    def notice(page_html: str) -> Found:  # what readability picks on such pages
        notice = [Block(BlockKind.PARAGRAPH, NOTICE)]
        return Found(notice, read_meta(page_html), parse_page(page_html))

    monkeypatch.setattr(extract_module, "readable", notice)
    article = read_article(path)
    body = article.body_text()
    assert STORY[0] in body and STORY[2] in body
    assert "out of date" not in body
    assert "above the headline" in " ".join(article.notes)


def test_a_long_pick_above_the_headline_stays() -> None:
    # A layout may set its header after the body in the markup.
    long_pick = "\n\n".join([STORY[0] + " " + STORY[2]] * 5)
    assert _below(long_pick, UNDER) == []


def test_a_pick_under_the_headline_stays() -> None:
    page = lxml_html.fromstring(_page("", UNDER))
    pick = [Block(BlockKind.PARAGRAPH, STORY[0])]
    assert story_below_headline(page, pick, TITLE) == []


def test_one_paragraph_under_the_headline_is_not_a_story() -> None:
    assert _below(NOTICE, f"<p>{STORY[0]}</p>") == []


def test_a_headline_the_title_does_not_name_is_not_the_pages() -> None:
    assert _below(NOTICE, UNDER, headline="<h1>Weather</h1>") == []
    assert _below(NOTICE, f"<aside>{UNDER}</aside>") == []  # a box, not the story


APPEAL = (
    "If you want our independent reporting to go on, please support us with a "
    "donation. Follow us on our channel or sign up for our newsletter to stay informed "
    "quickly and safely, wherever you read."
)


def _after(under: str, pick: str = APPEAL) -> list[str]:
    """What the story under the headline is when readability picked `pick`, a
    box of its own after `under`."""
    page = lxml_html.fromstring(
        f"<html><head><title>{TITLE} | Harbour News</title></head><body><main>"
        f"<h1>{TITLE}</h1><div class='body'>{under}</div>"
        f"<div class='appeal'><p>{pick}</p></div></main></body></html>"
    )
    pick_blocks = [Block(BlockKind.PARAGRAPH, pick)]
    return [b.text for b in story_below_headline(page, pick_blocks, TITLE)]


def test_a_short_pick_after_the_story_under_the_headline_gives_way_to_it() -> None:
    assert _after(UNDER) == STORY


def test_a_pick_after_less_prose_than_its_own_stays() -> None:
    # One short paragraph, then the pick: the pick is the story's body.
    assert _after(f"<p>{STORY[0]}</p><p>{STORY[1]}</p>", " ".join(STORY * 2)) == []
    assert _after(f"<p>{STORY[0]}</p>") == []


OTHER = [
    "The ferry company said on Monday that fares on the island routes will rise by a tenth "
    "from May, the first rise in four years.",
    "Season tickets are not affected, and children under twelve will still travel free on "
    "every crossing of the day.",
    "The company blamed the price of fuel, which it said had doubled since the routes were "
    "last tendered in the spring of 2019.",
]


def _run_of_stories(second: str) -> Any:
    """A saved page of a site's endless scroll: two stories, each under its heading."""
    first = "".join(f"<p>{p}</p>" for p in OTHER)
    return lxml_html.fromstring(
        "<html><body><div class='list'>"
        f"<article><header><h2>Ferry fares to rise in May</h2></header><div>{first}</div></article>"
        f"<article><header><h2>{TITLE}</h2></header><div>{second}</div></article>"
        "</div></body></html>"
    )


def _pick(texts: list[str]) -> list[Block]:
    return [Block(BlockKind.PARAGRAPH, t) for t in texts]


def test_another_story_of_the_page_gives_way_to_the_one_its_title_names() -> None:
    more = (
        "The harbour board will meet the ferry company in April to agree on the dates, and "
        "the town council will be asked to pay for a temporary landing stage on the beach, "
        "which the fishermen say they would rather see built of stone than of timber."
    )
    page = _run_of_stories("".join(f"<p>{p}</p>" for p in [*STORY, more]))
    found = story_under_title(page, _pick(OTHER), f"{TITLE} | Harbour News")
    assert [b.text for b in found] == [TITLE, *STORY, more]


def test_the_story_under_the_titles_heading_or_too_little_there_stays() -> None:
    page = _run_of_stories("".join(f"<p>{p}</p>" for p in STORY))
    assert story_under_title(page, _pick(STORY), TITLE) == []  # the pick is under it
    teaser = _run_of_stories(f"<p>{STORY[0]}</p>")
    assert story_under_title(teaser, _pick(OTHER), TITLE) == []  # a teaser, not a story
    headed = [Block(BlockKind.HEADING, TITLE, 1), *_pick(OTHER)]
    assert story_under_title(page, headed, TITLE) == []  # the pick has the headline
