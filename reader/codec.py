"""Articles to bytes and back, for the cache.

JSON (compressed), not pickle: the cache is only ever data, so a cache file
written by someone else can at worst give a wrong article, never run code.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from pathlib import Path
from typing import Any

from reader.model import Article, Block, BlockKind, Fold, PageKind


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _block(block: Block) -> list[Any]:
    fields: list[Any] = [block.kind.value, block.text, block.level]
    return [*fields, block.role] if block.role else fields


def encode_article(article: Article) -> bytes:
    data = {
        "path": str(article.path),
        "kind": article.kind.value,
        "title": article.title,
        "blocks": [_block(b) for b in article.blocks],
        "folds": [[f.kind, f.label, f.start, f.end, f.rule, f.aggregator] for f in article.folds],
        "source": article.source,
        "aggregator": article.aggregator,
        "section": article.section,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "notes": list(article.notes),
        "ident": article.ident,
        "member": article.member,
        "place": article.place,
    }
    # surrogatepass: a path may hold bytes that are not UTF-8 (surrogateescape).
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)


def decode_article(payload: bytes) -> Article:
    data = json.loads(zlib.decompress(payload).decode("utf-8", "surrogatepass"))
    return Article(
        path=Path(data["path"]),
        kind=PageKind(data["kind"]),
        title=data["title"],
        blocks=tuple(Block(BlockKind(b[0]), *b[1:]) for b in data["blocks"]),
        folds=tuple(Fold(*fold) for fold in data["folds"]),
        source=data["source"],
        aggregator=data["aggregator"],
        section=data["section"],
        byline=data["byline"],
        published=_date(data["published"]),
        url=data["url"],
        notes=tuple(data["notes"]),
        ident=data.get("ident", ""),
        member=data.get("member", 0),
        place=data.get("place"),
    )
