"""Untrusted text loses terminal escapes and control characters, keeps its words."""

from __future__ import annotations

import pytest

from reader.sanitize import clean, clean_line, composed


@pytest.mark.parametrize(
    ("dirty", "safe"),
    [
        ("clear\x1b[2Jscreen", "clearscreen"),
        ("title\x1b]0;pwned\x07here", "titlehere"),
        ("clip\x1b]52;c;ZXZpbA==\x1b\\board", "clipboard"),
        ("link\x1b]8;;https://evil.example\x1b\\text\x1b]8;;\x1b\\", "linktext"),
        ("c1\x9b31mcsi", "c1csi"),
        ("bell\x07and\x08back", "bellandback"),
        ("right\u202eto\u2066left\u2069", "righttoleft"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("tag\U000e0041s", "tags"),
        ("nul\x00byte", "nulbyte"),
    ],
)
def test_escape_sequences_and_controls_are_removed(dirty: str, safe: str) -> None:
    assert clean(dirty) == safe


def test_newlines_and_tabs_stay_and_crlf_becomes_newline() -> None:
    assert clean("a\r\nb\tc\rd") == "a\nb\tc\nd"


def test_markup_looking_text_is_left_verbatim() -> None:
    text = "[bold]x[/bold] [/] [@click=app.quit]y[/]"
    assert clean(text) == text


def test_clean_line_flattens_to_one_line() -> None:
    assert clean_line("  a\n b\x1b[31m  c ") == "a b c"


def test_soft_hyphens_go_and_hyphens_stay() -> None:
    # Line-break hints in a page's words ("Mit&shy;tel&shy;al&shy;ter"): a
    # terminal reflows text, and search and copies must see the word.
    assert clean("Mit\u00adtel\u00adal\u00adter") == "Mittelalter"
    assert clean("well-known, non\u2011breaking") == "well-known, non\u2011breaking"


def test_letters_written_with_combining_marks_are_composed() -> None:
    # "Kindersitze prüfen" with u and a combining diaeresis; a Bengali vowel sign in two.
    assert composed("Kindersitze pru\u0308fen") == "Kindersitze pr\u00fcfen"
    assert composed("\u0995\u09c7\u09be") == "\u0995\u09cb"


def test_composed_text_and_marks_with_nothing_to_compose_with_stay() -> None:
    for text in ("Kindersitze pr\u00fcfen", "plain ASCII", "\u0301 alone", "NESCAF\u00c9\u00ae"):
        assert composed(text) == text


def test_a_saved_page_is_read_composed(tmp_path) -> None:
    from reader import read_article

    path = tmp_path / "note.txt"
    text = "Zu Gast im Cafe\u0301\n\nDer Kaffee im Cafe\u0301 am Hafen ist gut.\n"
    path.write_text(text, "utf-8")
    assert "Caf\u00e9 am Hafen" in read_article(path).body_text()
