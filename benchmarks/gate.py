"""The quality gate: the shared scorers on the dev corpora, against the recorded baseline.

    python benchmarks/gate.py            # score, compare, exit 1 if a figure fell
    python benchmarks/gate.py --update   # score, and record the figures as the baseline

Each figure is the product's own path, in process: extraction is
`benchmarks/scoring.py:body_text` (what `reader show --body-only` prints),
threads are what `reader threads --json` prints, on the two threads corpora
and on copies made from 300 real pages (`benchmarks/copies_synth.py`; once
more with the copies quoting the library's other stories), and on both
threads corpora and all the real pages in one library
(`benchmarks/threads_mixed.py`: stories meeting ~900 other sites). A figure more
than `TOLERANCE` below its baseline (`benchmarks/baseline.json`) fails the
gate; the baseline is raised on purpose, with the change that earns it.

The corpora and scorers are those of ../shared (beside the checkout); the
gate fails if they are not there, rather than passing without a look.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))  # its sibling benchmarks, imported when run
SHARED = ROOT.parent / "shared"
BASELINE = Path(__file__).resolve().parent / "baseline.json"
TOLERANCE = 0.005
SCORING = str(Path(__file__).resolve().parent / "scoring.py") + ":body_text"

# Extraction corpora: (name, scorer, figures kept).
EXTRACTION = (
    ("readability-test-pages", "extraction_score.py", ("f1", "precision", "recall")),
    ("trafilatura-eval", "snippets_score.py", ("f1", "precision", "recall")),
)
THREADS = ("threads-dev", "threads-dev2")
THREAD_FIGURES = ("pair_P", "pair_R", "pair_F1", "b3_F1")
# Copies made from real pages (benchmarks/copies_synth.py): how many, which.
COPIES_PAGES, COPIES_SEED = 300, 1


def _tool(name: str) -> str:
    return str(SHARED / "tools" / name)


def _extraction(corpus: str, scorer: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        if scorer == "extraction_score.py":
            command = ["run", "--corpus", corpus, "--func", SCORING, "--runs", "1"]
            command += ["--quiet", "--out", str(out)]
        else:
            command = ["--func", SCORING, "--runs", "1", "--json", str(out)]
        subprocess.run([sys.executable, _tool(scorer), *command], check=True, cwd=ROOT)
        data = json.loads(out.read_text("utf-8"))
    summary = data["summaries"][0] if "summaries" in data else data
    return {key: float(summary[key]) for key in ("f1", "precision", "recall")}


def _threads(corpus: str) -> dict[str, float]:
    from reader.cli import main

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(["threads", str(SHARED / "corpus" / corpus), "--json", "--no-cache"])
    truth = str(SHARED / "corpus" / corpus)
    scored = subprocess.run(
        [sys.executable, _tool("threads_score.py"), truth, "-", "--json", "--metrics-only"],
        input=printed.getvalue(),
        capture_output=True,
        text=True,
        check=True,
    )
    metrics = json.loads(scored.stdout)
    return {key: float(metrics[key]) for key in THREAD_FIGURES}


def _copies(held_out: bool) -> dict[str, float]:
    """Threads of copies made from real pages of many sites (see copies_synth);
    with paragraphs of held-out pages added, or of the library's own other
    stories (then copies quote other stories: the test of precision)."""
    import copies_synth

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "library"
        copies_synth.build(out, COPIES_PAGES, COPIES_SEED, lambda message: None, held_out)
        metrics = copies_synth.score(out, copies_synth.run_threads(out, Path(tmp)))
    return {key: float(metrics[key]) for key in THREAD_FIGURES}


def _mixed() -> dict[str, float]:
    """Both threads corpora and the real pages in one library (threads_mixed)."""
    import threads_mixed

    metrics = threads_mixed.metrics()
    return {key: float(metrics[key]) for key in THREAD_FIGURES}


def measure() -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    for corpus, scorer, _ in EXTRACTION:
        figures[corpus] = _extraction(corpus, scorer)
    for corpus in THREADS:
        figures[corpus] = _threads(corpus)
    figures["copies-synth"] = _copies(held_out=True)
    figures["copies-quoting"] = _copies(held_out=False)
    figures["threads-mixed"] = _mixed()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="record these figures")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"gate: no corpora at {SHARED}", file=sys.stderr)
        return 1
    figures = measure()
    baseline = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    fell = []
    print(f"{'corpus':<24} {'figure':<10} {'now':>7} {'baseline':>9}")
    for corpus, values in figures.items():
        for name, value in values.items():
            before = baseline.get(corpus, {}).get(name)
            mark = ""
            if before is not None and value < before - TOLERANCE:
                fell.append(f"{corpus} {name}")
                mark = "  FELL"
            shown = f"{before:.3f}" if before is not None else "-"
            print(f"{corpus:<24} {name:<10} {value:>7.3f} {shown:>9}{mark}")
    if args.update:
        rounded = {c: {k: round(v, 4) for k, v in vs.items()} for c, vs in figures.items()}
        BASELINE.write_text(json.dumps(rounded, indent=1) + "\n", "utf-8")
        print(f"baseline written: {BASELINE}")
        return 0
    if fell:
        print(f"gate: fell more than {TOLERANCE} below the baseline: {', '.join(fell)}")
        return 1
    print("gate: every figure holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
