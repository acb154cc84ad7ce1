"""How well `reader threads` groups copies of one story made from real pages.

    python benchmarks/copies_synth.py [--pages N] [--seed S] [--out DIR] [--headlines rewritten]

Picks N pages of ../shared/corpus/trafilatura-eval (real HTML of many sites,
each its own story, never tuned on by the threads) and writes a library of
them: every picked page as it is, and, for about half of them, one or two
copies made the way copies of a story arrive from elsewhere, from the page's
own text (its title and body as `reader show --body-only` prints them) and
other pages' text only:

- aggregator: a pasted plain-text copy: title, a source/byline/date line,
  the body re-wrapped at 70-80 columns, an aggregator's lines around it;
- teaser: the first 25-35% of the paragraphs, as .txt or .md;
- standfirst: a new first paragraph (another page's words) over the story;
- new_lede: the first paragraph replaced by another page's words;
- condensed: about 15% of the sentences dropped and a few words changed;
- writethrough: the first paragraph rewritten and 2-4 paragraphs of another
  page added at the end or in the middle;
- fused: the headline run into the first paragraph, no title of its own.

With `--headlines rewritten`, every copy has a headline of its own, as an
editor gives one: words of another page, naming no story of the library (the
title then tells nothing; only the text can).

Each page's copies are drawn from a random stream of its own (the seed and
the page), so that a change in how one page is extracted changes its copies
only, not the whole library: the figures move with the grouping, not with
the draws.

Pages whose texts are near-duplicates of each other (measured here on runs of
words, not with reader) are one story in truth.json. Pages of one site (one
domain: the page's address, else its canonical or og:url) must stay apart:
their number is reported, and how many of them were joined.

It then runs `reader threads OUT --json --no-cache` (with an empty config,
cache and state of its own) and ../shared/tools/threads_score.py on it, and
prints the pair and B-cubed figures, the recall of each kind of copy (the
share of (page, copy) pairs in one thread), and the wrong merges.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus/trafilatura-eval"
SCORER = SHARED / "tools/threads_score.py"
KINDS = ("aggregator", "teaser", "standfirst", "new_lede", "condensed", "writethrough", "fused")
MIN_WORDS = 60  # a page with a shorter body gets no copies (reported apart)
DONORS = 100  # pages not in the library whose text the copies' new paragraphs are made of
NEAR_DUPLICATE = 0.6  # share of the shorter's 5-word runs in the longer

AGGREGATORS = ("NewsHub", "Pressreader Digest", "Daily Brief", "Nachrichten Kompakt", "Inkwell")
JUNK_BEFORE = (
    "Sign up to read this article",
    "Download the app",
    "Already a subscriber? Log in",
    "Jetzt kostenlos registrieren",
    "Listen to this article",
    "Save for later",
)
JUNK_AFTER = (
    "Share this article",
    "Report an issue",
    "More from this publisher",
    "Download the app for the full experience",
    "Kommentare anzeigen",
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"„“'(]?[A-ZÄÖÜ0-9])")
_WORD = re.compile(r"\w+")
_URL_IN_PAGE = re.compile(
    r"<(?:link[^>]+rel=[\"']canonical[\"'][^>]*|meta[^>]+property=[\"']og:url[\"'][^>]*)>", re.I
)
_HREF = re.compile(r"(?:href|content)=[\"']([^\"']+)[\"']", re.I)


@dataclass
class Source:
    """A picked page: its extracted title and paragraphs, and its site."""

    ident: str
    path: Path
    title: str
    paragraphs: list[str]
    byline: str | None
    published: str | None
    site: str

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass
class Library:
    """What was written: each file's story, kind and the page it came from."""

    truth: dict[str, str] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)  # file -> "original" or a copy kind
    origin: dict[str, str] = field(default_factory=dict)  # file -> the page's file
    title: dict[str, str] = field(default_factory=dict)  # file -> the page's title
    form: dict[str, str] = field(default_factory=dict)  # copy file -> how it is saved


# --- reading the pages (reader's public reading, as `reader show --body-only`)


def read_source(path: Path, site: str) -> Source:
    from reader.model import ArticleError
    from reader.pipeline import read_article

    try:
        article = read_article(path)
    except ArticleError:
        return Source(path.stem, path, "", [], None, None, site)
    paragraphs = [" ".join(block.text.split()) for block in article.body]
    published = article.published.isoformat() if article.published else None
    return Source(
        path.stem,
        path,
        " ".join(article.title.split()),
        [p for p in paragraphs if p],
        article.byline,
        published,
        site,
    )


def site_of(path: Path, url: str) -> str:
    """The page's domain: from its address, else its canonical or og:url."""
    if not url.startswith("http"):
        head = path.read_text("utf-8", errors="replace")[:200_000]
        for tag in _URL_IN_PAGE.findall(head):
            href = _HREF.search(tag)
            if href and href.group(1).startswith("http"):
                url = href.group(1)
                break
    host = urlsplit(url).netloc.lower().split(":")[0] if url.startswith("http") else ""
    return host.removeprefix("www.") or f"?{path.stem}"


# --- making copies (from the page's own text and other pages' text only)


def sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE.split(paragraph) if s.strip()]


def _used(donor: Source, start: int, end: int) -> None:
    """A held-out donor's paragraphs give new text to one copy only (two copies
    sharing added text would share a third story)."""
    if donor.site == "donor":
        del donor.paragraphs[start:end]


def foreign_paragraph(rng: random.Random, donors: Sequence[Source], words: int) -> str:
    """About `words` words of another page's text, from the start of one of its paragraphs."""
    pool = [(d, i) for d in donors for i, p in enumerate(d.paragraphs) if len(p.split()) >= 12]
    if not pool:
        return "Mehr dazu in Kürze."
    donor, at = rng.choice(pool)
    chunk = " ".join(donor.paragraphs[at : at + 3]).split()[:words]
    _used(donor, at, at + 3)
    out = " ".join(chunk).rstrip(",;:")
    return out[0].upper() + out[1:] + ("" if out.endswith((".", "!", "?")) else ".")


def foreign_paragraphs(rng: random.Random, donors: Sequence[Source], count: int) -> list[str]:
    pool = [d for d in donors if len(d.paragraphs) >= count and d.words >= 60]
    if not pool:
        return []
    donor = rng.choice(pool)
    start = rng.randrange(len(donor.paragraphs) - count + 1)
    out = donor.paragraphs[start : start + count]
    _used(donor, start, start + count)
    return out


def teaser(rng: random.Random, page: Source, donors: Sequence[Source]) -> list[str]:
    share = rng.uniform(0.25, 0.35)
    if len(page.paragraphs) >= 3:
        return page.paragraphs[: max(1, round(share * len(page.paragraphs)))]
    said = [s for p in page.paragraphs for s in sentences(p)]
    return [" ".join(said[: max(1, round(share * len(said)))])]


def standfirst(rng: random.Random, page: Source, donors: Sequence[Source]) -> list[str]:
    return [foreign_paragraph(rng, donors, rng.randint(18, 35)), *page.paragraphs]


def new_lede(rng: random.Random, page: Source, donors: Sequence[Source]) -> list[str]:
    words = min(max(len(page.paragraphs[0].split()), 15), 60)
    return [foreign_paragraph(rng, donors, words), *page.paragraphs[1:]]


def _changed(rng: random.Random, sentence: str, donors: Sequence[Source]) -> str:
    words = sentence.split()
    if len(words) < 6:
        return sentence
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(1, len(words) - 1)
        how = rng.random()
        if how < 0.4:
            donor = rng.choice(donors).paragraphs
            donor_words = rng.choice(donor).split() if donor else ["neu"]
            words[at] = rng.choice(donor_words)
        elif how < 0.7:
            del words[at]
        else:
            words[at], words[at + 1] = words[at + 1], words[at]
        if len(words) < 4:
            break
    return " ".join(words)


def condensed(rng: random.Random, page: Source, donors: Sequence[Source]) -> list[str]:
    out = []
    for paragraph in page.paragraphs:
        kept = []
        for sentence in sentences(paragraph):
            if rng.random() < 0.15:
                continue
            kept.append(_changed(rng, sentence, donors) if rng.random() < 0.25 else sentence)
        if kept:
            out.append(" ".join(kept))
    return out or page.paragraphs[:1]


def writethrough(rng: random.Random, page: Source, donors: Sequence[Source]) -> list[str]:
    first = page.paragraphs[0].split()
    # Rewritten: a few of its own words (names, figures) in someone else's sentence.
    names = [w for w in first if w[:1].isupper() or w[:1].isdigit()][:4]
    lede = foreign_paragraph(rng, donors, min(max(len(first), 15), 50)).split()
    for name in names:
        lede.insert(rng.randrange(1, len(lede) + 1), name)
    body = [" ".join(lede), *page.paragraphs[1:]]
    added = foreign_paragraphs(rng, donors, rng.randint(2, 4))
    at = len(body) if rng.random() < 0.5 or len(body) < 3 else rng.randrange(2, len(body))
    return body[:at] + added + body[at:]


def aggregator(rng: random.Random, page: Source, donors: Sequence[Source]) -> list[str]:
    return page.paragraphs


def fused(rng: random.Random, page: Source, donors: Sequence[Source]) -> list[str]:
    glue = rng.choice((" ", ". ", " - ", ": "))
    return [page.title.rstrip(".") + glue + page.paragraphs[0], *page.paragraphs[1:]]


MAKERS: dict[str, Callable[[random.Random, Source, Sequence[Source]], list[str]]] = {
    "aggregator": aggregator,
    "teaser": teaser,
    "standfirst": standfirst,
    "new_lede": new_lede,
    "condensed": condensed,
    "writethrough": writethrough,
    "fused": fused,
}


def fair(kind: str, page: Source) -> bool:
    """Whether a copy of this kind still tells the page's story: a new or rewritten
    first paragraph leaves most of it only on a page of three paragraphs or more
    whose first is at most 40% of its words."""
    if kind in ("new_lede", "writethrough"):
        first = len(page.paragraphs[0].split())
        return len(page.paragraphs) >= 3 and first <= 0.4 * page.words
    return True


# --- saving copies as files


def meta_line(rng: random.Random, page: Source, outlet: str) -> str:
    parts = [page.site]
    if page.byline:
        parts.append(page.byline)
    if page.published:
        parts.append(page.published)
    parts.append(f"via {outlet}")
    return rng.choice((" | ", " · ", " - ")).join(parts)


def as_aggregator_text(
    rng: random.Random, page: Source, body: list[str], others: Sequence[Source]
) -> str:
    width = rng.randint(70, 80)
    outlet = rng.choice(AGGREGATORS)
    lines = [
        *rng.sample(JUNK_BEFORE, rng.randint(1, 2)),
        "",
        page.title,
        meta_line(rng, page, outlet),
        "",
    ]
    for paragraph in body:
        lines.extend(textwrap.wrap(paragraph, width) or [paragraph])
        lines.append("")
    lines.extend(rng.sample(JUNK_AFTER, rng.randint(1, 2)))
    lines.extend(["", "Related stories", ""])
    lines.extend(f"- {other.title}" for other in rng.sample(list(others), 3) if other.title)
    return "\n".join(lines) + "\n"


def as_text(rng: random.Random, page: Source, body: list[str], title: bool = True) -> str:
    head = [page.title, ""] if title else []
    if title and rng.random() < 0.5:
        head = [page.title, meta_line(rng, page, rng.choice(AGGREGATORS)), ""]
    return "\n".join([*head, *"\n\n".join(body).split("\n")]) + "\n"


def as_markdown(rng: random.Random, page: Source, body: list[str]) -> str:
    head = [f"# {page.title}", ""]
    if page.byline and rng.random() < 0.5:
        head += [f"*{page.byline}*", ""]
    tail = ["", f"[Read the full story at {page.site}](https://{page.site}/)"]
    return "\n".join([*head, "\n\n".join(body), *tail]) + "\n"


def as_html(rng: random.Random, page: Source, body: list[str], title: bool = True) -> str:
    outlet = rng.choice(AGGREGATORS)
    heading = f"<h1>{escape(page.title)}</h1>\n" if title else ""
    byline = f'<p class="byline">{escape(meta_line(rng, page, outlet))}</p>\n' if title else ""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in body)
    doc_title = f"{escape(page.title)} | {outlet}" if title else outlet
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{doc_title}</title></head>\n"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/app'>App</a></nav>\n"
        f"<main><article>\n{heading}{byline}{paragraphs}\n</article></main>\n"
        f"<footer><p>© {outlet}. All rights reserved.</p></footer></body></html>\n"
    )


def saved(
    rng: random.Random, kind: str, page: Source, body: list[str], others: Sequence[Source]
) -> tuple[str, str]:
    """The copy as a file: its form (extension) and text."""
    if kind == "aggregator":
        return "txt", as_aggregator_text(rng, page, body, others)
    if kind == "teaser":
        return (
            ("md", as_markdown(rng, page, body))
            if rng.random() < 0.5
            else ("txt", as_text(rng, page, body))
        )
    if kind == "fused":
        if rng.random() < 0.5:
            return "html", as_html(rng, page, body, title=False)
        return "txt", as_text(rng, page, body, title=False)
    form = rng.choice(("txt", "md", "html"))
    if form == "md":
        return form, as_markdown(rng, page, body)
    if form == "html":
        return form, as_html(rng, page, body)
    return form, as_text(rng, page, body)


def donor_pages(rng: random.Random, unpicked: Sequence[Path]) -> list[Source]:
    """The pages whose text new paragraphs are made of: pages not in the library (other
    pages of the corpus, and readability's test pages if too few are left), so that
    a copy's added text is new text, not another story of the library."""
    paths = sorted(rng.sample(list(unpicked), min(DONORS, len(unpicked))))
    if len(paths) < DONORS:
        paths += sorted((SHARED / "corpus/readability-test-pages").glob("*/source.html"))
    sources = [read_source(path, "donor") for path in paths]
    return [source for source in sources if source.words >= 40]


# --- near-duplicates among the pages (5-word runs, independent of reader)


def shingles(page: Source) -> set[int]:
    words = _WORD.findall(" ".join(page.paragraphs).lower())
    return {hash(tuple(words[i : i + 5])) for i in range(max(len(words) - 4, 0))}


def near_duplicates(pages: Sequence[Source]) -> list[tuple[str, str, float]]:
    runs = {page.ident: shingles(page) for page in pages}
    owners: dict[int, list[str]] = defaultdict(list)
    for ident, keys in runs.items():
        for key in keys:
            owners[key].append(ident)
    shared: Counter[tuple[str, str]] = Counter()
    for idents in owners.values():
        if 1 < len(idents) <= 20:
            shared.update(combinations(sorted(idents), 2))
    out = []
    for (a, b), count in shared.items():
        smaller = min(len(runs[a]), len(runs[b]))
        if smaller >= 10 and count / smaller >= NEAR_DUPLICATE:
            out.append((a, b, count / smaller))
    return sorted(out)


def stories_of(pages: Sequence[Source], log: Callable[[str], None]) -> dict[str, str]:
    """Each page's story in truth (named by one of its pages): its own, but
    near-duplicate pages are one."""
    story = {page.ident: page.ident for page in pages}
    for a, b, share in near_duplicates(pages):
        log(f"near-duplicate pages, one story: {a} ~ {b} ({share:.2f} of the shorter's runs)")
        root_a, root_b = story[a], story[b]
        for ident, root in story.items():
            if root == root_b:
                story[ident] = root_a
    return story


# --- building the library


def rewritten_headline(rng: random.Random, others: Sequence[Source]) -> str:
    """A headline an editor gave the copy: five to nine words of another
    page's text, in no order, so that it names no story of the library."""
    words = " ".join(rng.choice(others).paragraphs).split()
    return " ".join(rng.sample(words, min(len(words), rng.randint(5, 9))))


def build(
    out: Path,
    count: int,
    seed: int,
    log: Callable[[str], None],
    held_out: bool = True,
    headlines: str = "kept",
) -> tuple[Library, list[Source]]:
    rng = random.Random(seed)
    snippets = json.loads((CORPUS / "snippets.json").read_text("utf-8"))
    everything = sorted((CORPUS / "pages").glob("*.html"))
    picked = sorted(rng.sample(everything, min(count, len(everything))))
    started = time.perf_counter()
    pages = [
        read_source(path, site_of(path, snippets.get(path.stem, {}).get("url", "")))
        for path in picked
    ]
    pages = [page for page in pages if page.paragraphs]  # unreadable or empty: no story to copy
    chosen = set(picked)
    donors = donor_pages(rng, [p for p in everything if p not in chosen]) if held_out else []
    log(
        f"read {len(pages)} pages and {len(donors)} donors in {time.perf_counter() - started:.1f} s"
    )
    story = stories_of(pages, log)
    library = Library()
    out.mkdir(parents=True, exist_ok=True)
    usable = [page for page in pages if page.title]
    for index, page in enumerate(pages):
        name = f"{index:04d}_{page.ident}.html"
        shutil.copyfile(page.path, out / name)
        library.truth[name] = story[page.ident]
        library.kind[name] = "original"
        library.origin[name] = name
        library.title[name] = page.title
        # Each page's copies from a random stream of its own: a change in
        # one page's extracted text changes its copies, not every later one's.
        own = random.Random(f"{seed}/{page.ident}")
        if page.words < MIN_WORDS or not page.title or own.random() >= 0.5:
            continue
        others = [other for other in usable if story[other.ident] != story[page.ident]]
        kinds = [kind for kind in KINDS if fair(kind, page)]
        for number, kind in enumerate(own.sample(kinds, own.choice((1, 1, 2)))):
            body = MAKERS[kind](own, page, donors if donors else others)
            titled = page
            if headlines == "rewritten":
                titled = replace(page, title=rewritten_headline(own, others))
            form, text = saved(own, kind, titled, body, others)
            copy = f"{index:04d}_{page.ident}.{number + 1}-{kind}.{form}"
            (out / copy).write_text(text, "utf-8")
            library.truth[copy] = story[page.ident]
            library.kind[copy] = kind
            library.origin[copy] = name
            library.title[copy] = page.title
            library.form[copy] = form
    (out / "truth.json").write_text(json.dumps(library.truth, indent=0, sort_keys=True), "utf-8")
    return library, pages


# --- running reader and scoring


def run_threads(out: Path, home: Path) -> list[dict]:
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    done = subprocess.run(
        [sys.executable, "-m", "reader", "threads", str(out), "--json", "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode not in (0, 1):
        sys.exit(f"reader threads failed ({done.returncode}): {done.stderr[-2000:]}")
    for line in done.stderr.splitlines()[:20]:
        print(f"  reader: {line}", file=sys.stderr)
    return json.loads(done.stdout)


def score(out: Path, threads: list[dict]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(SCORER), str(out), "-", "--json", "--metrics-only"],
        input=json.dumps(threads),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def report(
    library: Library,
    pages: Sequence[Source],
    threads: list[dict],
    metrics: dict[str, float],
    worst: int,
) -> None:
    thread_of = {f: str(t["id"]) for t in threads for f in t["files"]}
    together = {f: thread_of.get(f, f"single:{f}") for f in library.truth}
    print(
        f"files {int(metrics['files'])}  stories {int(metrics['stories'])}  "
        f"threads {int(metrics['pred_clusters'])}\n"
        f"pair  P {metrics['pair_P']:.3f}  R {metrics['pair_R']:.3f}  F1 {metrics['pair_F1']:.3f}  "
        f"({int(metrics['correct_pairs'])} of {int(metrics['true_pairs'])} true pairs, "
        f"{int(metrics['pred_pairs'])} predicted)\n"
        f"B3    P {metrics['b3_P']:.3f}  R {metrics['b3_R']:.3f}  F1 {metrics['b3_F1']:.3f}"
    )
    print("\nrecall by kind of copy (page and copy in one thread):")
    hits: dict[str, list[str]] = defaultdict(list)
    misses: dict[str, list[str]] = defaultdict(list)
    for copy, kind in library.kind.items():
        if kind != "original":
            (hits if together[copy] == together[library.origin[copy]] else misses)[kind].append(
                copy
            )
    for kind in KINDS:
        n = len(hits[kind]) + len(misses[kind])
        if n:
            print(f"  {kind:13s} {len(hits[kind]) / n:.3f}  ({len(hits[kind])}/{n})")
    words = {f"{i:04d}_{p.ident}.html": p.words for i, p in enumerate(pages)}
    buckets: dict[str, list[bool]] = defaultdict(list)
    for copy, kind in library.kind.items():
        if kind != "original":
            size = words[library.origin[copy]]
            bucket = "<150" if size < 150 else "150-400" if size < 400 else "400+"
            buckets[bucket].append(together[copy] == together[library.origin[copy]])
    print(
        "  by the page's body words: "
        + ", ".join(
            f"{b} {sum(v) / len(v):.2f} ({sum(v)}/{len(v)})"
            for b in ("<150", "150-400", "400+")
            if (v := buckets[b])
        )
    )
    print("\nmissed copies:")
    for kind in KINDS:
        for copy in misses[kind][:worst]:
            print(
                f"  {kind:13s} {copy}  "
                f"(page: {library.origin[copy]}, {words[library.origin[copy]]} words)"
            )
    members: dict[str, list[str]] = defaultdict(list)
    for f, t in together.items():
        members[t].append(f)
    wrong = [
        (a, b)
        for fs in members.values()
        for a, b in combinations(sorted(fs), 2)
        if library.truth[a] != library.truth[b]
    ]
    print(f"\nwrong merges: {len(wrong)} file pairs")
    for a, b in wrong[: worst * 4]:
        print(
            f"  {a} [{library.kind[a]}] {library.title[a][:60]!r}\n"
            f"    ~ {b} [{library.kind[b]}] {library.title[b][:60]!r}"
        )
    by_site: dict[str, list[str]] = defaultdict(list)
    for i, page in enumerate(pages):
        by_site[page.site].append(f"{i:04d}_{page.ident}.html")
    site_pairs = [
        (a, b)
        for fs in by_site.values()
        for a, b in combinations(fs, 2)
        if library.truth[a] != library.truth[b]
    ]
    joined = [(a, b) for a, b in site_pairs if together[a] == together[b]]
    sites = sum(1 for fs in by_site.values() if len(fs) > 1)
    print(f"\nsame-site page pairs: {len(site_pairs)} (of {sites} sites), joined: {len(joined)}")
    for a, b in joined[:worst]:
        print(f"  {a} ~ {b}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="the library folder (default: a temporary one)")
    parser.add_argument(
        "--donors",
        choices=("held-out", "library"),
        default="held-out",
        help="whose text the copies' new paragraphs are: pages left out of the library"
        " (default), or the library's own other pages (then a copy also quotes another story)",
    )
    parser.add_argument(
        "--headlines",
        choices=("kept", "rewritten"),
        default="kept",
        help="the copies' headlines: the page's (default), or each a new one naming no story",
    )
    parser.add_argument("--worst", type=int, default=8, help="examples listed of each failure")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    temp = Path(tempfile.mkdtemp(prefix="copies-synth-"))
    out = args.out or temp / "library"
    if out.exists() and any(out.iterdir()):
        sys.exit(f"{out}: not empty")

    def log(message: str) -> None:
        print(message, file=sys.stderr)

    try:
        library, pages = build(
            out, args.pages, args.seed, log, args.donors == "held-out", args.headlines
        )
        kinds = Counter(library.kind.values())
        log(
            f"library {out}: {len(library.truth)} files, "
            + ", ".join(f"{k} {n}" for k, n in kinds.items())
        )
        (temp / "synth.json").write_text(
            json.dumps(
                {"kind": library.kind, "origin": library.origin, "title": library.title}, indent=0
            ),
            "utf-8",
        )
        started = time.perf_counter()
        threads = run_threads(out, temp)
        log(f"reader threads: {time.perf_counter() - started:.1f} s")
        (temp / "threads.json").write_text(json.dumps(threads), "utf-8")
        report(library, pages, threads, score(out, threads), args.worst)
    finally:
        if args.out is None:
            shutil.rmtree(temp / "library", ignore_errors=True)
        log(f"kept: {temp}/synth.json, {temp}/threads.json")


if __name__ == "__main__":
    main()
