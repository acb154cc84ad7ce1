"""What a page's title says about which story is its own.

A page that holds several stories (its own and others embedded: related
stories in full, an "Up next" lede, a digest) is told apart by its title: the
story the title names is the page's. Titles are compared on their content
words; a title's *headline* is its longest part once the site's name, section
or byline around it is cut off ("Fares to rise | Harbour News").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from reader.model import ArticleInfo
from reader.normalize import title_from_path, word_bytes
from reader.threads.prints import word_hashes

# Words that say nothing of which story a title names (English: most of the
# library). A title in another language keeps all its words, which only makes
# two titles a little harder to match.
_SMALL = frozenset(
    (
        b"a an the of in on at to for and or but is are was were be by with from as its it "
        b"this that over after into up out new says say said"
    ).split()
)
_SEPARATOR = re.compile(
    r"\s+[-\u2013\u2014|\u00ab\u00bb/\u00b7:]\s+|^>\s*|^(?:subject|fwd|re):\s*", re.IGNORECASE
)
TITLES_ALIKE = 0.6  # of the shorter title's words in the other
HEADLINES_ALIKE = 0.75  # of the shorter headline's words in the other
NAMED_IN_LEDE = 0.75  # of a headline's words in a story's first words
MIN_HEADLINE = 4  # words a headline needs to be told from another's


def _content(text: str) -> frozenset[bytes]:
    return frozenset(w for w in word_bytes(text) if w not in _SMALL and not w.isdigit())


@lru_cache(maxsize=4096)
def title_words(title: str) -> frozenset[bytes]:
    """A title's content words."""
    return _content(title)


@lru_cache(maxsize=4096)
def headline(title: str) -> frozenset[bytes]:
    """The content words of a title's longest part (no site name, section,
    byline or time around it)."""
    parts = [_content(part) for part in _SEPARATOR.split(title) if part]
    return max(parts, key=len) if parts else frozenset()


@lru_cache(maxsize=8192)  # (a page's candidates are asked of several times over)
def named_by_file(info: ArticleInfo) -> bool:
    """Whether a page's title is only its file's name: the page named none
    (so the title says nothing of its story)."""
    return info.title == title_from_path(info.path)


def titles_match(first: str, second: str) -> bool:
    a, b = title_words(first), title_words(second)
    return len(a) >= 2 and len(b) >= 2 and len(a & b) >= TITLES_ALIKE * min(len(a), len(b))


def headlines_match(first: str, second: str, least: int = MIN_HEADLINE) -> bool:
    a, b = headline(first), headline(second)
    return (
        len(a) >= least and len(b) >= least and len(a & b) >= HEADLINES_ALIKE * min(len(a), len(b))
    )


def names(title: str, other_title: str, other_lede: Collection[int]) -> bool:
    """Whether `title` names the story of a page titled `other_title` whose
    first words hash to `other_lede`: the titles match, or most of the
    headline is in that story's first words (its own title may be a file name
    or a caption)."""
    if titles_match(title, other_title):
        return True
    hashes = _headline_hashes(title)
    if hashes is None:
        return False
    return sum(1 for h in hashes if h in other_lede) >= NAMED_IN_LEDE * len(hashes)


@lru_cache(maxsize=4096)
def _headline_hashes(title: str) -> frozenset[int] | None:
    """`word_hashes` of a title's headline words (None for under three words)."""
    words = headline(title)
    return frozenset(word_hashes(list(words))) if len(words) >= 3 else None
