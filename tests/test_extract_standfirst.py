"""The standfirst: between headline and body, or the summary a page declares."""

from __future__ import annotations

from lxml import html as lxml_html

from reader import read_article
from reader.extract.standfirst import standfirst
from reader.model import Block, BlockKind

from .conftest import FIXTURES

HTML = FIXTURES / "html"
LEDE = "The harbour board has agreed to replace the town's oldest pier"
BODY = [
    Block(
        BlockKind.PARAGRAPH,
        "The harbour board voted on Tuesday to rebuild the north pier, "
        "which has stood since 1911 and was closed to traffic last winter.",
    ),
    Block(
        BlockKind.PARAGRAPH,
        "Work is to begin in March, once the ferry timetable has moved "
        "to the south quay, and is expected to take two summers.",
    ),
]
BODY_HTML = "".join(f"<p>{b.text}</p>" for b in BODY)
PROSE = "This sentence is long enough to be running text of its own, and it ends as one does."


def _found(between: str, *, headline: str = "<h1>North pier to be rebuilt</h1>") -> list[str]:
    page = lxml_html.fromstring(
        f"<html><body><header>{headline}{between}</header>"
        f"<div class='body'>{BODY_HTML}</div></body></html>"
    )
    return [b.text for b in standfirst(page, BODY)]


def test_the_standfirst_above_the_body_opens_the_article() -> None:
    body = read_article(HTML / "standfirst.html").body_text()
    assert body.startswith(LEDE)
    assert "seen from the lighthouse" not in body  # the photo's caption
    assert "All rights reserved" not in body


def test_a_paragraph_of_prose_between_headline_and_body_is_the_standfirst() -> None:
    assert _found(f"<div class='x'><p>{PROSE}</p></div><p>By Jane Fletcher</p>") == [PROSE]


def test_captions_links_and_short_lines_there_are_not() -> None:
    assert _found(f"<figure><figcaption>{PROSE}</figcaption></figure>") == []
    assert _found(f"<p><a href='/other'>{PROSE}</a></p>") == []
    assert _found("<p>By Jane Fletcher | 4 June 2024</p><p>Share this story</p>") == []


def test_many_paragraphs_there_are_a_box_not_a_standfirst() -> None:
    teasers = "".join(f"<p>{n}: {PROSE}</p>" for n in range(4))
    assert _found(teasers) == []


def test_nothing_is_added_without_a_headline_or_when_the_headline_is_in_the_article() -> None:
    assert _found(f"<p>{PROSE}</p>", headline="<div>North pier</div>") == []
    with_headline = [Block(BlockKind.HEADING, "North pier to be rebuilt", 1), *BODY]
    page = lxml_html.fromstring(
        f"<html><body><h1>North pier to be rebuilt</h1><p>{PROSE}</p>{BODY_HTML}</body></html>"
    )
    assert standfirst(page, with_headline) == []


def test_text_already_in_the_article_is_not_repeated() -> None:
    assert _found(f"<p>{BODY[1].text}</p>") == []


def test_the_writers_bio_between_headline_and_body_is_not_the_standfirst() -> None:
    bio = "By Jane Fletcher, a deputy editor who covers the harbour, its boards and its ferries."
    assert _found(f"<p>{bio}</p>") == []
    assert _found(f"<div class='author-card'><p>{PROSE}</p></div>") == []
    # Marks that name something else leave the standfirst alone.
    assert _found(f"<div class='dek'><p>{PROSE}</p></div>") == [PROSE]


def _declared(page_html: str, description: str) -> list[str]:
    page = lxml_html.fromstring(page_html)
    return [b.text for b in standfirst(page, BODY, description)]


def test_the_paragraph_the_page_declares_as_its_summary_is_the_standfirst_wherever_it_is() -> None:
    # The body comes first in the markup, the header after it (set in place by styles).
    page = (
        f"<html><body><div class='body'>{BODY_HTML}</div><header><h2>North pier</h2>"
        f"<p>{PROSE} The board will meet again in May.</p></header></body></html>"
    )
    # A declared summary may be cut short, with an ellipsis.
    found = _declared(page, f"{PROSE} The board will…")
    assert found == [f"{PROSE} The board will meet again in May."]


def test_a_declared_summary_the_article_shows_or_a_tagline_adds_nothing() -> None:
    page = (
        f"<html><body><div class='body'>{BODY_HTML}</div>"
        "<p>News from the harbour towns, every day of the year.</p>"
        f"<aside><p>{PROSE}</p></aside></body></html>"
    )
    assert _declared(page, BODY[0].text) == []  # the body's own first paragraph
    assert _declared(page, "News from the harbour towns, every day of the year.") == []
    assert _declared(page, PROSE) == []  # in a sidebar
    assert _declared(page, "") == []


STORY = "".join(
    f"<p>Paragraph {n} of the story the headline names, long enough to be prose of its own,"
    " tells what the harbour board decided and what the town will see of it next year.</p>"
    for n in range(4)
)


def test_the_headlines_own_story_above_another_storys_heading_opens_the_article() -> None:
    # Readability took the story below "From the archive": the headline's is above it.
    found = _found(f"<p>By Jane Fletcher</p>{STORY}<h4>From the archive</h4><h3>Old pier</h3>")
    assert len(found) == 4 and found[0].startswith("Paragraph 0 of the story")


def test_prose_under_the_headline_with_no_heading_after_it_is_not_taken() -> None:
    # Many paragraphs straight above the body: a box, or the body's own start.
    assert _found(f"<p>By Jane Fletcher</p>{STORY}") == []
    # Too little to be a story of its own above the heading.
    assert _found(f"<p>{PROSE}</p><p>{PROSE}</p><h3>Old pier</h3>{STORY}") == []


def test_a_standfirst_set_as_a_heading_is_still_the_standfirst() -> None:
    assert _found(f"<h2>{PROSE}</h2><p>By Jane Fletcher</p>") == [PROSE]


def test_the_standfirst_is_found_when_the_body_opens_with_text_of_no_element_of_its_own() -> None:
    # The body's first paragraph is bare text in the <div> that holds the rest.
    page = lxml_html.fromstring(
        "<html><body><header><h1>North pier to be rebuilt</h1>"
        f"<p class='lead'>{LEDE}, which has stood since 1911 and was closed last winter.</p>"
        f"</header><div class='body'>{BODY[0].text}<p>{BODY[1].text}</p></div></body></html>"
    )
    assert [b.text for b in standfirst(page, BODY)] == [
        f"{LEDE}, which has stood since 1911 and was closed last winter."
    ]


def test_the_bodys_own_paragraph_written_a_little_otherwise_is_no_standfirst() -> None:
    # The page sets the first paragraph with a word more near its start; the
    # article (readability's) has it without: the page's is found by the next.
    longer = BODY[0].text.replace("voted on Tuesday", "voted late on Tuesday")
    page = lxml_html.fromstring(
        "<html><body><header><h1>North pier to be rebuilt</h1></header>"
        f"<div class='body'><p>{longer}</p><p>{BODY[1].text}</p></div></body></html>"
    )
    assert standfirst(page, BODY) == []
