"""HTML pages: readability finds the article, the walk keeps its shape, the head its metadata."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html
from readability import Document
from readability.readability import clean as readability_clean

import reader.extract.article as extract_module
from reader import read_article
from reader.extract.html import (
    Found,
    blocks_from_html,
    blocks_of,
    comment_items,
    is_all_link,
    is_link_line,
    main_text,
    page_blocks,
)
from reader.extract.meta import PageMeta, document_title, headline_in, parse_page, read_meta
from reader.extract.readable import Readable, _clean
from reader.extract.tame import tame
from reader.model import Article, Block, BlockKind, Page, PageKind
from reader.normalize import line_key

from .conftest import FIXTURES

HTML = FIXTURES / "html"


def test_metadata_comes_from_open_graph_and_json_ld() -> None:
    article = read_article(HTML / "article.html")
    assert article.title == "Lighthouse keepers return to Skerry Point"
    assert article.source == "Coast Gazette"
    assert article.section == "Local"
    assert article.byline == "Ruth Fenwick"
    assert article.published == dt.date(2024, 6, 4)
    assert article.url == "https://coast-gazette.example/skerry-point"


def test_the_walk_keeps_headings_quotes_lists_captions_and_preformatted_text() -> None:
    kinds = {b.kind for b in read_article(HTML / "article.html").blocks}
    assert {
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.QUOTE,
        BlockKind.LIST_ITEM,
        BlockKind.CAPTION,
        BlockKind.PREFORMATTED,
    } <= kinds


def test_ordered_list_items_keep_their_numbers() -> None:
    items = [
        b.text for b in read_article(HTML / "article.html").blocks if b.kind is BlockKind.LIST_ITEM
    ]
    assert items[0].startswith("1. Morning") and items[2].startswith("3. Evening")


def test_headline_repeated_in_the_body_is_not_repeated() -> None:
    article = read_article(HTML / "article.html")
    assert all(b.text != article.title for b in article.blocks)


def test_scripts_styles_and_navigation_give_no_text() -> None:
    body = read_article(HTML / "article.html").body_text()
    assert "tracker" not in body and "color: red" not in body and "Subscribe" not in body


def test_ruby_annotations_are_left_out_of_the_text(tmp_path: Path) -> None:
    # Furigana (<rt>) say how to read the characters above them: not the text.
    reading = "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども"
    paragraph = f"<p>{reading}への虐待をなくすための法律ができて、親が子どもを教育するために。</p>"
    path = tmp_path / "ruby.html"
    path.write_text(f"<html><body><article>{paragraph * 4}</article></body></html>", "utf-8")
    body = read_article(path).body_text()
    assert body.startswith("子どもへの虐待") and "こ" not in body.replace("子ども", "")
    assert "rt" in page_blocks("<html><body><p>The rt and rp words stay.</p></body></html>")[0].text


def test_escapes_from_numeric_references_are_stripped() -> None:
    article = read_article(HTML / "article.html")
    text = " ".join(b.text for b in article.blocks)
    assert "\x1b" not in text and "[2J" not in text
    assert "[bold]markup[/bold] and [/]" in text


@pytest.mark.parametrize("name", ["cp1252.html", "utf8-declared-latin1.html", "utf16-bom.html"])
def test_pages_in_any_encoding_read_the_same(name: str) -> None:
    article = read_article(HTML / name)
    assert article.title == "Café owners welcome the new market"
    assert "flowers – and a stand" in article.body_text()


def test_line_breaks_and_inline_markup_inside_a_paragraph() -> None:
    blocks = blocks_from_html("<p>one <b>bold</b><br>two <a href='#'>link</a></p>")
    assert [(b.kind, b.text) for b in blocks] == [(BlockKind.PARAGRAPH, "one bold\ntwo link")]


def test_quote_paragraphs_stay_quotes() -> None:
    blocks = blocks_from_html("<blockquote><p>first</p><p>second</p></blockquote>")
    assert [b.kind for b in blocks] == [BlockKind.QUOTE, BlockKind.QUOTE]


def _title_of(title: str, body: str = "") -> str:
    return document_title(lxml_html.document_fromstring(f"<title>{title}</title>{body}"))


def test_document_title_loses_the_site_name() -> None:
    assert _title_of("A story about the ferry - The Site") == "A story about the ferry"
    assert _title_of("Lorem ipsum dolor sit amet – My website") == "Lorem ipsum dolor sit amet"
    assert _title_of("News | A story about the ferry fares") == "A story about the ferry fares"
    assert _title_of("Plain title of a story") == "Plain title of a story"


def test_a_short_title_keeps_its_site_name() -> None:
    assert _title_of("Ferry - Harbour News") == "Ferry - Harbour News"


def test_a_byline_in_the_page_is_found_when_the_head_has_none() -> None:
    meta = read_meta(
        "<html><head><title>A story about the ferry fares</title></head><body>"
        '<nav class="menu"><a class="author">Not this</a></nav>'
        '<p class="byline">By <span itemprop="name">Ruth Fenwick</span></p>'
        "<p>Text.</p></body></html>"
    )
    assert meta.byline == "Ruth Fenwick"


@pytest.mark.parametrize(
    ("row", "byline"),
    [
        # A row of the author's name, controls and reading time: the name.
        (
            '<div class="author-row"><a class="author-name">Ruth Fenwick</a>'
            "<button>Follow</button><span>1 min read</span></div>",
            "Ruth Fenwick",
        ),
        (
            '<div class="author-row"><a>Ruth Fenwick</a> and <a>Jo Marsh</a>'
            "<button>Follow</button></div>",
            "Ruth Fenwick and Jo Marsh",
        ),
        # Without controls the marked element is the byline, as written.
        (
            '<div class="byline">By <a class="author-name">Ruth Fenwick</a> for the Courier</div>',
            "By Ruth Fenwick for the Courier",
        ),
    ],
)
def test_a_bylines_controls_are_left_out_of_it(row: str, byline: str, tmp_path) -> None:
    article = read_article(_page_with_byline(row, tmp_path))
    assert article.byline == byline


def _page_with_byline(byline: str, tmp_path) -> Path:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><head><title>Ferry fares to rise in spring</title></head><body><article>"
        f'<h1>Ferry fares to rise in spring</h1><div class="byline">{byline}</div>'
        "<p>Ferry fares across the harbour will rise by ten percent from April, the port"
        " said on Tuesday, blaming the cost of fuel and of repairs to the older boats.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("byline", "names", "day"),
    [
        # The wire agency after the name is not the writer (nor the copy's publisher).
        ("By Sandra King, Reuters · 28 June 2025", "By Sandra King", dt.date(2025, 6, 28)),
        ("Story by Andrew Lee • 2h", "Story by Andrew Lee", None),
        (
            "Jennifer Allen · Updated Sat, March 2, 2024 at 4:59 PM UTC · 3 min read",
            "Jennifer Allen",
            dt.date(2024, 3, 2),
        ),
        ("By Paul Haddad · May 8, 2023, 3:53 AM ET", "By Paul Haddad", dt.date(2023, 5, 8)),
        ("By Robert Taylor | 28/05/2025", "By Robert Taylor", dt.date(2025, 5, 28)),
        ("Published 7 July 2023", None, dt.date(2023, 7, 7)),
    ],
)
def test_a_byline_gives_its_date_and_reading_time_away(
    tmp_path, byline: str, names: str | None, day: dt.date | None
) -> None:
    article = read_article(_page_with_byline(byline, tmp_path))
    assert article.byline == names
    assert article.published == day


def test_broken_json_ld_is_ignored() -> None:

    meta = read_meta(
        '<html><head><script type="application/ld+json">{not json</script>'
        "<title>T</title></head></html>"
    )
    assert meta.title == "T"


def test_when_readability_finds_nothing_the_whole_page_is_shown(monkeypatch) -> None:
    monkeypatch.setattr(extract_module, "readable", lambda html: Found([], PageMeta()))
    article = read_article(HTML / "little.html")
    assert "forty minutes later" in article.body_text()
    assert article.notes == ("readability found no article: showing the whole page",)


def test_a_sign_up_box_is_no_main_text_for_a_page_readability_finds_nothing_in(
    monkeypatch, tmp_path: Path
) -> None:
    # The page's text is all list items (a blog's links of the day), which the
    # main text leaves out; its one paragraph of prose is a sign-up box's.
    monkeypatch.setattr(extract_module, "readable", lambda html: Found([], read_meta(html)))
    items = "".join(
        f"<li><p><a href='/l{n}'>Harbour link {n}</a></p><p>A note on harbour link {n}</p></li>"
        for n in range(6)
    )
    box = "<form><p>Enter your e-mail to follow this blog and hear of new posts.</p></form>"
    path = tmp_path / "links.html"
    path.write_text(f"<html><body><ul>{items}</ul>{box}</body></html>", encoding="utf-8")
    article = read_article(path)
    assert article.notes == ("readability found no article: showing the whole page",)
    assert "A note on harbour link 5" in article.body_text()


def test_when_readability_finds_a_teaser_the_pages_main_text_is_shown(monkeypatch) -> None:
    teaser = [Block(BlockKind.PARAGRAPH, "The trust hopes to open the lamp room to visitors.")]
    monkeypatch.setattr(extract_module, "readable", lambda html: Found(teaser, read_meta(html)))
    article = read_article(HTML / "article.html")
    assert article.notes == ("readability found only a teaser: showing the page's main text",)
    body = article.body_text()
    assert "For the first time in forty years" in body
    assert "once new handrails are fitted" in body
    assert "Harbour ferry fares to rise" not in body  # the related-stories aside


def test_paragraphs_set_apart_by_line_breaks_are_the_main_text_of_a_page(
    monkeypatch, tmp_path: Path
) -> None:
    # Readability took the office hours box; the story is one <p> of three
    # paragraphs parted by <br>, the last ending with a link.
    hours = [Block(BlockKind.PARAGRAPH, "Mon, Wed, Thu from 10:00 to 15:30")]
    monkeypatch.setattr(extract_module, "readable", lambda html: Found(hours, read_meta(html)))
    story = (
        "The harbour clubs may welcome more spectators to their halls again from Friday, "
        "under the new rules.<br>Up to fifteen hundred fans may attend each match, and "
        "twice as many where all are tested.<br>The match plan for the season is on the "
        "league's site: https://league.example/plan"
    )
    menu = "".join(f"<li><a href='/m{n}'>Section {n}</a></li>" for n in range(30))
    path = tmp_path / "clubs.html"
    path.write_text(
        f"<html><body><ul>{menu}</ul><div class='news'><p>{story}</p></div>"
        "<div>Mon, Wed, Thu from 10:00 to 15:30</div></body></html>",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.notes == ("readability found only a teaser: showing the page's main text",)
    assert "Section 12" not in article.body_text()


def test_lines_that_are_not_prose_do_not_make_a_block_prose() -> None:
    from reader.extract.article import _prose_words

    lines = Block(BlockKind.PARAGRAPH, "Opening hours\nMon to Thu 10:00 to 15:30\nFri 10:00")
    assert _prose_words([lines]) == 0


def test_an_article_is_never_empty_while_the_page_has_text(tmp_path) -> None:
    path = tmp_path / "odd.html"
    path.write_text(
        "<html><body><table><tr><td>Tide tables for the harbour mouth, corrected each month "
        "from the gauge readings by the harbour master and his two assistants.</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    assert "corrected each month" in read_article(path).body_text()


def test_the_whole_page_keeps_its_sections_own_headers_but_not_the_sites() -> None:
    blocks = page_blocks(
        "<html><body><header><a>Harbour News</a> <a>Sign in</a></header><main>"
        "<section><header><h2>Opinion</h2></header><p>Why the ferry fares must rise.</p>"
        "</section></main><footer>Terms of use</footer></body></html>"
    )
    assert [b.text for b in blocks] == ["Opinion", "Why the ferry fares must rise."]


STORY_START = "The harbour board voted on Tuesday to rebuild the north pier"
STORY_END = "so that the highest spring tides no longer wash over it"


def test_a_page_wide_form_is_read_as_the_page() -> None:
    # ASP.NET wraps the whole body in one <form>: readability-lxml drops it as a
    # form and shows the web-archive toolbar outside it.
    article = read_article(HTML / "aspnet.html")
    body = article.body_text()
    assert STORY_START in body and STORY_END in body
    assert "captures" not in body


def test_a_search_form_beside_the_story_is_still_no_part_of_it(tmp_path) -> None:
    story = (HTML / "aspnet.html").read_text("utf-8")
    page = (
        story.replace(
            "<h1>",
            '<form action="/search"><p>Search the Island Courier for news, '
            "ferry times and the weather, or browse the archive.</p></form><h1>",
        )
        .replace('<form name="aspnetForm"', '<div name="aspnetForm"')
        .replace("</form>\n</body>", "</div></body>")
    )
    path = tmp_path / "search.html"
    path.write_text(page, encoding="utf-8")
    body = read_article(path).body_text()
    assert STORY_START in body
    assert "Search the Island Courier" not in body


def test_a_second_document_in_the_file_is_read() -> None:
    # libxml2 stops at the first </html>; the saved page comes after it.
    body = read_article(HTML / "two-documents.html").body_text()
    assert STORY_START in body and STORY_END in body


def test_a_page_that_ends_at_its_end_is_parsed_as_written() -> None:
    page = "<html><body><p>One.</p></body></html>\n<!-- saved 2024-06-01 -->\n"
    assert tame(page) == page


@pytest.mark.parametrize("name", ["short-story-menu.html", "short-post-comments.html"])
def test_a_short_complete_story_is_not_taken_for_a_teaser(name: str) -> None:
    # Readability finds the 120-word story; the page's other text is a menu of
    # two hundred items, or forty comments: neither is the article.
    article = read_article(HTML / name)
    assert article.notes == ()
    body = article.body_text()
    assert body.startswith(STORY_START)
    assert "Section number" not in body and "said:" not in body


def test_a_teaser_in_a_wrapper_named_like_a_sidebar_gives_the_wrapped_story(monkeypatch) -> None:
    teaser = [Block(BlockKind.PARAGRAPH, STORY_START + ".")]
    monkeypatch.setattr(extract_module, "readable", lambda html: Found(teaser, read_meta(html)))
    article = read_article(HTML / "misnamed-wrapper.html")
    assert article.notes == ("readability found only a teaser: showing the page's main text",)
    body = article.body_text()
    assert STORY_END in body
    assert "Sign up to our newsletter" not in body  # the real sidebar


def test_a_list_of_menu_items_is_not_running_text() -> None:
    root = parse_page(
        "<html><body><ul>"
        + "".join(f"<li>Section number {i} of the site</li>" for i in range(50))
        + "</ul><div><p>"
        + STORY_START
        + ", the board said on Tuesday evening.</p></div></body></html>"
    )
    assert root is not None
    found = main_text(root)
    assert found.element is not None and found.element.tag == "div"


@pytest.mark.parametrize("name", ["article.html", "little.html", "cp1252.html"])
def test_readable_makes_readability_lxmls_choice(name: str) -> None:
    html = (HTML / name).read_bytes().decode("utf-8", "replace")

    def text(markup: str) -> str:
        return " ".join(
            lxml_html.fragment_fromstring(markup, create_parent="div").text_content().split()
        )

    assert text(Readable(html).summary(html_partial=True)) == text(
        Document(html).summary(html_partial=True)
    )


_WHITE = st.text(alphabet=" \t\n\r\xa0\u2028\x0bab,:", max_size=40)


@given(st.lists(_WHITE, max_size=4), st.integers(0, 300))
def test_the_fast_clean_is_readabilitys_clean(parts: list[str], run: int) -> None:
    text = (" " * run).join(parts) if run > 250 else "".join(parts)
    assert _clean(text) == readability_clean(text)


def _page(inner: str) -> str:
    story = "".join(f"<p>{s}.</p>" for s in (STORY_START, STORY_END))
    filler = "".join(
        f"<p>The board said the work on the pier would take {n} months, and cost more than "
        f"was planned when the storms of January first damaged it, in part {n}.</p>"
        for n in range(6)
    )
    return f"<html><body><article><h1>North pier</h1>{story}{filler}{inner}</article></body></html>"


def test_the_articles_own_comments_and_asides_are_marked_for_folding(tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        _page(
            '<div class="article-comments"><p>Ann Lee: I crossed on that ferry every week for '
            "years, and it was never safe in a storm.</p></div><aside><p>Ferry fares to rise in "
            "the spring, the operator says, by ten per cent.</p></aside>"
        ),
        encoding="utf-8",
    )
    article = read_article(path)
    assert [f.rule for f in article.folds] == ["markup.comments", "markup.related"]
    body = article.body_text()
    assert STORY_END in body and "Ferry fares" not in body and "Ann Lee" not in body


def test_a_photo_credit_the_markup_names_is_folded_as_a_credit(tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        _page('<p class="image-credits">The pier at dawn, Ines Carter / Sipa USA</p>'),
        encoding="utf-8",
    )
    article = read_article(path)
    assert [f.rule for f in article.folds] == ["markup.credit"]
    assert "Ines Carter" not in article.body_text()


def test_a_story_in_an_element_named_for_its_copyright_is_not_folded(tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        _page("").replace("<article>", '<article class="copyright-protected">'), encoding="utf-8"
    )
    article = read_article(path)
    assert article.folds == ()
    assert STORY_END in article.body_text()


def test_a_list_of_links_readability_dropped_stays_out_and_a_list_of_sentences_comes_back(
    tmp_path,
) -> None:
    links = "".join(f'<li><a href="/s/{n}">Story number {n} on the site</a></li>' for n in range(8))
    steps = "".join(
        f"<li>Step {n}: the crew checks the lamp, the fog signal and the batteries.</li>"
        for n in range(3)
    )
    path = tmp_path / "page.html"
    path.write_text(_page(f'<ul class="links">{links}</ul><ul>{steps}</ul>'), encoding="utf-8")
    body = read_article(path).body_text()
    assert "Story number" not in body
    assert "Step 2: the crew checks the lamp" in body


def test_when_readability_keeps_one_section_of_the_article_the_main_text_stands_in() -> None:
    # Each section in its own block, pictures between: readability keeps the first.
    article = read_article(HTML / "sections.html")
    assert article.notes == ("readability found part of the article: showing the page's main text",)
    body = article.body_text()
    assert STORY_START in body
    assert "Fishermen on the island say" in body and "A public meeting will be held" in body


def _section(title: str, level: int, paragraphs: int, word: str) -> list[Block]:
    text = f"The {word} crew checked the lamp, the fog signal and the batteries again today."
    return [
        Block(BlockKind.HEADING, title, level),
        *[Block(BlockKind.PARAGRAPH, text)] * paragraphs,
    ]


def test_the_other_sections_beside_readabilitys_one_are_more_of_the_article() -> None:
    # Readability kept one section, its heading too: the sections beside it,
    # under headings as high as its own, are the article's.
    known = "The kept crew checked the lamp, the fog signal and the batteries again today."
    page = [*_section("The lamp", 2, 2, "first"), *_section("The signal", 2, 1, "kept")]
    added = extract_module._added_running_prose(page, {known}, [2])
    assert added == 2 * 14
    assert extract_module._added_running_prose(page, {known}, []) == 0  # no heading of its own
    # A heading higher than the section's own begins another story.
    other = [*_section("The signal", 3, 1, "kept"), *_section("From the archive", 2, 3, "old")]
    assert extract_module._added_running_prose(other, {known}, [3]) == 0


def test_an_article_readability_found_whole_is_not_second_guessed() -> None:
    article = read_article(HTML / "article.html")
    assert article.notes == ()


def test_a_comment_thread_is_known_by_its_shape_whatever_its_class(tmp_path) -> None:
    # The blog's forty comments, their classes and ids taken away: each still
    # starts with a header of its own, "Name said:".
    page = (HTML / "short-post-comments.html").read_text("utf-8")
    for name in ('class="comment" ', 'class="comment-author"', 'class="comment-meta"'):
        page = page.replace(name, "")
    page = page.replace('id="comments"', "").replace('class="commentlist"', "")
    page = re.sub(r' id="comment-\d+"', "", page)
    assert "comment" not in page.split("<body>")[1].split("</h3>")[1]
    path = tmp_path / "blog.html"
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    # readability-lxml takes the thread, the longest text, for the article.
    assert article.notes == ("readability found comments: showing the page's main text",)
    assert article.body_text().startswith(STORY_START)
    assert "said:" not in article.body_text()


def test_an_articles_quotes_introduced_with_said_are_no_comment_thread() -> None:
    root = parse_page(
        "<html><body><article>"
        + "".join(
            f"<p>Speaking on day {n} of the inquiry, the harbour master said:</p>"
            f"<blockquote><p>The pier was never safe in a storm, and we all knew it.</p>"
            "</blockquote>"
            for n in range(4)
        )
        + "</article></body></html>"
    )
    assert root is not None
    assert comment_items(root) == set()


_DOLLAR = "<p>The dollar slid against the euro on Friday as traders closed their books.</p>"


def _html_page(tmp_path: Path, head: str, body: str) -> Path:
    """A saved page of this head and body."""
    page = tmp_path / "page.html"
    page.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    return page


def test_a_titles_headline_is_the_part_the_page_prints_as_a_heading(tmp_path) -> None:
    page = _html_page(
        tmp_path,
        "<title>Dollar slides ahead of New Year | by Ann Lee | Business</title>",
        f"<article><h1>Dollar slides ahead of New Year</h1>{_DOLLAR * 6}</article>",
    )
    assert read_article(page).title == "Dollar slides ahead of New Year"


def test_the_heading_a_titles_headline_is_is_not_repeated_but_other_headings_stay(
    tmp_path,
) -> None:
    prose = _DOLLAR * 3
    page = _html_page(
        tmp_path,
        "<title>Dollar slides ahead of New Year | by Ann Lee | Business</title>",
        "<article><div>Member-only story</div><h1>Dollar slides ahead of New Year</h1>"
        f"{prose}<h2>Markets close for the holiday</h2>{prose}</article>",
    )
    article = read_article(page)
    headings = [b.text for b in article.blocks if b.kind is BlockKind.HEADING]
    assert headings == ["Markets close for the holiday"]
    assert article.title == "Dollar slides ahead of New Year"


def test_a_title_the_page_declares_is_kept_as_its_publisher_wrote_it(tmp_path) -> None:
    page = _html_page(
        tmp_path,
        '<meta property="og:title" content="Dollar slides ahead of New Year | Ledger">'
        "<title>Dollar slides ahead of New Year | Ledger</title>",
        f"<article><h1>Dollar slides ahead of New Year</h1>{_DOLLAR * 6}</article>",
    )
    assert read_article(page).title == "Dollar slides ahead of New Year | Ledger"


@pytest.mark.parametrize(
    ("title", "headings", "expected"),
    [
        # The site's name as the page's heading, the post's title not: unknown, kept.
        ("Friends fear for lost mobiles « Second Screen", {"Second Screen"}, None),
        # Both parts printed apart: which is the headline is not known.
        ("Valley Herald - Bridge vote passes", {"Valley Herald", "Bridge vote passes"}, None),
        # A headline with a separator of its own stays whole.
        ("Newcastle - Bolton preview - Valley Herald", {"Newcastle - Bolton preview"}, 0),
        ("Valley Herald - Bridge vote passes at last", {"Bridge vote passes at last"}, 0),
    ],
)
def test_a_titles_parts_are_cut_only_on_a_heading_that_is_the_headline(
    title: str, headings: set[str], expected: int | None
) -> None:
    got = headline_in(title, frozenset(line_key(h) for h in headings))
    assert got == (title if expected is None else sorted(headings)[expected])


def _link_line(markup: str) -> bool:
    return is_link_line(lxml_html.fragment_fromstring(markup))


def test_a_labelled_link_to_another_story_is_a_link_line() -> None:
    assert _link_line('<p>Lea: <a href="/b">Council votes to close the old ferry terminal</a></p>')
    assert _link_line('<p>Auch lesen » <a href="/c">Warum der Hafen neu gebaut wird</a></p>')


def test_prose_names_and_bare_links_are_not_link_lines() -> None:
    assert not _link_line('<p>Colour: <a href="/ivory">Ivory White</a></p>')  # a name
    assert not _link_line('<p><a href="/b">Council votes to close the old ferry terminal</a></p>')
    assert not _link_line(
        '<p>The council, <a href="/b">which met on Monday to discuss the ferry</a>, voted.</p>'
    )
    assert not _link_line(
        '<p>See: <a href="/a">one story here</a> and <a href="/b">another</a></p>'
    )


def _all_link(markup: str) -> bool:
    return is_all_link(lxml_html.fragment_fromstring(markup))


def test_a_paragraph_that_is_one_link_is_all_link() -> None:
    assert _all_link('<p><a href="/">Zurück zur Übersicht</a></p>')
    assert _all_link('<p><a href="/b">Council votes to close the old ferry terminal</a>.</p>')
    assert _all_link('<p><a href="/b">Council votes</a> · <a href="/c">Ferry fares rise</a></p>')


def test_a_sentence_with_a_link_in_it_is_not_all_link() -> None:
    assert not _all_link(
        '<p>The council, <a href="/b">which met on Monday</a>, voted to close the pier.</p>'
    )
    assert not _all_link("<p>No link in this one at all.</p>")


def test_a_link_paragraph_after_the_story_is_folded_and_one_inside_it_kept(tmp_path) -> None:
    path = tmp_path / "page.html"
    cited = '<p><a href="/report.pdf">The harbour board report on the pier</a></p>'
    path.write_text(
        _page(
            cited + "<p>The work will start in May, the board said, once the contracts "
            "are signed and the weather allows it to go ahead.</p>"
            '<p><a href="/">Back to the overview of all news</a></p>'
        ),
        encoding="utf-8",
    )
    article = read_article(path)
    body = article.body_text()
    assert "harbour board report" in body
    assert "Back to the overview" not in body
    assert any("Back to the overview" in b.text for b in article.blocks)


def test_a_link_line_in_the_article_is_folded_as_a_link_to_another_story(tmp_path) -> None:
    story = (HTML / "article.html").read_text("utf-8")
    line = '<p>Lea: <a href="/b">Council votes to close the old ferry terminal</a></p>'
    path = tmp_path / "linked.html"
    path.write_text(story.replace("</p>", "</p>" + line, 1), encoding="utf-8")
    article = read_article(path)
    assert any("old ferry terminal" in b.text for b in article.blocks)
    assert "old ferry terminal" not in article.body_text()


_LETTER = "".join(
    f"<p>Paragraph {n} of the open letter argues that debate needs the freedom to be "
    "wrong, and that the remedy for bad ideas is argument, not silence.</p>"
    for n in range(8)
)
_NAMES = "".join(f"<li>Signatory Number{n}, a writer</li>" for n in range(120))


def _picked(monkeypatch, pick: list[Block], page: str) -> Article:
    root = parse_page(page)
    monkeypatch.setattr(extract_module, "readable", lambda html: Found(pick, read_meta(html), root))
    return extract_module.extract(
        Page(Path("letter.html"), PageKind.HTML, page, "utf-8", len(page))
    )


def test_a_pick_that_is_a_list_gives_way_to_the_pages_running_text(monkeypatch) -> None:
    names = [Block(BlockKind.LIST_ITEM, f"Signatory Number{n}, a writer") for n in range(120)]
    page = f"<html><body><div><h1>A letter</h1>{_LETTER}<ul>{_NAMES}</ul></div></body></html>"
    article = _picked(monkeypatch, names, page)
    assert article.notes == ("readability found a list: showing the page's main text",)
    assert "Paragraph 0 of the open letter" in article.body_text()


def test_a_list_with_no_running_text_elsewhere_stays(monkeypatch) -> None:
    names = [Block(BlockKind.LIST_ITEM, f"Signatory Number{n}, a writer") for n in range(120)]
    page = f"<html><body><ul>{_NAMES}</ul><p>{STORY_START}.</p></body></html>"
    article = _picked(monkeypatch, names, page)
    assert article.notes == ()
    assert article.body_text().startswith("Signatory Number0")


def _story_with(insert: str, tmp_path) -> str:
    path = tmp_path / "story.html"
    prose = (
        "<p>Ferry fares across the harbour will rise by ten percent from April, the port"
        " said on Tuesday, blaming the cost of fuel and of repairs to the older boats.</p>"
    )
    path.write_text(
        "<html><head><title>Ferry fares to rise in spring</title></head><body><article>"
        f"<h1>Ferry fares to rise in spring</h1>{prose * 3}{insert}{prose * 2}"
        "</article></body></html>",
        encoding="utf-8",
    )
    return read_article(path).body_text()


def test_a_post_quoted_in_the_article_is_kept_whatever_its_class(tmp_path) -> None:
    tweet = (
        '<blockquote class="twitter-tweet"><p>The new fares are a scandal for everyone'
        " who crosses the harbour to work each day.</p>&mdash; Harbour Users</blockquote>"
    )
    assert "The new fares are a scandal" in _story_with(tweet, tmp_path)


def test_a_share_bar_marked_for_twitter_is_still_left_out(tmp_path) -> None:
    bar = '<div class="twitter-share"><p>Share this story with your followers now</p></div>'
    assert "Share this story" not in _story_with(bar, tmp_path)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # The reader it was saved from is not the story's.
        ("Harbour ferry fares rise - feedly", "Harbour ferry fares rise"),
        ("Harbour ferry fares rise | Inoreader", "Harbour ferry fares rise"),
        # A site's name stays where Readability's rules keep it (a short title).
        ("Harbour ferry fares rise - Harbour News", "Harbour ferry fares rise - Harbour News"),
    ],
)
def test_an_aggregators_name_after_the_title_is_left_out(
    tmp_path, title: str, expected: str
) -> None:
    page = tmp_path / "page.html"
    prose = "<p>The dollar slid against the euro on Friday as traders closed their books.</p>" * 6
    page.write_text(
        f"<html><head><title>{title}</title></head><body><article>{prose}</article></body></html>",
        encoding="utf-8",
    )
    assert read_article(page).title == expected


def _page_with_declared_body(tmp_path, shown: str, body: str) -> Path:
    path = tmp_path / "page.html"
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": body})
    path.write_text(
        f'<html><head><title>Ferry fares to rise</title><script type="application/ld+json">{ld}'
        f"</script></head><body><article>{shown}</article></body></html>",
        encoding="utf-8",
    )
    return path


_DECLARED = "".join(
    f"<p>Paragraph {n}: the harbour board agreed on Tuesday that ferry fares will rise by a"
    " tenth from April, blaming fuel and the repairs the older boats need.</p>"
    for n in range(12)
)


def test_a_teaser_page_shows_the_article_text_its_metadata_declares(tmp_path) -> None:
    teaser = "<p>The harbour board agreed on Tuesday that ferry fares will rise. Subscribe.</p>"
    article = read_article(_page_with_declared_body(tmp_path, teaser, _DECLARED))
    body = article.body_text()
    assert body.startswith("Paragraph 0: the harbour board") and "Paragraph 11" in body
    assert "<p>" not in body and len(article.body) == 12


def test_the_article_text_its_microdata_declares_counts_as_declared() -> None:
    hidden = f'<div hidden itemprop="articleBody">{_DECLARED}</div>'
    page = f'<html><body><div itemscope itemprop="mainEntity">{hidden}</div></body></html>'
    declared = read_meta(page).declared_body or ""
    assert declared.startswith("Paragraph 0: the harbour board") and "<p>" not in declared
    summary = f'<html><body><div itemprop="description">{_DECLARED}</div></body></html>'
    assert read_meta(summary).declared_body is None


def test_a_page_showing_its_article_or_declaring_a_summary_keeps_what_it_shows(tmp_path) -> None:
    shown = _DECLARED.replace("Paragraph", "Shown")
    article = read_article(_page_with_declared_body(tmp_path, shown, _DECLARED))
    assert article.body_text().startswith("Shown 0")
    teaser = "<p>The harbour board agreed on Tuesday that ferry fares will rise. Subscribe.</p>"
    summary = "Ferry fares will rise by a tenth from April, the harbour board said."
    other = read_article(_page_with_declared_body(tmp_path, teaser, summary))
    assert other.body_text().startswith("The harbour board agreed")


def test_a_titles_headline_printed_on_a_line_of_its_own_within_a_block_is_found(
    tmp_path,
) -> None:
    page = _html_page(
        tmp_path,
        "<title>The Harbour Ledger - Dollar slides ahead of New Year</title>",
        "<div><p>Dollar slides ahead of New Year<br>By Ann Lee, Posted Jan 2</p>"
        f"{_DOLLAR * 6}</div>",
    )
    assert read_article(page).title == "Dollar slides ahead of New Year"


def test_a_donation_box_a_disclosure_or_a_dialog_the_markup_marks_is_a_promo() -> None:
    article = lxml_html.fromstring(
        "<div><p>The council met on Tuesday to vote on the harbour plan, which passed.</p>"
        "<div class='donation-box'><p>Support our reporting with a gift.</p></div>"
        "<div id='affiliateText'><p>We earn a fee when you buy through these links.</p></div>"
        "<div class='news-letter-section'><p>Get our stories every morning.</p></div>"
        "<section class='editorial-disclosure'><p>We may earn a fee from our partners.</p>"
        "</section><div class='modal disclosures-modal'><div class='modal__body'><p>The "
        "authors declare no conflict of interest.</p></div></div></div>"
    )
    roles = [b.role for b in blocks_of(article)]
    assert roles == [None, "promo", "promo", "newsletter", "promo", "promo"]


def test_a_section_styled_as_a_call_to_action_is_still_the_articles() -> None:
    # "content-cta" is a layout's name for a banner: a product page sets its
    # preparation notes in one.
    article = lxml_html.fromstring(
        "<div><section class='content-cta'><p>Brew it in a moka pot or a French press, "
        "as you like it.</p></section>"
        "<div class='contact-details'><p>Call the harbour office on weekdays.</p></div>"
        "<div class='multimodal-transport'><p>Ferries meet the trains at the quay.</p></div>"
        "</div>"
    )
    assert [b.role for b in blocks_of(article)] == [None, None, None]


def test_a_list_of_other_stories_headlines_is_links_to_other_pages() -> None:
    article = lxml_html.fromstring(
        "<div><ol><li><a href='/a'>Ferry fares to rise by a tenth in May</a></li>"
        "<li><a href='/b'>Harbour master retires after thirty years</a></li></ol>"
        "<p>The council met on Tuesday to vote on the harbour plan, which passed.</p></div>"
    )
    assert [b.role for b in blocks_of(article)] == ["link", "link", None]


def test_a_list_of_linked_names_or_an_item_with_prose_is_the_articles() -> None:
    article = lxml_html.fromstring(
        "<div><ul><li><a href='/a'>BBEdit</a></li><li><a href='/b'>Transmit</a></li>"
        "<li>The pier was built in 1911, <a href='/c'>the archive says</a>, by the town.</li>"
        "</ul></div>"
    )
    assert [b.role for b in blocks_of(article)] == [None, None, None]


def _ld_page(headline: str, og: str, title: str) -> str:
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline}
    )
    return (
        f"<html><head><title>{title}</title><meta property='og:title' content=\"{og}\">"
        f"<script type='application/ld+json'>{ld}</script></head><body></body></html>"
    )


def test_a_json_ld_title_with_no_word_of_the_pages_other_titles_is_a_placeholder() -> None:
    page = _ld_page("escenic", "Plumber jailed after boiler death", "Plumber jailed | The Post")
    assert read_meta(page).title == "Plumber jailed after boiler death"


def test_a_json_ld_title_worded_otherwise_than_the_tags_is_kept() -> None:
    page = _ld_page(
        "Plumber jailed over death of heiress", "Boiler killed heiress", "Plumber jailed | Post"
    )
    assert read_meta(page).title == "Plumber jailed over death of heiress"
    # Nothing to weigh it against: the JSON-LD title stands.
    alone = _ld_page("escenic", "", "")
    assert read_meta(alone).title == "escenic"


_BIO = (
    "<div class='author-bio'><p>I am Jessie, a writer in Berlin. I founded this magazine in "
    "2012 and have written about fashion and travel for fifteen years since then.</p></div>"
)
_GUIDE = (
    "<div class='entry'><p>Christmas is near, and with it the search for gifts for the people "
    "we love: here are the ones our team has tried and would give again.</p>"
    "<p>Book ends of oak, made by a joiner in the town, hold a shelf of paperbacks upright "
    "and last for a lifetime of moving house.</p></div>"
)


def _read_with_pick(tmp_path: Path, monkeypatch, pick: str, page: str) -> Article:
    picked = blocks_of(lxml_html.fromstring(f"<div>{pick}</div>"))
    monkeypatch.setattr(
        extract_module, "readable", lambda html: Found(picked, read_meta(html), parse_page(html))
    )
    path = tmp_path / "guide.html"
    path.write_text(f"<html><body><main>{page}</main></body></html>", encoding="utf-8")
    return read_article(path)


def test_a_pick_the_markup_marks_as_the_writers_gives_way_to_the_main_text(
    tmp_path: Path, monkeypatch
) -> None:
    article = _read_with_pick(tmp_path, monkeypatch, _BIO, _GUIDE + _BIO)
    assert "Book ends of oak" in article.body_text()
    assert "marks as not the article" in " ".join(article.notes)


def test_a_pick_with_prose_of_its_own_or_a_page_with_nothing_else_stays(
    tmp_path: Path, monkeypatch
) -> None:
    story = "<p>The harbour board voted on Tuesday to rebuild the north pier, closed since May.</p>"
    kept = _read_with_pick(tmp_path, monkeypatch, story + _BIO, _GUIDE + story + _BIO)
    assert "marks as not the article" not in " ".join(kept.notes)
    assert "north pier" in kept.body_text()
    alone = _read_with_pick(tmp_path, monkeypatch, _BIO, _BIO)
    assert "I am Jessie" in " ".join(b.text for b in alone.blocks)
    assert not alone.notes
