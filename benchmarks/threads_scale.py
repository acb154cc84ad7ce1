"""How grouping scales: 10k and 100k articles from cached fingerprints.

    python benchmarks/threads_scale.py [--articles 10000 100000]

The fingerprints are made up (random 64-bit hashes) to look like a real
library's: a third of the stories have 2 to 6 copies (edited copies, paywall
teasers that are a story's opening, copies that start with a note), a tenth
of the articles end with one of 20 shared legal disclaimers, and one article
in twenty opens with the same site banner. Reported, as the median of
--runs: wall and CPU seconds of the whole grouping (candidates, checks,
union-find, threads; CPU time is the steadier figure on a shared machine),
the pairs found, the threads, the process's memory with the fingerprints
loaded, and its peak.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from array import array
from pathlib import Path

from reader.model import Article, PageKind
from reader.threads import Fingerprint, group, similar_pairs


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def library(count: int, seed: int = 7) -> list[Fingerprint]:
    rng = random.Random(seed)

    def text(length: int) -> list[int]:
        return [rng.getrandbits(64) for _ in range(length)]

    disclaimers = [text(60) for _ in range(20)]
    banner = text(25)
    prints: list[Fingerprint] = []
    while len(prints) < count:
        story = text(rng.randint(120, 600))
        copies = 1 if rng.random() < 0.66 else rng.randint(2, 6)
        for n in range(copies):
            body = list(story)
            if n:
                kind = rng.random()
                if kind < 0.3:  # a paywall teaser: the first paragraphs
                    body = body[: max(30, len(body) // 4)]
                elif kind < 0.5:  # a note or caption before the story
                    body = text(12) + body
                else:  # an edited copy: a few sentences changed
                    for i in rng.sample(range(len(body)), len(body) // 20):
                        body[i] = rng.getrandbits(64)
            if rng.random() < 0.05:
                body = banner + body
            if rng.random() < 0.1:
                body = body + rng.choice(disclaimers)
            prints.append(Fingerprint.of(array("Q", body), min(12, len(body))))
    return prints[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'articles':>9} {'wall s':>7} {'cpu s':>7} {'pairs':>8} {'threads':>8}"
        f" {'RSS loaded MB':>14} {'peak MB':>8}"
    )
    for count in args.articles:
        prints = library(count)
        articles = [
            Article(
                path=Path(f"/lib/{i:06}.txt"), kind=PageKind.TEXT, title=f"Story {i}", blocks=()
            )
            for i in range(count)
        ]
        loaded = _rss_mb()
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            threads = group(articles, prints)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        pairs = similar_pairs(prints)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{count:>9} {statistics.median(walls):>7.2f} {statistics.median(cpus):>7.2f}"
            f" {len(pairs):>8} {len(threads):>8} {loaded:>14.0f} {peak:>8.0f}"
        )


if __name__ == "__main__":
    main()
