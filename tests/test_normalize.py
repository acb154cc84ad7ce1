"""The fast tokenizer gives exactly the tokens of `normalize.words`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.normalize import agreed_title, fast_words, is_prose, prose_start, word_bytes, words

# Text with what a page is made of: ASCII, curly quotes and dashes, accents,
# ligatures and compatibility forms (NFKC), cases that fold to more letters.
PIECES = st.sampled_from(
    [
        "Fares",
        " rise",
        "\u2019s",
        "\u201cquoted\u201d",
        " \u2013 ",
        "\u2014",
        "caf\u00e9",
        "E\u0301cole",
        "\ufb01ne",
        "stra\u00dfe",
        "\u00bd",
        "\u2460",
        "x\u00b2",
        "\u0130stanbul",
        "\u01c5",
        "\u00a0",
        "\u2026",
        "`",
        "_",
        "\u4e2d\u6587",
        "\uff21\uff22",
        "\u00b4",
        "\u2033",
        "42",
        "\n\t",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=12).map("".join))
def test_fast_words_are_the_words_of_normalize(text: str) -> None:
    assert fast_words(text) == words(text)
    assert word_bytes(text) == [w.encode() for w in words(text)]


def test_ascii_text_takes_the_fast_way_and_gives_the_same_tokens() -> None:
    text = "He said the FARES - all of them - will rise_by 10% on Tuesday's ferry."
    assert word_bytes(text) == [w.encode() for w in words(text)]
    assert word_bytes(text)[:3] == [b"he", b"said", b"the"]


def test_curly_quotes_and_dashes_are_mapped_before_the_fast_way() -> None:
    text = "\u201cThe fares \u2013 all of them \u2013 will rise,\u201d she said\u2026"
    assert word_bytes(text) == [w.encode() for w in words(text)]
    assert fast_words(text) == ["the", "fares", "all", "of", "them", "will", "rise", "she", "said"]


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        # The headline the copies share, without each site's name around it.
        (["Fares rise at last « Harbour Blog", "Fares rise at last - feedly",
          "Fares rise at last"], "Fares rise at last"),
        (["Worth reading: Fares rise at last", "Fares rise at last"], "Fares rise at last"),
        # A title cut short is not what the full one holds: the lead's stays.
        (["Deadline nears for the deal", "Deadline nears for"], "Deadline nears for the deal"),
        # Nothing shared: the lead's title.
        (["Fares rise at last", "Ferry operator raises prices"], "Fares rise at last"),
        # A word or two is no headline, though a longer title holds it.
        (["Sport | Fares rise at last", "Sport"], "Sport | Fares rise at last"),
    ],
)  # fmt: skip
def test_copies_are_titled_by_the_headline_their_titles_share(
    titles: list[str], expected: str
) -> None:
    assert agreed_title(titles) == expected


def test_an_articles_text_starts_at_two_paragraphs_of_prose_in_a_row() -> None:
    # A box's teasers stand one by one; the story's paragraphs follow each other.
    assert prose_start([False, True, False, True, True, False]) == 3
    assert prose_start([False, True, False, True, True], reach=2) == 1
    assert prose_start([False, False]) == 2


def test_chinese_and_japanese_words_are_their_characters() -> None:
    # Written without spaces, a sentence is one run of word characters: a
    # copy-edit of one character would change the whole "word".
    assert words("港口码头重建 pier 東京は晴れ") == [
        *"港口码头重建",
        "pier",
        *"東京は晴れ",
    ]


def test_spaced_scripts_keep_their_words() -> None:
    assert words("항구 부두를 다시 짓는다") == ["항구", "부두를", "다시", "짓는다"]
    assert words("Hafen Mole wird neu gebaut") == ["hafen", "mole", "wird", "neu", "gebaut"]


@pytest.mark.parametrize(
    "text",
    [
        "Wer etwas tun will, der kann die eigenen Fähigkeiten nutzen, um zu helfen.“",
        "Il a conclu la réunion en disant que tout le monde était prêt à partir.»",
        "Er sagte, die Brücke sei sicher, und alle Zweifel seien nun ausgeräumt.«",
        "She said the bridge was safe and that every doubt had now been cleared.”",
    ],
)
def test_a_sentence_closing_with_its_language_s_quote_is_prose(text: str) -> None:
    assert is_prose(text)


def test_a_line_with_no_stop_before_its_closing_quote_is_not_prose() -> None:
    # A photo credit or a quoted title: words, then a quote, but no sentence.
    assert not is_prose(
        "Die neue Kollektion der Marke „Skims“ im Onlineshop von Kim Kardashian „Ultimate“"
    )
