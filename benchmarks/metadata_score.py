"""How often reader's metadata matches expected-metadata.json on a corpus.

    python benchmarks/metadata_score.py [CORPUS_DIR] [--show title|byline|site|date]

For each page folder (source.html + expected-metadata.json), reads the page
through reader's whole pipeline and compares, after whitespace is normalised:
title (exact), byline (exact), site name (exact) and published date (the same
day). A field counts only on pages whose expected value is set. Prints the
rates; --show lists the misses of one field.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from pathlib import Path

from reader import read_article
from reader.extract.dates import parse_date

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/corpus/readability-test-pages"


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value)) if value else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", choices=("title", "byline", "site", "date"))
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    fields = {
        "title": ("title", lambda a: _norm(a.title), _norm),
        "byline": ("byline", lambda a: _norm(a.byline), _norm),
        "site": ("siteName", lambda a: _norm(a.source), _norm),
        "date": ("publishedTime", lambda a: _day(a.published), _day),
    }
    hits = {name: 0 for name in fields}
    totals = {name: 0 for name in fields}
    misses: list[str] = []
    for folder in sorted(p for p in args.corpus.iterdir() if (p / "source.html").exists()):
        expected = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        article = read_article(folder / "source.html")
        for name, (key, ours, theirs) in fields.items():
            want = expected.get(key)
            if not want:
                continue
            totals[name] += 1
            got = ours(article)
            if got == theirs(want):
                hits[name] += 1
            elif args.show == name:
                misses.append(f"{folder.name:32} got {got!r}\n{'':32} want {theirs(want)!r}")
    for line in misses:
        print(line)
    for name in fields:
        rate = hits[name] / totals[name] if totals[name] else 0.0
        print(f"{name:7} {hits[name]:4}/{totals[name]:<4} {rate:6.1%}")


if __name__ == "__main__":
    main()
