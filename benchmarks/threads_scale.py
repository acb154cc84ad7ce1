"""How grouping scales: 10k and 100k articles from cached fingerprints, and one
new file regrouped into 100k.

    python benchmarks/threads_scale.py [--articles 10000 100000] [--runs 1]

The fingerprints are made up (random 64-bit hashes in blocks of 20 to 80) to
look like a real library's, then put through `to_bytes`/`from_bytes` as the
cache would give them (compact: see `Fingerprint.from_bytes`): stories of 60
to 1,500 hashes (median 400); a third of them in 2 to 5 copies (paywall
teasers that are a story's first blocks, copies with a new opening block,
copy-edits with a tenth of the hashes changed); each page on one of 300 sites,
whose banner block opens it and whose disclaimer closes it; 3% of pages hold
another story in full after their own, and 10% quote three other stories'
ledes. The library is made and written out first; each size is then grouped in
a process of its own from that file, so that its peak memory is the
grouping's. Reported: wall and CPU seconds of the whole grouping (index,
candidates, stories found, statistic, threads), the threads, the memory with
the fingerprints loaded, the peak; then, at the largest size, the CPU time of
regrouping after one new file (a copy of an existing story) once the index
exists."""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Sequence
from pathlib import Path

from reader.model import ArticleInfo
from reader.threads import Fingerprint, MemoryIndex, group_library, regroup


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _blocks(hashes: Sequence[int], rng: random.Random) -> list[array]:
    out, at = [], 0
    while at < len(hashes):
        size = rng.randint(20, 80)
        out.append(array("Q", hashes[at : at + size]))
        at += size
    return out


def make(count: int, path: Path, seed: int = 7) -> None:
    """Write `count` pages to `path`: their infos, and their fingerprints as
    the cache keeps them (bytes)."""
    rng = random.Random(seed)

    def text(length: int) -> array:
        return array("Q", [rng.getrandbits(64) for _ in range(length)])

    sites = [(text(25), text(30)) for _ in range(300)]
    # Titles of five words out of 20,000 made-up ones: each story its own.
    vocabulary = [f"w{n}x{rng.getrandbits(20)}" for n in range(20_000)]
    stories: list[array] = []
    infos: list[tuple[object, ...]] = []
    out = path.open("wb")
    while len(infos) < count:
        length = min(max(60, int(rng.lognormvariate(6.0, 0.5))), 1500)
        story = text(length)
        number = len(stories)
        stories.append(story)
        title = " ".join(rng.sample(vocabulary, 5))
        copies = 1 if rng.random() < 0.66 else rng.randint(2, 5)
        for n in range(copies):
            body = story
            kind = rng.random()
            if n and kind < 0.2:  # a paywall teaser: the first blocks
                body = body[: max(30, len(body) // 4)]
            elif n and kind < 0.5:  # a new opening block
                body = text(25) + body[25:]
            elif n:  # a copy-edit: a tenth of the hashes changed
                body = array("Q", [rng.getrandbits(64) if rng.random() < 0.1 else h for h in body])
            banner, disclaimer = sites[rng.randrange(len(sites))]
            blocks = [banner, *_blocks(body, rng)]
            if rng.random() < 0.03 and number > 10:
                blocks.extend(_blocks(stories[rng.randrange(number)], rng))  # a related story
            if rng.random() < 0.1 and number > 10:
                for _ in range(3):  # "Up next": other stories' ledes
                    blocks.append(stories[rng.randrange(number)][:25])
            blocks.append(disclaimer)
            key = f"/library/{len(infos):06}.txt"
            words = sum(len(b) for b in blocks)
            infos.append(tuple(ArticleInfo(key, title, words=words, day=730_000 + number % 3000)))
            blob = Fingerprint.of_blocks(blocks).to_bytes()
            out.write(len(blob).to_bytes(4, "little") + blob)
            if len(infos) == count:
                break
    out.close()
    with path.with_suffix(".infos").open("wb") as file:
        pickle.dump(infos, file, protocol=pickle.HIGHEST_PROTOCOL)


def one_size(path: Path, runs: int, incremental: bool) -> dict[str, float]:
    with path.with_suffix(".infos").open("rb") as file:
        infos = [ArticleInfo(*row) for row in pickle.load(file)]
    before = _rss_mb()
    prints = []
    with path.open("rb") as file:  # as the library reads its cache: one at a time, compact
        while head := file.read(4):
            blob = file.read(int.from_bytes(head, "little"))
            prints.append(Fingerprint.from_bytes(blob, compact=True))
    loaded = _rss_mb() - before
    # The file to add after: the last copy of a story that has several.
    held_out = next(n for n in range(len(infos) - 1, 0, -1) if infos[n].title == infos[n - 1].title)
    walls, cpus = [], []
    index = MemoryIndex()
    grouping = None
    for _ in range(runs):
        index = MemoryIndex()
        grouping = None
        wall, cpu = time.perf_counter(), time.process_time()
        grouping = group_library(
            [i for n, i in enumerate(infos) if n != held_out],
            [p for n, p in enumerate(prints) if n != held_out],
            index=index,
        )
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert grouping is not None
    result = {
        "articles": len(infos),
        "wall": min(walls),
        "cpu": min(cpus),
        "threads": len(grouping.threads),
        "loaded": loaded,
        "peak": _peak_mb(),
    }
    if incremental:
        # One new file: a copy of a story the library has.
        by_key = {info.key: info for info in infos}
        by_print = dict(zip((info.key for info in infos), prints, strict=True))
        cpu = time.process_time()
        regroup(
            grouping,
            by_key,
            lambda keys: {k: by_print[k] for k in keys},
            changed=[infos[held_out].key],
            index=index,
        )
        result["regroup_ms"] = (time.process_time() - cpu) * 1000
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--incremental", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.runs, args.incremental)))
        return
    print(
        f"{'articles':>9} {'wall s':>7} {'cpu s':>7} {'threads':>8} {'prints MB':>10}"
        f" {'peak MB':>8} {'1 new file ms':>14}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for count in args.articles:
            path = Path(folder) / f"{count}.prints"
            make(count, path)
            command = [sys.executable, __file__, "--one", str(path), "--runs", str(args.runs)]
            if count == max(args.articles):
                command.append("--incremental")
            done = subprocess.run(command, capture_output=True, check=True, text=True)
            found = json.loads(done.stdout)
            regrouped = f"{found['regroup_ms']:>14.0f}" if "regroup_ms" in found else f"{'':>14}"
            print(
                f"{count:>9} {found['wall']:>7.2f} {found['cpu']:>7.2f} {found['threads']:>8}"
                f" {found['loaded']:>10.0f} {found['peak']:>8.0f} {regrouped}"
            )


if __name__ == "__main__":
    main()
