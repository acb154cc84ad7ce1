"""Threads in one library of everything: both threads corpora and the ~990 real
pages of trafilatura-eval, in one folder.

    python benchmarks/threads_mixed.py [--worst 10]

Each corpus is scored alone elsewhere (`gate.py`); together, their stories meet
many more candidates: pages of ~900 other sites, whose banners, disclaimers
and stock phrases the grouping has never seen beside them, and whose stories
must stay apart from every copy of the threads corpora. The truth is the two
corpora's own `truth.json` and, for the real pages, each its own story but for
near-duplicates (`copies_synth.near_duplicates`: measured on runs of words,
independent of reader), which are one. Prints `threads_score.py`'s figures
and the worst errors.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import copies_synth

CORPORA = copies_synth.SHARED / "corpus"
THREADS = (("a", "threads-dev"), ("b", "threads-dev2"))
REAL = "t"


def build(out: Path) -> dict[str, str]:
    """Copy the corpora into `out` (each name with its corpus's prefix) and
    give the truth: file -> story."""
    truth: dict[str, str] = {}
    for prefix, corpus in THREADS:
        for name, story in json.loads((CORPORA / corpus / "truth.json").read_text()).items():
            shutil.copyfile(CORPORA / corpus / name, out / f"{prefix}{name}")
            truth[f"{prefix}{name}"] = story
    paths = sorted((copies_synth.CORPUS / "pages").glob("*.html"))
    pages = [copies_synth.read_source(path, "") for path in paths]
    story = copies_synth.stories_of(pages, lambda message: None)
    for page in pages:
        shutil.copyfile(page.path, out / f"{REAL}{page.path.name}")
        truth[f"{REAL}{page.path.name}"] = f"real-{story[page.ident]}"
    (out / "truth.json").write_text(json.dumps(truth, indent=0, sort_keys=True), "utf-8")
    return truth


def run(scorer_args: list[str], log: bool = True) -> str:
    """Build the library, group it and score it: what the scorer printed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "library"
        out.mkdir()
        truth = build(out)
        if log:
            stories = len(set(truth.values()))
            print(f"{len(truth)} files, {stories} stories ({len(truth) - stories} joined in truth)")
        threads = copies_synth.run_threads(out, Path(tmp))
        return subprocess.run(
            [sys.executable, str(copies_synth.SCORER), str(out), "-", *scorer_args],
            input=json.dumps(threads),
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def metrics() -> dict[str, float]:
    """The scorer's figures, for the gate."""
    return json.loads(run(["--json", "--metrics-only"], log=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    print(run(["--worst", str(args.worst)]), end="")


if __name__ == "__main__":
    main()
