"""Fold: mark the blocks of an Article that are boilerplate, and group them into folds.

Two kinds of evidence, both driven by the catalogue (`catalogue.toml` plus the
user's `rules.toml`):

- **Rules.** A rule recognises a block by its text. A rule with a `region`
  also takes in what follows the block it matched: to the end of the article
  ("Related Stories"), over the short lines after it ("Share this article",
  "Facebook", "X"...), or up to the next paragraph of prose. A region stops where
  another rule matches, unless it runs to the end.
- **Menus.** Before the first paragraph of prose and after the last, a run of
  several one-to-three-word lines is a site menu.

Precision comes first: a rule never matches a block longer than its
`max_words`, and menus are only looked for outside the article's prose. What is
folded stays in the Article; the screen shows one line for it.
"""

from __future__ import annotations

from dataclasses import replace

from reader.boilerplate.rules import Catalogue, Region, Rule, load_catalogue
from reader.model import Article, Block, BlockKind, Fold
from reader.normalize import SENTENCE_END, is_prose, word_count

__all__ = ["Catalogue", "fold", "load_catalogue", "mark"]

_MENU = Rule(id="structure.menu", kind="nav", label="site navigation", lines=frozenset())
# Rule kinds whose one-line matches ("Skip to content", "Sign in") a menu takes in.
_MENU_ITEMS = frozenset({"nav", "subscribe", "footer", "share", "app"})


def _region_continues(region: Region, block: Block, catalogue: Catalogue) -> bool:
    if region is Region.END:
        return True
    if region is Region.SHORT:
        return word_count(block.text) <= catalogue.structure.short_words
    return not is_prose(block.text, catalogue.structure.prose_words)


def _is_menu_line(block: Block, max_words: int) -> bool:
    return (
        block.kind is BlockKind.PARAGRAPH
        and word_count(block.text) <= max_words
        and not SENTENCE_END.search(block.text)
    )


def mark(blocks: tuple[Block, ...], catalogue: Catalogue) -> list[Rule | None]:
    """For each block, the rule that folds it, or None for article text."""
    count = len(blocks)
    owner: list[Rule | None] = [None] * count
    matched = [catalogue.match(block.text) for block in blocks]
    i = 0
    while i < count:
        rule = matched[i]
        if rule is None:
            i += 1
            continue
        owner[i] = rule
        i += 1
        if rule.region is None:
            continue
        while i < count and (rule.region is Region.END or matched[i] is None):
            if not _region_continues(rule.region, blocks[i], catalogue):
                break
            owner[i] = rule
            i += 1
    _mark_menus(blocks, owner, catalogue)
    return owner


def _mark_menus(blocks: tuple[Block, ...], owner: list[Rule | None], catalogue: Catalogue) -> None:
    structure = catalogue.structure
    prose = [
        i
        for i, block in enumerate(blocks)
        if owner[i] is None and is_prose(block.text, structure.prose_words)
    ]
    if not prose:
        return
    outside = [range(prose[0]), range(prose[-1] + 1, len(blocks))]
    for zone in outside:
        run: list[int] = []
        for i in [*zone, None]:
            rule = owner[i] if i is not None else None
            if (
                i is not None
                and (rule is None or (rule.kind in _MENU_ITEMS and rule.region is None))
                and _is_menu_line(blocks[i], structure.nav_max_words)
            ):
                run.append(i)
                continue
            if sum(1 for j in run if owner[j] is None) >= structure.nav_min_lines:
                for j in run:
                    owner[j] = _MENU
            run = []


def fold(article: Article, catalogue: Catalogue) -> Article:
    """`article` with its boilerplate folded (and its aggregator, if a rule names one)."""
    owner = mark(article.blocks, catalogue)
    folds: list[Fold] = []
    aggregator = article.aggregator
    start = 0
    while start < len(owner):
        rule = owner[start]
        end = start + 1
        if rule is None:
            start = end
            continue
        while end < len(owner) and owner[end] is rule:
            end += 1
        folds.append(Fold(rule.kind, rule.label, start, end, rule.id, rule.aggregator))
        aggregator = aggregator or rule.aggregator
        start = end
    return replace(article, folds=tuple(folds), aggregator=aggregator)
