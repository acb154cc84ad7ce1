"""Plain text and Markdown to blocks, without any HTML parser.

Lines become blocks. Blank lines always separate blocks. A hard-wrapped
document (most lines end near one column, at most 100) has its lines joined
back: a line continues into the next when the next line's first word would not
have fitted on it. Otherwise every line is its own block, which is right both
for one-line-per-paragraph copies and for menus and header lines. Markdown
files also get headings, quotes, lists and code fences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice, pairwise

from reader.model import Block, BlockKind
from reader.normalize import SENTENCE_END

_LIST_ITEM = re.compile(r"^(?:[-*+•·▪◦‣–]\s+|(?P<number>\d{1,3}[.)])\s+)(?P<text>\S.*)$")
_MD_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*$")
_MD_QUOTE = re.compile(r"^>\s?")
_MD_FENCE = re.compile(r"^(```|~~~)")
_MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_MD_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"`([^`]+)`"), r"\1"),  # code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # escapes
)
# A document counts as hard-wrapped when its lines stop at one column of this range.
_WRAP_COLUMNS = range(40, 101)
# Of the lines (long enough to have been cut) followed by another, this share
# must agree on one column, and this many at least, for a text to be wrapped.
_AGREEING = 0.3
_MIN_CUTS = 5
_NEAR_SHARE = 0.5
_WRAP_EVIDENCE = 20_000  # line pairs looked at: a text keeps one wrap throughout


@dataclass(frozen=True, slots=True)
class Paragraphs:
    """Blocks, and which of them follow a blank line (the header reads groups)."""

    blocks: tuple[Block, ...]
    after_blank: frozenset[int]


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.expandtabs(4).rstrip() for line in text.split("\n")]


def _wrap_column(lines: list[str]) -> int | None:
    """The column a hard-wrapped document was wrapped at, or None if it was not.

    Each line followed by another is evidence for the columns it could have
    been cut at (its length, up to where the next line's first word would have
    ended): the column most lines agree on is the wrap, if enough of the
    lines long enough to have been cut agree. Lines pasted unwrapped (a cookie
    banner, a list of other stories' ledes) vote for no column and are never
    joined (see `_continues`), so they do not hide the wrap of the story below."""
    votes = [0] * (_WRAP_COLUMNS.stop + 1)
    pairs = 0
    for before, following in islice(pairwise(lines), _WRAP_EVIDENCE):
        line = before.strip()  # as `_continues` will measure it
        if len(line) < _WRAP_COLUMNS.start or not following.strip():
            continue
        pairs += 1
        first_word = len(following.split(maxsplit=1)[0])
        for column in range(len(line), min(len(line) + first_word, _WRAP_COLUMNS.stop - 1) + 1):
            votes[column] += 1
    cuts = max(votes)
    if cuts < _MIN_CUTS or cuts < _AGREEING * pairs:
        return None
    column = votes.index(cuts)
    # And most lines that could have reached the column stop near it (lines
    # far longer were pasted unwrapped: they say nothing either way).
    lengths = [len(line.strip()) for line in lines]
    near = sum(1 for n in lengths if column - 12 <= n <= column)
    longish = sum(1 for n in lengths if column // 2 <= n <= column + 20)
    return column if near >= _NEAR_SHARE * longish else None


def _continues(line: str, following: str, column: int) -> bool:
    """Whether `line` was cut at `column` before `following`: its next word
    would not have fitted. A line longer than the column was not cut there."""
    first_word = following.split(maxsplit=1)[0]
    return len(line) <= column < len(line) + 1 + len(first_word)


def _md_inline(text: str) -> str:
    """Markdown's inline marks (emphasis, links, code) reduced to their text."""
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text


def split_paragraphs(text: str, *, markdown: bool = False) -> Paragraphs:
    """Blocks from plain text (or Markdown), in order."""
    lines = _lines(text)
    column = None if markdown else _wrap_column(lines)
    blocks: list[Block] = []
    after_blank: set[int] = set()
    blank = False
    pending: list[str] = []  # the lines of the block being built
    kind, level = BlockKind.PARAGRAPH, 0
    fence: list[str] | None = None
    last = ""  # the line before

    def flush() -> None:
        nonlocal pending, kind, level, blank
        if pending:
            if blank:
                after_blank.add(len(blocks))
            if kind is BlockKind.PREFORMATTED:
                blocks.append(Block(kind, "\n".join(pending), level))
            else:
                joined = " ".join(pending)
                blocks.append(Block(kind, _md_inline(joined) if markdown else joined, level))
            blank = False
        pending, kind, level = [], BlockKind.PARAGRAPH, 0

    def start(first: str, new_kind: BlockKind = BlockKind.PARAGRAPH, new_level: int = 0) -> None:
        nonlocal pending, kind, level
        flush()
        pending, kind, level = [first], new_kind, new_level

    for raw in lines:
        line = raw.strip()
        if fence is not None:
            if _MD_FENCE.match(line):
                start("\n".join(fence), BlockKind.PREFORMATTED)
                flush()
                fence = None
            else:
                fence.append(raw)
            continue
        if not line:
            flush()
            blank = bool(blocks)
            continue
        if markdown:
            if _MD_FENCE.match(line):
                flush()
                fence = []
                continue
            if _MD_RULE.match(line):
                flush()
                blank = True
                continue
            heading = _MD_HEADING.match(line)
            if heading:
                start(heading["text"], BlockKind.HEADING, len(heading["marks"]))
                flush()
                continue
            if _MD_QUOTE.match(line):
                quoted = _MD_QUOTE.sub("", line)
                if kind is not BlockKind.QUOTE:
                    start(quoted, BlockKind.QUOTE)
                elif quoted:
                    pending.append(quoted)
                else:
                    flush()
                continue
        wrapped = bool(pending) and column is not None and _continues(last, line, column)
        item = _LIST_ITEM.match(line)
        # A dash that opens a line cut from a sentence is the sentence's, not a list's.
        if item and not (
            item["number"] is None
            and wrapped
            and kind is BlockKind.PARAGRAPH
            and not SENTENCE_END.search(last)
        ):
            start(line if item["number"] else item["text"], BlockKind.LIST_ITEM)
            last = line
            continue
        if (
            pending
            and kind is not BlockKind.HEADING
            and ((markdown and kind is not BlockKind.QUOTE) or wrapped)
        ):
            pending.append(line)
        else:
            start(line)
        last = line
    if fence is not None:  # an unclosed fence keeps its text
        start("\n".join(fence), BlockKind.PREFORMATTED)
    flush()
    return Paragraphs(tuple(blocks), frozenset(after_blank))
