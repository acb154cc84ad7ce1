"""Plain-text and Markdown copies: paragraphs and header lines, without any HTML parser."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from reader import read_article
from reader.extract.paragraphs import split_paragraphs
from reader.model import Article, BlockKind

from .conftest import DAILY8_SEED, FIXTURES, INKL_SEED

TEXT = FIXTURES / "text"
FERRY_PARAGRAPHS = [
    "Ferry fares across the harbour will rise by ten percent from April,",
    "Season tickets will rise by less,",
]


def test_inkl_header_lines_become_title_source_and_section() -> None:
    article = read_article(INKL_SEED)
    assert article.title == "Turkiye and Israel hold talks to avoid clashes in Syria"
    assert article.source == "Al Jazeera"
    assert article.section == "World"
    assert article.aggregator == "inkl"


def test_inkl_photo_line_is_a_caption() -> None:
    article = read_article(INKL_SEED)
    captions = [b for b in article.blocks if b.kind is BlockKind.CAPTION]
    assert len(captions) == 1
    assert captions[0].text.endswith("[File: Shir Torem/Reuters]")


def test_header_lines_are_not_left_in_the_body() -> None:
    body = read_article(INKL_SEED).body_text()
    assert "Al Jazeera" not in body
    assert "Turkiye and Israel hold talks to avoid clashes" not in body


def test_daily8_title_is_its_first_line() -> None:
    article = read_article(DAILY8_SEED)
    assert article.title == "Turkiye and Israel hold talks to avoid clashes in Syria"
    assert article.aggregator == "Daily8"
    assert article.body[0].text.startswith("Turkish and Israeli officials have begun talks")


@pytest.mark.parametrize("name", ["blank.txt", "oneline.txt", "wrapped.txt", "crlf.txt"])
def test_paragraphs_come_out_right_for_every_layout(name: str) -> None:
    article = read_article(TEXT / name)
    assert article.title.startswith(("Ferry fares to rise", "Harbour ferry fares"))
    paragraphs = [b.text for b in article.body]
    for start, paragraph in zip(FERRY_PARAGRAPHS, paragraphs, strict=False):
        assert paragraph.startswith(start)
    assert all("\n" not in p and "\r" not in p for p in paragraphs)


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    body = read_article(TEXT / "wrapped.txt").body
    assert len(body) == 3
    assert body[0].text.endswith("repairs to the older boats.")
    assert body[2].text.endswith("before the summer crowds arrive in July.")


def test_a_dash_opening_a_line_cut_from_a_sentence_is_the_sentences_not_a_list() -> None:
    story = textwrap.fill(" ".join([PROSE] * 4), 60)
    cut = "The six tapes, which were owned by the engineer who made it"  # 59 of 60
    listed = "These are the things the board will buy for all the ferries:"  # cut there too
    text = f"{story}\n\n{cut}\n- are valued at £50,000.\n\n{listed}\n- fuel\n\n{story}"
    blocks = [(b.kind, b.text) for b in split_paragraphs(text).blocks]
    assert (BlockKind.PARAGRAPH, f"{cut} - are valued at £50,000.") in blocks
    assert (BlockKind.LIST_ITEM, "fuel") in blocks


def test_short_lines_are_not_joined_when_text_is_not_wrapped() -> None:
    paragraphs = split_paragraphs("Home\nNews\nSport\nWeather\n\nA title here\n")
    assert [b.text for b in paragraphs.blocks] == [
        "Home",
        "News",
        "Sport",
        "Weather",
        "A title here",
    ]
    assert paragraphs.after_blank == {4}


def test_byline_date_and_source_lines_become_metadata() -> None:
    article = read_article(TEXT / "blank.txt")
    assert article.byline == "Jane Doe"
    assert article.published == dt.date(2024, 6, 4)
    assert article.url == "https://harbour-news.example/ferry-fares"
    assert "By Jane Doe" not in article.body_text()
    assert "Source:" not in article.body_text()


def test_mojibake_is_repaired_on_the_way_in() -> None:
    body = read_article(TEXT / "mojibake.txt").body_text()
    assert "port’s chief" in body and "“unavoidable”" in body and "cafés" in body


def test_markdown_keeps_its_shape_and_loses_its_marks() -> None:
    article = read_article(TEXT / "notes.md")
    assert article.title == "Ferry fares to rise in spring"
    assert article.source == "Harbour News"
    assert article.published == dt.date(2024, 6, 4)
    kinds = [b.kind for b in article.blocks]
    assert kinds == [
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.QUOTE,
        BlockKind.PREFORMATTED,
    ]
    assert "ten percent" in article.blocks[0].text and "**" not in article.blocks[0].text
    assert "cost of fuel" in article.blocks[0].text and "](" not in article.blocks[0].text
    assert article.blocks[5].text == "fare table: adult 3.30, child 0.00"


def test_a_file_without_a_headline_is_titled_from_its_name(tmp_path) -> None:
    path = tmp_path / "ferry_fares_note.txt"
    path.write_text(
        "Ferry fares across the harbour will rise by ten percent from April, the port said.\n"
    )
    assert read_article(path).title == "ferry fares note"


@pytest.mark.parametrize(
    "note",
    [
        "Editor's note: This story has been updated with additional information.",
        "This article was amended on 11 April to correct the spelling of a name.",
        "Correction: an earlier version gave the wrong date for the vote.",
    ],
)
def test_an_editors_note_is_marked_as_such(tmp_path, note: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        f"Ferry fares to rise\n\n{note}\n\n"
        "Ferry fares across the harbour will rise by ten percent from April, the port said.\n",
        encoding="utf-8",
    )
    kinds = [(b.kind, b.text) for b in read_article(path).blocks]
    assert kinds[0] == (BlockKind.NOTE, note)
    assert kinds[1][0] is BlockKind.PARAGRAPH


PROSE = "Ferry fares across the harbour will rise by ten percent from April, the port said.\n"


def _read_text(tmp_path, text: str) -> Article:
    path = tmp_path / "copy.txt"
    path.write_text(text, encoding="utf-8")
    return read_article(path)


def _copy(tmp_path, head: str) -> Article:
    """A plain-text copy: `head`, a blank line, then a paragraph of prose."""
    return _read_text(tmp_path, f"{head}\n\n{PROSE}")


def _header_of(tmp_path, header: str) -> Article:
    return _copy(tmp_path, f"{header}\n\nFerry fares to rise in spring")


def test_a_date_line_under_the_headline_is_the_date_not_the_title(tmp_path) -> None:
    article = _copy(
        tmp_path,
        "Technology\nFerry fares to rise in spring\nBy Ruth Fenwick, Transport Editor\n"
        "February 1, 2025, 6:25 AM ET",
    )
    assert article.title == "Ferry fares to rise in spring"
    assert article.byline == "Ruth Fenwick, Transport Editor"
    assert article.published == dt.date(2025, 2, 1)


def test_a_header_line_of_fields_gives_each_field(tmp_path) -> None:
    article = _copy(
        tmp_path, "Ferry fares to rise in spring\nBy Ruth Fenwick · 28/05/2025 · 3 min read"
    )
    assert (article.byline, article.published) == ("Ruth Fenwick", dt.date(2025, 5, 28))
    assert "min read" not in article.body_text()


def test_a_line_of_fields_parted_by_dashes_with_a_date_gives_each_field(tmp_path) -> None:
    article = _copy(
        tmp_path, "Ferry fares to rise in spring\nharbour-news.de - Ruth Fenwick - 2025-05-28"
    )
    assert article.title == "Ferry fares to rise in spring"
    assert (article.source, article.published) == ("harbour-news.de", dt.date(2025, 5, 28))
    assert article.byline == "Ruth Fenwick"


def test_a_headline_with_dashes_and_no_date_stays_the_headline(tmp_path) -> None:
    article = _copy(tmp_path, "Ferry fares - the board - the year ahead\nBy Ruth Fenwick")
    assert article.title == "Ferry fares - the board - the year ahead"
    two = _copy(tmp_path, "Harbour News\nFerry fares to rise - 28 May 2025")
    assert two.title == "Ferry fares to rise - 28 May 2025"


def test_a_domain_and_a_via_field_are_a_copys_fields_not_its_headline(tmp_path) -> None:
    article = _copy(
        tmp_path,
        "Ferry fares to rise in spring as the board blames the cost of fuel and repairs\n"
        "harbour-news.de · Harbour Board · via Pressreader",
    )
    assert article.title.startswith("Ferry fares to rise in spring")
    assert article.source == "harbour-news.de"
    # Only as fields: a headline that names a site or says "via" is a headline.
    other = _copy(tmp_path, "Via Appia reopens to walkers\nBy Ruth Fenwick")
    assert other.title == "Via Appia reopens to walkers"


def test_a_source_line_under_the_headline_marks_it_above_code_or_captions(tmp_path) -> None:
    article = _read_text(
        tmp_path,
        "How to read the harbour tide tables\nharbour-news.de | via Daily Brief\n\n"
        "if tide.height > 2: boats = open_gate(harbour)\n\n" + PROSE + "\n" + PROSE,
    )
    assert article.title == "How to read the harbour tide tables"
    assert article.source == "harbour-news.de"


def test_a_long_headline_with_its_byline_beats_a_short_line_without(tmp_path) -> None:
    long_headline = (
        "Harbour board agrees to rebuild the north pier after a winter of storms closed "
        "it to traffic"
    )
    article = _copy(
        tmp_path, f"Our top stories today\n\n{long_headline}\nBy Ruth Fenwick · 28/05/2025"
    )
    assert article.title == long_headline
    # With no byline or date under either, the usual length wins.
    plain = _copy(tmp_path, f"Ferry fares to rise\n\n{long_headline}")
    assert plain.title == "Ferry fares to rise"


def test_a_save_for_later_button_is_not_a_copys_headline(tmp_path) -> None:
    article = _copy(tmp_path, "Save for later\nListen to this article\n\nFerry fares to rise")
    assert article.title == "Ferry fares to rise"
    assert "Save for later" not in article.body_text()


def test_a_wrapped_copy_with_one_unwrapped_banner_line_is_still_joined() -> None:
    banner = "We use cookies to improve your experience. " * 6
    paragraphs = [
        f"Paragraph {n}: ferry fares across the harbour will rise by ten percent from "
        "April, the port authority said on Tuesday, blaming the cost of fuel and of "
        "repairs to the older boats that cross to the islands."
        for n in range(6)
    ]
    text = banner + "\nAccept all\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)
    blocks = [b.text for b in split_paragraphs(text).blocks]
    assert blocks == [banner.strip(), "Accept all", *paragraphs]


def test_source_author_and_section_over_the_headline_are_told_apart(tmp_path) -> None:
    article = _header_of(tmp_path, "Start reading\nHarbour News\nRuth Fenwick\nBusiness")
    assert (article.source, article.byline, article.section) == (
        "Harbour News",
        "Ruth Fenwick",
        "Business",
    )
    assert "Ruth Fenwick" not in article.body_text()


def test_a_publications_name_under_the_headline_is_the_source_not_the_byline(tmp_path) -> None:
    article = _copy(tmp_path, "Ferry fares to rise in spring\n\nValley Observer")
    assert (article.source, article.byline) == ("Valley Observer", None)


def test_a_trail_over_the_headline_gives_source_byline_and_section(tmp_path) -> None:
    article = _header_of(tmp_path, "Harbour Telegraph / Lisa Patel / Technology")
    assert (article.source, article.byline, article.section) == (
        "Harbour Telegraph",
        "Lisa Patel",
        "Technology",
    )


def test_the_name_a_copied_menu_starts_with_is_the_source(tmp_path) -> None:
    article = _header_of(tmp_path, "Daily Courier\nWorld\nPolitics\nSport\nSubscribe\nSign in")
    assert article.source == "Daily Courier"


def test_a_menu_of_anything_else_names_no_source(tmp_path) -> None:
    article = _header_of(tmp_path, "Home\nWorld\nPolitics\nSport")
    assert article.source is None
    article = _header_of(tmp_path, "Ruth Fenwick\nRecipes\nGardening\nPuzzles")
    assert article.source is None


_TEASER_BOX = "\n".join(
    [
        "Most Read",
        "1. Turkey knocks six zeros off lira",
        "Turkey is to relaunch its currency on Saturday, knocking six zeros off the lira in the "
        "hope of boosting trade.",
        "2. Swiss cement firm in buying spree",
        "Swiss cement firm Holcim has bid $800m to buy two Indian cement firms and a holding "
        "company in the country.",
        "",
    ]
)
_STORY_TEXT = (
    "Oil prices retreated from four-month highs in early trading on Tuesday after the "
    "producers' cartel said it was unlikely to cut production.\n\n"
    "Following the comments, US light crude fell 32 cents to $51.43 a barrel, and Brent "
    "crude fell 32 cents to $49.74."
)


def test_a_box_of_teasers_above_the_story_is_not_its_header(tmp_path) -> None:
    path = tmp_path / "copy.txt"
    path.write_text(
        f"{_TEASER_BOX}\nBusiness\nOil prices fall back from highs\nBy Olga Davis\n"
        f"Updated January 2, 2024\n\n{_STORY_TEXT}",
        encoding="utf-8",
    )
    article = read_article(path)
    assert (article.title, article.section, article.byline) == (
        "Oil prices fall back from highs",
        "Business",
        "Olga Davis",
    )
    assert article.published == dt.date(2024, 1, 2)
    assert article.body_text() == _STORY_TEXT
    assert [f.kind for f in article.folds] == ["related"]


def test_a_one_paragraph_story_starts_at_its_paragraph(tmp_path) -> None:
    # No two paragraphs in a row: the first paragraph of prose is still where the text begins.
    article = _copy(tmp_path, "Ferry fares to rise in spring\nBy Ruth Fenwick")
    assert (article.title, article.byline) == ("Ferry fares to rise in spring", "Ruth Fenwick")
    assert article.body_text() == PROSE.strip()


def test_a_lede_ending_in_a_quoted_full_stop_is_not_a_headline(tmp_path) -> None:
    lede = 'The minister said the fares would rise "by ten percent, and no more."'
    article = _copy(tmp_path, f"Ferry fares to rise in spring\n\n{lede}\n\nCaption: the quay")
    assert article.title == "Ferry fares to rise in spring"
    assert lede in article.body_text()


@pytest.mark.parametrize(
    "headline", ["Ferry fares to rise from Tues.", "Fuel costs lift fares in the U.S."]
)
def test_a_headline_ending_in_an_abbreviations_point_is_a_headline(tmp_path, headline) -> None:
    article = _copy(tmp_path, f"{headline}\nharbour-news.de · via Pressreader")
    assert article.title == headline and headline not in article.body_text()


def test_a_line_ending_as_a_sentence_ends_is_still_no_headline(tmp_path) -> None:
    article = _copy(tmp_path, "Ferry fares to rise in spring\n\nRuth Fenwick has more.")
    assert article.title == "Ferry fares to rise in spring"


@pytest.mark.parametrize("kicker", ["Don't miss", "Editor's pick", "Sport | Nation & World"])
def test_a_kicker_over_the_headline_is_not_the_source(tmp_path, kicker: str) -> None:
    article = _header_of(tmp_path, kicker)
    assert article.source is None


@pytest.mark.parametrize("masthead", ["Glenrock Valley News", "The Daily Courier", "WIRED"])
def test_a_publications_name_over_the_headline_is_the_source(tmp_path, masthead: str) -> None:
    assert _header_of(tmp_path, masthead).source == masthead


_SHARE_TEXT = (
    "The Federal Reserve held interest rates steady on Wednesday, saying inflation had cooled "
    "enough to wait, but not enough to cut.\n\nOfficials said they would watch the labour "
    "market closely over the coming months before deciding on their next move."
)


def _share(tmp_path, head: str, name: str = "share.txt") -> Article:
    path = tmp_path / name
    path.write_text(f"{head}\n\n{_SHARE_TEXT}", encoding="utf-8")
    return read_article(path)


@pytest.mark.parametrize(
    "head",
    [
        "Fed holds rates steady as inflation cools\nCity Journal Online\n"
        "by Anthony Moore · Listen to this article · 12 March 2025",
        "Fed holds rates steady as inflation cools\nCity Journal Online\n"
        "by Anthony Moore / 18 min ago",
        "City Journal Online\nFed holds rates steady as inflation cools\nBy Anthony Moore",
    ],
)
def test_a_shares_headline_publication_and_byline_are_told_apart(tmp_path, head: str) -> None:
    article = _share(tmp_path, head)
    assert (article.title, article.source, article.byline) == (
        "Fed holds rates steady as inflation cools",
        "City Journal Online",
        "Anthony Moore",
    )
    assert article.body_text() == _SHARE_TEXT


def test_copies_of_one_share_are_titled_alike_whatever_their_kicker(tmp_path) -> None:
    titles = {
        _share(tmp_path, f"{head}\nRiverside Chronicle", f"{n}.txt").title
        for n, head in enumerate(
            [
                "Why the Fed held rates steady",
                "Explained: Why the Fed held rates steady",
                "Why the Fed held rates steady, explained",
            ]
        )
    }
    assert titles == {"Why the Fed held rates steady"}


def test_a_headline_with_a_colon_keeps_it(tmp_path) -> None:
    head = "Zimbabwe coup: Mugabe insists he finishes his term\nRiverside Chronicle"
    assert _share(tmp_path, head).title == "Zimbabwe coup: Mugabe insists he finishes his term"


@pytest.mark.parametrize("junk", ["by Web Stories", "Listen to this article", "Following"])
def test_a_shares_buttons_and_credits_are_no_byline_or_source(tmp_path, junk: str) -> None:
    article = _share(tmp_path, f"Fed holds rates steady as inflation cools\n{junk}")
    assert article.title == "Fed holds rates steady as inflation cools"
    assert (article.byline, article.source) == (None, None)


def test_a_publication_and_its_section_in_one_field(tmp_path) -> None:
    article = _share(
        tmp_path, "Fed holds rates steady as inflation cools\nEastern Shore Mercury — Business / 3h"
    )
    assert (article.source, article.section) == ("Eastern Shore Mercury", "Business")


@pytest.mark.parametrize(
    ("byline", "writer", "source"),
    [
        ("Linda White, The Fallowfield Post", "Linda White", "The Fallowfield Post"),
        ("Joseph Smith, Reuters", "Joseph Smith", None),  # the agency is not the publisher
        ("Ann Lee, Jo Marsh", "Ann Lee, Jo Marsh", None),
        ("Brenda Goodman, MA WebMD Health News", "Brenda Goodman, MA WebMD Health News", None),
    ],
)
def test_a_byline_that_names_the_publication_gives_it(
    tmp_path, byline: str, writer: str, source: str | None
) -> None:
    article = _share(tmp_path, f"Fed holds rates steady as inflation cools\nBy {byline}")
    assert (article.byline, article.source) == (writer, source)


def test_a_clock_time_with_dots_is_a_date_line(tmp_path) -> None:
    article = _share(
        tmp_path, "Fed holds rates steady as inflation cools\n10:00 p.m. April 6, 2025"
    )
    assert article.title == "Fed holds rates steady as inflation cools"
    assert article.published == dt.date(2025, 4, 6)


_BOXED_STORY = "\n\n".join(
    f"Paragraph {n} of the box's story tells of a council vote on the new bridge, "
    "which passed by a narrow margin after a long debate."
    for n in range(1, 9)
)


# The story's own header and text, below whatever a test puts above it.
_OIL_HEADED = (
    f"Oil prices fall back from highs\nBy Olga Davis\nUpdated January 2, 2024\n\n{_STORY_TEXT}"
)


def test_a_whole_story_boxed_above_the_story_header_is_folded_as_another_story(
    tmp_path,
) -> None:
    article = _read_text(
        tmp_path,
        f"Valley Herald\n\nEditor's pick\nBridge vote passes\n{_BOXED_STORY}\n\n"
        f"Business\n{_OIL_HEADED}",
    )
    assert (article.title, article.byline) == ("Oil prices fall back from highs", "Olga Davis")
    assert article.published == dt.date(2024, 1, 2)
    assert article.body_text().endswith(_STORY_TEXT)
    assert "the box's story" not in article.body_text()
    boxed = [f for f in article.folds if f.kind == "box"]
    assert len(boxed) == 1
    inside = [b.text for b in article.blocks[boxed[0].start : boxed[0].end]]
    assert inside[:2] == ["Editor's pick", "Bridge vote passes"]


def test_a_digest_of_stories_each_with_a_header_keeps_them_all(tmp_path) -> None:
    # Two headed stories below the first one: none of them is the page's alone.
    second = f"Ferry fares to rise in spring\nBy Ruth Fenwick\nMay 2, 2024\n\n{PROSE}\n{PROSE}"
    article = _read_text(
        tmp_path, f"Bridge vote passes\n\n{_BOXED_STORY}\n\n{_OIL_HEADED}\n\n{second}"
    )
    assert article.title == "Bridge vote passes"
    assert not [f for f in article.folds if f.kind == "box"]
    assert article.body_text().startswith("Paragraph 1 of the box's story")


def test_a_story_with_its_own_byline_at_the_top_keeps_a_headed_story_below_it(
    tmp_path,
) -> None:
    article = _read_text(
        tmp_path, f"Bridge vote passes\nBy Ann Lee\n\n{_BOXED_STORY}\n\n{_OIL_HEADED}"
    )
    assert (article.title, article.byline) == ("Bridge vote passes", "Ann Lee")
    assert not [f for f in article.folds if f.kind == "box"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("World | Taylor poised for Scotland return", "Taylor poised for Scotland return"),
        ("Sport · Blues slam Blackburn over Savage", "Blues slam Blackburn over Savage"),
        # A name that is no section stays: it may be the headline's subject.
        ("Apple | Tim Cook leaves the company", "Apple | Tim Cook leaves the company"),
    ],
)
def test_a_sections_name_before_the_headline_is_left_out_of_the_title(
    tmp_path, line: str, title: str
) -> None:
    assert _read_text(tmp_path, f"{line}\nBy Olga Davis\n\n{_STORY_TEXT}").title == title


@pytest.mark.parametrize("menu", ["Sections  Sign in", "News  Sport  Weather"])
def test_a_menu_bar_between_masthead_and_headline_is_passed_over(tmp_path, menu: str) -> None:
    article = _header_of(tmp_path, f"The Brackwater Times\n{menu}")
    assert article.source == "The Brackwater Times"


def test_a_masthead_with_single_spaces_is_no_menu_bar(tmp_path) -> None:
    assert _header_of(tmp_path, "The Brackwater Times Online").source == (
        "The Brackwater Times Online"
    )


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        # A photo's own words below the byline: a caption, not the headline.
        ("Harbour pier, seen here in a file picture Supplied", "Ferry fares to rise in spring"),
        ("The old pier at dusk, a file photo", "Ferry fares to rise in spring"),
        # A headline in title case that ends with the word stays a headline.
        ("Free Ferry Passes Supplied", "Free Ferry Passes Supplied"),
    ],
)
def test_a_photos_credit_words_make_a_line_a_caption(tmp_path, caption: str, title: str) -> None:
    article = _copy(tmp_path, f"Ferry fares to rise in spring\nJane Fletcher\n\n{caption}")
    assert article.title == title


def test_a_wrapped_story_below_a_pasted_list_of_long_lines_is_still_joined() -> None:
    ledes = "".join(
        f"{n}. Another story\nIts lede runs on for well over a hundred characters, as a list "
        "of other stories pasted from a page keeps its lines whole.\n"
        for n in range(1, 7)
    )
    paragraphs = [
        f"Paragraph {n}: ferry fares across the harbour will rise by ten percent from "
        "April, the port authority said on Tuesday, blaming the cost of fuel."
        for n in range(4)
    ]
    text = ledes + "\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)
    blocks = [b.text for b in split_paragraphs(text).blocks]
    assert blocks[-4:] == paragraphs


def test_a_header_of_many_lines_of_like_length_is_not_taken_for_wrapped_text() -> None:
    lines = [
        "Get all your news in one place today",
        "Hundreds of premium titles to read",
        "One app for everything you follow",
        "Start reading for free this month",
        "The Harbour Times and Valley Herald",
        "Sport and Business and World News",
    ]
    blocks = [b.text for b in split_paragraphs("\n".join(lines) + "\n\n" + PROSE).blocks]
    assert blocks == [*lines, PROSE.strip()]


def test_the_headline_is_the_line_its_byline_follows_not_a_line_of_data_below(tmp_path) -> None:
    article = _copy(
        tmp_path,
        "Sport | World\nWorcester edge Sale in the rain\nBy Ruth Fenwick\nPosted Jan 10, 2025"
        "\n\nSixways Stadium\n\nFriday, 25 February",
    )
    assert article.title == "Worcester edge Sale in the rain"


@pytest.mark.parametrize(
    ("menu", "source"),
    [
        # The one line of a menu the catalogue does not know is another item.
        ("Open in app\nSign up\nSign in\nWrite", None),
        # A publication's name after the menu's items stays the source.
        ("Sign in\nSubscribe\nHarbour News", "Harbour News"),
        # Names among other lines (a logo and its name) are a masthead.
        ("Start reading\nOne app.\nHarbour News\nHarbour News", "Harbour News"),
    ],
)
def test_a_lone_line_among_known_menu_items_is_not_the_source(
    tmp_path, menu: str, source: str | None
) -> None:
    article = _copy(tmp_path, f"{menu}\n\nFerry fares to rise in spring\nRuth Fenwick")
    assert (article.title, article.source) == ("Ferry fares to rise in spring", source)


def test_a_menu_bar_line_is_neither_the_headline_nor_the_masthead(tmp_path) -> None:
    article = _copy(
        tmp_path,
        "Harbour Wire\nHome | Newsroom | Services | Contact\n\nAugust 22, 2025\n"
        "Ferry fares to rise in spring",
    )
    assert (article.title, article.source) == ("Ferry fares to rise in spring", "Harbour Wire")


def test_a_headline_with_a_separator_of_its_own_is_still_a_headline(tmp_path) -> None:
    article = _copy(tmp_path, "Ferry fares to rise in spring | Harbour News\nBy Ruth Fenwick")
    assert article.title.startswith("Ferry fares to rise in spring")


@pytest.mark.parametrize("when", ["Yesterday", "Today", "4 days ago"])
def test_a_source_and_a_relative_day_under_the_headline_are_fields(tmp_path, when: str) -> None:
    article = _copy(tmp_path, f"Ferry fares to rise in spring\nHarbour News · {when}")
    assert (article.title, article.source) == ("Ferry fares to rise in spring", "Harbour News")
