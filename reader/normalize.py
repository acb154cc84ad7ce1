"""Text normalisation shared by rule matching, header reading and fingerprinting.

Copies of one story differ in quote style, dashes, spacing and case; rules are
written once for all of them. `normalize` maps those differences away, and
`line_key` is how one short line is compared with another (a rule's line, a
known title, a section name). `is_prose` and `prose_start` say what running
text is and where an article's begins.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from reader.sanitize import clean_line

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2026": "...",
    }
)
_QUOTE_PAIRS = tuple((chr(code), plain) for code, plain in _QUOTES.items())
# A word: a run of word characters; but Chinese and Japanese, written without
# spaces between words, a character each (so a copy-edit changes a word of
# a sentence, not the whole run of it, and a headline has its words).
_IDEOGRAPHS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(r"\w+")
_WORD_OR_IDEOGRAPH = re.compile(rf"[^\W{_IDEOGRAPHS}]+|[{_IDEOGRAPHS}]")
_IDEOGRAPH = re.compile(f"[{_IDEOGRAPHS}]")


def _tokens(text: str) -> list[str]:
    """The words of normalised text (the slower pattern only where it is needed)."""
    return (_WORD_OR_IDEOGRAPH if _IDEOGRAPH.search(text) else _WORD).findall(text)


# After the stop, the closing quotes of English, German („…“, ‚…‘) and French
# or German guillemets («…», »…«), brackets and CJK quotes.
SENTENCE_END = re.compile(r"""[.!?…:;。！？]["'”’“‘»«›‹)\]」』]*$""")
# Scripts written without spaces between words: each run counts for its length / 2.
_FROM_THAI = re.compile("[\u0e00-\U0010ffff]")
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]+")


def normalize(text: str) -> str:
    """NFKC, straight quotes, hyphens for dashes, case folded, single spaces."""
    if text.isascii():  # NFKC leaves ASCII as it is; of the quotes, only ` is ASCII
        return " ".join(text.replace("`", "'").split()).casefold()
    text = unicodedata.normalize("NFKC", text)
    # str.translate looks up every character in the table; a few replaces of
    # the characters the text holds cost a tenth.
    for char, plain in _QUOTE_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    """The words of `text`, normalised, for counting and shingling."""
    return _tokens(normalize(text))


def fast_words(text: str) -> list[str]:
    """The same tokens as `words`, several times faster (fingerprints use
    `word_bytes`, the same again as UTF-8)."""
    return [token.decode() for token in word_bytes(text)]


_MAPPED = re.compile("[" + "".join(re.escape(chr(c)) for c in _QUOTES) + "]")
# Word characters of ASCII, lower-cased; every other byte a space.
_ASCII_WORDS = (
    bytes(
        (c | 0x20 if 65 <= c <= 90 else c) if chr(c).isalnum() or c == 95 else 32
        for c in range(128)
    )
    + b" " * 128
)


def word_bytes(text: str) -> list[bytes]:
    """The tokens of `words`, UTF-8 encoded.

    `normalize`'s quote, dash and space mapping (`_QUOTES`) only touches
    characters that are never inside a `\\w+` token and puts none there, so
    they may as well be spaces; then text that is ASCII (most text, once its
    curly quotes and dashes are spaces) needs neither NFKC nor case folding
    beyond `lower`, and is split at bytes that are not word characters.
    Other text is folded as `normalize` folds it (NFKC only where it is not
    already)."""
    if not text.isascii():
        mapped = _MAPPED.sub(" ", text)
        if not mapped.isascii():
            if not unicodedata.is_normalized("NFKC", mapped):
                mapped = unicodedata.normalize("NFKC", mapped)
            return [word.encode() for word in _tokens(mapped.casefold())]
        text = mapped
    return text.encode().translate(_ASCII_WORDS).split()


# The stages ask again and again of the same blocks: counted once each.
@functools.lru_cache(maxsize=4096)
def word_count(text: str) -> int:
    """Words in `text`; for Chinese, Japanese, Korean and Thai, characters / 2."""
    count = len(text.split())
    # The scripts written without spaces start at Thai (U+0E00): a text with
    # nothing from there up has none (and is looked through faster).
    if not text.isascii() and _FROM_THAI.search(text):
        count += sum(len(run) // 2 for run in _UNSPACED.findall(text))
    return count


@functools.lru_cache(maxsize=4096)
def is_prose(text: str, min_words: int = 12) -> bool:
    """Running text: a sentence or more, ending as sentences end."""
    return word_count(text) >= min_words and SENTENCE_END.search(text.rstrip()) is not None


def prose_start(prose: Sequence[bool], reach: int | None = None) -> int:
    """Where an article's own text begins, given which of its blocks are prose:
    the first of two paragraphs of prose in a row (a box of teasers above the
    story has its prose one paragraph at a time, between headlines), looked
    for before `reach`; failing that the first paragraph of prose; the end if
    there is none. (The header reader and the folds both ask.)"""
    first = next((i for i, p in enumerate(prose) if p), len(prose))
    stop = len(prose) - 1 if reach is None else min(reach, len(prose) - 1)
    return next((i for i in range(first, stop) if prose[i] and prose[i + 1]), first)


_TRAILING_PUNCTUATION = " .:!…|-–—>›»"


def line_key(text: str) -> str:
    """How a short line is compared with another: normalised, no end punctuation."""
    return normalize(text).rstrip(_TRAILING_PUNCTUATION)


def _holds(title: str, part: str) -> bool:
    """Whether `part` is `title`, or a run of it between separators ("part «
    Blog", "Site - part", "Worth reading: part")."""
    start = title.find(part)
    while start != -1:
        end = start + len(part)
        before, after = title[:start].rstrip(), title[end:].lstrip()
        left = start == 0 or (len(before) < start and not before[-1:].isalnum())
        right = end == len(title) or (len(after) < len(title) - end and not after[:1].isalnum())
        if left and right:
            return True
        start = title.find(part, start + 1)
    return False


def agreed_title(titles: Sequence[str]) -> str:
    """The title copies of one story agree on: of their titles (the lead's
    first), the one that the most others hold whole ("Fares rise « Blog",
    "Fares rise - feedly" both hold "Fares rise"); the first when none is held
    by another. Held whole is held between separators: "Fares rise" is not
    held by "Fares rise again", a title cut short. A title of under three
    words is not taken for a headline."""
    keys = [line_key(title) for title in titles]
    best, most = 0, 0
    for i, key in enumerate(keys):
        if len(key.split()) < 3:
            continue
        held = sum(1 for j, other in enumerate(keys) if j != i and _holds(other, key))
        if held > most:
            best, most = i, held
    return titles[best]


def title_from_path(path: Path) -> str:
    """A readable title from a file name, for files that name none themselves."""
    stem = re.sub(r"[_\s]+", " ", path.stem).strip()
    return clean_line(stem) or clean_line(path.name) or "Untitled"


def fold(text: str) -> str:
    """`text` as a search compares it: case folded, accents and other marks
    gone, compatibility forms made plain ("Zürich" and "Zurich", "Türkiye" and
    "Turkiye", "ﬁ" and "fi" are the same)."""
    if text.isascii():
        return text.casefold()
    return fold_map(text)[0]


def fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each of its characters the index of the character
    of `text` it came from: a match found in the folded text is marked where it
    is in the original."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            plain = char.casefold()
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        folded.append(plain)
        origin.extend([index] * len(plain))
    return "".join(folded), origin
