"""How close reader's text of each saved copy is to the story alone.

    python benchmarks/copies_text.py [CORPUS_DIR] [--worst N]

A threads corpus's oracle.json holds, for every file, the story's own text
(headline and paragraphs, without the site's or aggregator's furniture). Each
copy is read through reader's whole pipeline (extract, fold) and its title and
body, folds left out, are compared with it as bags of words, the way
../shared/tools/extraction_score.py scores pages: precision, recall, F1.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
from collections import Counter
from pathlib import Path

from reader import read_article

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/corpus/threads-dev"
_TOKEN = re.compile(r"\w+")


def _bag(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def score(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = _bag(gold), _bag(pred)
    hits = sum((g & p).values())
    if not hits:
        return 0.0, 0.0, 0.0
    precision, recall = hits / sum(p.values()), hits / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--worst", type=int, default=5)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    oracle = json.loads((args.corpus / "oracle.json").read_text("utf-8"))
    rows = []
    for name, gold in sorted(oracle.items()):
        article = read_article(args.corpus / name)
        rows.append((*score(gold, f"{article.title}\n\n{article.body_text()}"), name))
    means = [statistics.mean(row[i] for row in rows) for i in range(3)]
    print(
        f"{len(rows)} copies ({args.corpus.name}): P {means[0]:.3f}  R {means[1]:.3f}  "
        f"F1 {means[2]:.3f}  (mean per copy)"
    )
    for precision, recall, f1, name in sorted(rows, key=lambda row: row[2])[: args.worst]:
        print(f"  F1 {f1:.3f}  P {precision:.3f}  R {recall:.3f}  {name}")


if __name__ == "__main__":
    main()
