"""Compare two copies of a story paragraph by paragraph: what each has that the
other does not (a caption only one copy has, a paragraph added in an update).

Paragraphs are compared as their words only, so quote style, dashes, case,
punctuation and spacing make no difference; a paragraph counts as present in
the other copy when its words appear there in order, even if that copy runs it
together with the next paragraph or cuts it short at a paywall. Folds are
left out: the comparison is about the story, not the furniture.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.model import Article, Block
from reader.normalize import words


@dataclass(frozen=True, slots=True)
class Comparison:
    only_first: tuple[Block, ...]
    only_second: tuple[Block, ...]

    @property
    def same(self) -> bool:
        return not self.only_first and not self.only_second


def _key(text: str) -> str:
    return " " + " ".join(words(text)) + " "


def _missing(blocks: tuple[Block, ...], other: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks whose words do not appear, in order, in `other`."""
    haystack = " ".join(_key(block.text) for block in other)
    return tuple(b for b in blocks if (key := _key(b.text)).strip() and key not in haystack)


def compare(first: Article, second: Article) -> Comparison:
    """What `first` has that `second` has not, and the reverse."""
    return Comparison(_missing(first.body, second.body), _missing(second.body, first.body))
