"""How well reader reads the metadata of saved copies, against a threads corpus.

    python benchmarks/copies_metadata.py [CORPUS_DIR] [--show title|byline|source|date]

A threads corpus (truth.json: file -> story; manifest.json: each story's title,
author and publisher) holds aggregator and publisher copies of the same
stories, with the furniture each site adds. For every file, reader's title,
byline and source are compared with the story's (the byline as the meta line
shows it, "By " left out; quotes and whitespace normalised); each field counts
as exact, polluted (the right value with more around it), wrong (something
else) or missing. A copy's date is its own, so the truth has none: the date
column counts copies that have one. --show lists the

files that are not exact for one field.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from pathlib import Path

from reader import read_article
from reader.render import byline_names

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/corpus/threads-dev"
OUTCOMES = ("exact", "polluted", "wrong", "missing")
_QUOTES = str.maketrans("‘’“”", "''\"\"")


def _norm(text: str | None) -> str:
    return " ".join((text or "").translate(_QUOTES).split()).casefold()


def outcome(got: str | None, want: str) -> str:
    got, want = _norm(got), _norm(want)
    if not got:
        return "missing"
    if got == want:
        return "exact"
    return "polluted" if want in got else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", choices=("title", "byline", "source", "date"))
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    truth = json.loads((args.corpus / "truth.json").read_text("utf-8"))
    stories = json.loads((args.corpus / "manifest.json").read_text("utf-8"))["stories"]
    counts = {field: Counter[str]() for field in ("title", "byline", "source")}
    dated = 0
    shown: list[str] = []
    for name, story_id in sorted(truth.items()):
        story = stories[story_id]
        article = read_article(args.corpus / name)
        dated += article.published is not None
        if args.show == "date" and article.published is None:
            shown.append(f"  {name}")
        for field, got, want in (
            ("title", article.title, story["title"]),
            ("byline", article.byline and byline_names(article.byline), story["author"]),
            ("source", article.source, story["publisher"]),
        ):
            result = outcome(got, want)
            counts[field][result] += 1
            if args.show == field and result != "exact":
                shown.append(f"  {result:8} {name}: {got!r} (want {want!r})")
    total = len(truth)
    print(f"{total} files, {len(set(truth.values()))} stories ({args.corpus.name})")
    print(f"{'field':8}" + "".join(f"{o:>10}" for o in OUTCOMES))
    for field, counter in counts.items():
        print(f"{field:8}" + "".join(f"{counter[o] / total:>10.1%}" for o in OUTCOMES))
    print(f"{'date':8}{dated / total:>10.1%} of copies dated")
    print("\n".join(shown))


if __name__ == "__main__":
    main()
