"""How reader does on a folder of what people keep (tests/keep): per format,
the files listed, read, titled right and dated, their addresses kept, the body
sentences found, and the files that are not articles but were listed as ones.

    python benchmarks/formats_score.py            # on a fresh folder from tests/keep
    python benchmarks/formats_score.py --keep DIR # ... and leave it in DIR

Reading is `reader check`'s (the walk, then every file through the pipeline),
in this process, so that each article can be compared with the truth.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.boilerplate import load_catalogue
from reader.model import ArticleError, PageKind
from reader.normalize import normalize
from reader.pipeline import articles_of
from reader.scan import scan
from tests.keep import Truth, build

COLUMNS = ("files", "listed", "read", "articles", "titles", "dated", "address", "sentences",
           "links", "wrong")  # fmt: skip


def _squash(text: str) -> str:
    return " ".join(normalize(text).split())


def score(root: Path, truth: Truth) -> dict[str, dict[str, list[int]]]:
    """Per format: each column's [found, of]."""
    catalogue = load_catalogue(None)
    listed = {path.relative_to(root).as_posix() for path in scan(root).paths}
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for name in sorted(set(truth) | listed):
        entry = truth.get(name)
        row = table[entry.format if entry else "unknown"]
        if entry is None or entry.role == "hidden":
            row["wrong"][1] += 1
            row["wrong"][0] += name in listed
            continue
        row["files"][0] += 1
        row["files"][1] += 1
        row["listed"][1] += 1
        row["listed"][0] += name in listed
        row["read"][1] += 1
        try:
            articles, _ = articles_of(root / name, catalogue)
        except ArticleError:
            articles = []
        row["read"][0] += bool(articles)
        if entry.role == "links":
            row["links"][1] += 1
            row["links"][0] += len(articles) == 1 and articles[0].kind is PageKind.LINKS
            continue
        row["articles"][1] += len(entry.articles)
        row["articles"][0] += min(len(articles), len(entry.articles))
        for expected, article in zip(entry.articles, articles + [None] * 99, strict=False):
            row["titles"][1] += 1
            row["dated"][1] += 1
            row["address"][1] += 1
            sentences = expected.story.sentences
            row["sentences"][1] += len(sentences)
            if article is None:
                continue
            row["titles"][0] += _squash(article.title) == _squash(expected.shown_title)
            row["dated"][0] += article.published is not None
            row["address"][0] += article.url == expected.address
            body = _squash(article.body_text())
            row["sentences"][0] += sum(1 for s in sentences if _squash(s) in body)
    return table


def report(table: dict[str, dict[str, list[int]]]) -> str:
    lines = [f"{'format':<16}" + "".join(f"{c:>12}" for c in COLUMNS)]
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in sorted(table):
        cells = []
        for column in COLUMNS:
            found, of = table[name].get(column, [0, 0])
            total[column][0] += found
            total[column][1] += of
            cells.append(f"{found}/{of}" if of else "–")
        lines.append(f"{name:<16}" + "".join(f"{c:>12}" for c in cells))
    cells = [f"{total[c][0]}/{total[c][1]}" if total[c][1] else "–" for c in COLUMNS]
    lines.append(f"{'all':<16}" + "".join(f"{c:>12}" for c in cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build the folder here and leave it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        print(report(score(args.keep, build(args.keep))))
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        print(report(score(root, build(root))))


if __name__ == "__main__":
    main()
