"""How fast an article is fingerprinted: milliseconds per article, the way
fingerprints were made before (a blake2b call per run of five words, over the
text joined) against now (each word hashed once, runs XORed in bulk, per
block), on the files of the threads corpora.

    python benchmarks/fingerprint_speed.py [--corpus ../shared/corpus/threads-dev ...]

The files are read first (not timed); then each way fingerprints all of them,
`--runs` times, and the median is reported, in CPU time. "Cold" is the first
pass with no word remembered yet (a worker's first files); "warm" the rest.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from array import array
from pathlib import Path

from reader.model import Article, BlockKind
from reader.normalize import words
from reader.pipeline import default_catalogue, read_article
from reader.threads import fingerprint
from reader.threads import prints as fast

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _old_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def old_fingerprint(article: Article) -> tuple[array, array]:
    """Fingerprints as `reader.threads` made them before: the body without
    captions and notes joined, a blake2b hash per run of five words, each
    once, and the one-in-four sample."""
    texts = [b.text for b in article.body if b.kind not in (BlockKind.CAPTION, BlockKind.NOTE)]
    tokens = words(" ".join(texts))
    runs = (" ".join(tokens[i : i + 5]) for i in range(max(len(tokens) - 4, 1)))
    shingles = array("Q", dict.fromkeys(_old_hash(run) for run in runs))
    return shingles, array("Q", (h for h in shingles if h % 4 == 0))


def _ms_per_article(way: object, articles: list[Article], runs: int) -> tuple[float, float]:
    fast._ROWS.clear()
    start = time.process_time()
    for article in articles:
        way(article)  # type: ignore[operator]
    cold = (time.process_time() - start) / len(articles) * 1000
    times = []
    for _ in range(runs):
        start = time.process_time()
        for article in articles:
            way(article)  # type: ignore[operator]
        times.append(time.process_time() - start)
    return cold, statistics.median(times) / len(articles) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        nargs="+",
        default=[CORPORA / "threads-dev", CORPORA / "threads-dev2"],
    )
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    catalogue = default_catalogue()
    print(
        f"{'corpus':<14} {'files':>5} {'before cold':>12} {'warm':>6} {'now cold':>9} {'warm':>6}"
    )
    for corpus in args.corpus:
        files = sorted(p for p in corpus.iterdir() if p.suffix in {".txt", ".html", ".md"})
        articles = [read_article(path, catalogue) for path in files]
        before = _ms_per_article(old_fingerprint, articles, args.runs)
        now = _ms_per_article(fingerprint, articles, args.runs)
        print(
            f"{corpus.name:<14} {len(articles):>5} {before[0]:>12.3f} {before[1]:>6.3f}"
            f" {now[0]:>9.3f} {now[1]:>6.3f}   ms/article"
        )


if __name__ == "__main__":
    main()
