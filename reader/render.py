"""Articles as text for people and programs: the wording the CLI and the app share.

`meta_line` and `fold_line` are the one place the meta line ("Al Jazeera · World
· via inkl · copy 1 of 2") and a fold's line ("▸ paywall prompt · 3 lines · inkl")
are worded. `as_text`, `as_markdown` and `as_json` are `reader show`'s formats;
`progress_bar` and `duration` are how the app's header and `reader index` show
how far reading has got.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Protocol

from reader.model import Article, Block, BlockKind, Fold
from reader.sanitize import clean_line

FOLDED = "▸"
OPENED = "▾"
SEPARATOR = " · "
BULLET = "• "
_BAR = "█"
_BAR_EMPTY = "▁"
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
_BY = re.compile(r"^(?:(?:story|written|words|reporting)\s+)?by:?\s+", re.IGNORECASE)


def bullet(block: Block) -> str:
    """The mark a list item is shown with: a bullet, unless it carries its number."""
    return "" if _NUMBERED.match(block.text) else BULLET


def byline_names(byline: str) -> str:
    """The names of a byline as a page writes it: "By Jane Doe" -> "Jane Doe"."""
    return _BY.sub("", byline.strip())


class Described(Protocol):
    """What the meta line is made of: an Article has it, and so has its info."""

    @property
    def source(self) -> str | None: ...
    @property
    def section(self) -> str | None: ...
    @property
    def published(self) -> dt.date | None: ...
    @property
    def byline(self) -> str | None: ...
    @property
    def aggregator(self) -> str | None: ...


def meta_line(article: Described, copy: int | None = None, copies: int | None = None) -> str:
    """The story's source · section · date · byline, then this copy's place and the
    aggregator it came through: "copy 2 of 3 · via Daily8", and for an article of
    a file that holds many, where it is: "from mail.mbox, message 3 of 120".
    Unknowns are left out."""
    place = None
    if isinstance(article, Article) and article.member:
        where = f", {article.place}" if article.place else ""
        place = f"from {clean_line(article.path.name)}{where}"
    parts = [
        article.source,
        article.section,
        f"{article.published.day} {article.published:%b %Y}" if article.published else None,
        f"by {byline_names(article.byline)}" if article.byline else None,
        f"copy {copy} of {copies}" if copy is not None and copies and copies > 1 else None,
        f"via {article.aggregator}" if article.aggregator else None,
        place,
    ]
    return SEPARATOR.join(p for p in parts if p)


def fold_line(fold: Fold, opened: bool = False) -> str:
    """One line that says what a fold hides, always in one shape: what it is
    (the rule's label), how long, and the aggregator whose furniture it is."""
    size = f"{fold.size} line" if fold.size == 1 else f"{fold.size} lines"
    parts = [fold.label, size, fold.aggregator]
    return f"{OPENED if opened else FOLDED} " + SEPARATOR.join(p for p in parts if p)


def _blocks_with_folds(article: Article, expand: bool) -> list[tuple[Block | Fold, bool]]:
    """The article in reading order: blocks, and for each fold either its line or,
    with `expand`, its line followed by its blocks (flagged as folded)."""
    out: list[tuple[Block | Fold, bool]] = []
    index = 0
    while index < len(article.blocks):
        fold = article.fold_at(index)
        if fold is None:
            out.append((article.blocks[index], False))
            index += 1
            continue
        out.append((fold, False))
        if expand:
            out.extend((block, True) for block in article.blocks[fold.start : fold.end])
        index = fold.end
    return out


def as_text(article: Article, *, expand: bool = False) -> str:
    lines = [article.title]
    meta = meta_line(article)
    if meta:
        lines.append(meta)
    for note in article.notes:
        lines.append(f"({note})")
    lines.append("")
    items = _blocks_with_folds(article, expand)
    for position, (item, folded) in enumerate(items):
        if isinstance(item, Fold):
            lines.append(fold_line(item, opened=expand))
            continue
        prefix = "  │ " if folded else ""
        text = {
            BlockKind.LIST_ITEM: f"{'  ' * max(item.level - 1, 0)}{bullet(item)}{item.text}",
            BlockKind.QUOTE: f"> {item.text}",
            BlockKind.CAPTION: f"Caption: {item.text}",
        }.get(item.kind, item.text)
        lines.extend(prefix + line for line in text.split("\n"))
        if not folded and not (item.kind is BlockKind.LIST_ITEM and _next_is_item(items, position)):
            lines.append("")

    return "\n".join(lines).rstrip() + "\n"


def _next_is_item(items: list[tuple[Block | Fold, bool]], position: int) -> bool:
    following = items[position + 1][0] if position + 1 < len(items) else None
    return isinstance(following, Block) and following.kind is BlockKind.LIST_ITEM


_MD_LINE_START = re.compile(r"^(\s*)([#>+\-*]|\d+[.)])(\s)", re.MULTILINE)


def _md_escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    text = re.sub(r"([*_`\[\]])", r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}", text)


def _md_block(block: Block) -> str:
    if block.kind is BlockKind.PREFORMATTED:
        fence = "````" if "```" in block.text else "```"
        return f"{fence}\n{block.text}\n{fence}"
    text = _md_escape(block.text)
    if block.kind is BlockKind.HEADING:
        return f"{'#' * min(block.level + 1, 6)} {text}"
    if block.kind is BlockKind.QUOTE:
        return "\n".join(f"> {line}" for line in text.split("\n"))
    if block.kind is BlockKind.LIST_ITEM:
        indent = "  " * max(block.level - 1, 0)
        if _NUMBERED.match(block.text):
            return indent + block.text.replace("<", "&lt;")
        return f"{indent}- {text}"

    if block.kind in (BlockKind.CAPTION, BlockKind.NOTE):
        return f"*{text}*"

    return text.replace("\n", "  \n")


def as_markdown(article: Article, *, expand: bool = False) -> str:
    parts = [f"# {_md_escape(article.title)}"]
    meta = meta_line(article)
    if meta:
        parts.append(f"*{_md_escape(meta)}*")
    parts.extend(f"*({_md_escape(note)})*" for note in article.notes)
    items = _blocks_with_folds(article, expand)
    index = 0
    while index < len(items):
        item, _ = items[index]
        index += 1
        if isinstance(item, Block):
            parts.append(_md_block(item))
            continue
        summary = _md_escape(fold_line(item, opened=expand))
        if not expand:
            parts.append(f"*{summary}*")
            continue
        inner = []
        while index < len(items) and items[index][1]:
            inner.append(_md_block(items[index][0]))  # type: ignore[arg-type]
            index += 1
        parts.append(
            f"<details><summary>{summary}</summary>\n\n" + "\n\n".join(inner) + "\n\n</details>"
        )
    return "\n\n".join(parts) + "\n"


def as_dict(article: Article) -> dict[str, Any]:
    """Every field and block of the article; each block says which fold holds it."""
    fold_of = {i: n for n, fold in enumerate(article.folds) for i in range(fold.start, fold.end)}
    return {
        "path": clean_line(str(article.path)),
        "key": clean_line(article.key),
        "place": article.place,
        "kind": article.kind.value,
        "title": article.title,
        "source": article.source,
        "aggregator": article.aggregator,
        "section": article.section,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "notes": list(article.notes),
        "folds": [
            {
                "kind": fold.kind,
                "label": fold.label,
                "rule": fold.rule,
                "aggregator": fold.aggregator,
                "start": fold.start,
                "end": fold.end,
            }
            for fold in article.folds
        ],
        "blocks": [
            {
                "kind": block.kind.value,
                "text": block.text,
                "level": block.level,
                "fold": fold_of.get(i),
            }
            for i, block in enumerate(article.blocks)
        ],
    }


def as_json(article: Article) -> str:
    return json.dumps(as_dict(article), ensure_ascii=False, indent=2) + "\n"


def body_only(article: Article) -> str:
    """Only the article's own text, folds left out, one block a paragraph."""
    return "\n\n".join(block.text for block in article.body) + "\n"


def progress_bar(done: int, total: int, width: int = 12) -> str:
    filled = min(round(width * done / total), width) if total else 0
    return f"▕{_BAR * filled}{_BAR_EMPTY * (width - filled)}▏"


def duration(seconds: float) -> str:
    """ "40 s", "7 min", "2 h 5 min": how long, to the nearest sensible unit."""
    if seconds < 60:
        return f"{max(round(seconds), 1)} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
