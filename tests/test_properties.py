"""Properties of the whole pipeline on any input (hypothesis): any bytes in give
an Article or an ArticleError out, never another exception, and nothing an
article shows carries a terminal escape or a control character."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import read_article
from reader.model import ArticleError
from reader.sanitize import clean, clean_line
from tests.hostile import ESCAPE_REFERENCES, ESCAPES, MARKUP
from tests.test_hostile import assert_clean, displayed

SUFFIXES = st.sampled_from([".html", ".htm", ".xhtml", ".txt", ".md"])

# Pieces that pages are made of, hostile ones among them.
TAGS = st.sampled_from(
    "html head body title meta article div p span h1 h2 blockquote ul ol li pre table tr td "
    "figure figcaption script style a img br section nav footer aside svg iframe".split()
)
ATTRIBUTES = st.sampled_from(
    [
        "",
        ' class="share"',
        " hidden",
        ' style="display:none"',
        ' property="og:title" content="' + ESCAPE_REFERENCES + '"',
        ' name="author" content="[@click=app.quit]"',
        ' href="javascript:alert(1)"',
        ' src="data:image/png;base64,AAAA"',
        ' charset="utf-16"',
    ]
)
TEXT = st.one_of(
    st.text(max_size=80),
    st.sampled_from([ESCAPES, ESCAPE_REFERENCES, MARKUP, "\x00", "&#0;", "&#x1b;[2J", "\r\n"]),
)
PIECES = st.one_of(
    st.builds(lambda tag, attributes: f"<{tag}{attributes}>", TAGS, ATTRIBUTES),
    st.builds(lambda tag: f"</{tag}>", TAGS),
    TEXT,
)
PAGES = st.lists(PIECES, max_size=60).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252", "latin-1"])


def read_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except ArticleError as error:
            assert_clean(error.reason)
            assert "\n" not in error.reason
            return
        assert article.title
        for string in displayed(article):
            assert_clean(string)


EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(st.binary(max_size=3000), SUFFIXES)
def test_any_bytes_give_an_article_or_an_error(data: bytes, suffix: str) -> None:
    read_bytes(data, suffix)


@EXAMPLES
@given(PAGES, ENCODINGS, SUFFIXES)
def test_any_markup_in_any_encoding_gives_a_clean_article_or_an_error(
    page: str, encoding: str, suffix: str
) -> None:
    read_bytes(page.encode(encoding, errors="replace"), suffix)


@given(st.text())
def test_cleaned_text_has_no_escapes_and_cleaning_again_changes_nothing(text: str) -> None:
    once = clean(text)
    assert_clean(once)
    assert clean(once) == once


@given(st.text())
def test_a_cleaned_line_is_one_line(text: str) -> None:
    line = clean_line(text)
    assert_clean(line)
    assert "\n" not in line and "\t" not in line
