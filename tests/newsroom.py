"""Stories made up for the thread tests: prose that is the same wherever a
story is copied and different between stories, and pages built of it the way
sites build them (a standfirst, a teaser, a related story, a disclaimer)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

from reader.model import Article, ArticleInfo, Block, BlockKind, Fold, PageKind
from reader.pipeline import info_of
from reader.threads import Fingerprint, fingerprint

WORDS = (
    "council harbour ferry fares spring port board members plan ticket price rise "
    "passengers island service winter timetable route crossing vessel engine repair "
    "budget million pounds report minister government week month year morning evening "
    "residents campaign group petition meeting hall town mayor officer police road "
    "bridge river flood water rain storm wind coast beach school pupils teachers parents "
    "hospital doctors nurses patients ward health museum gallery paintings collection "
    "visitors library books readers volunteers lighthouse keepers tower lamp beacon "
    "fishermen boats quay market traders shops prices food fuel energy bills homes "
    "houses builders planning permission site land farm farmers crops harvest weather "
    "forecast office figures data survey study research university students jobs "
    "workers union strike talks deal offer pay wages company firm shares profits sales "
    "customers orders online website app phone network signal broadband village church "
    "festival music concert stage crowd tickets tourists hotel rooms summer holiday"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
    return " ".join(words).capitalize() + "."


def paragraphs(name: str, count: int = 8) -> list[str]:
    """`count` paragraphs of a story of its own (the same for the same name)."""
    rng = random.Random(name)
    return [" ".join(_sentence(rng) for _ in range(rng.randint(2, 3))) for _ in range(count)]


def page(
    name: str,
    title: str,
    texts: Sequence[str],
    *,
    day: dt.date | None = None,
    related: Sequence[str] = (),
    folds: Sequence[Fold] = (),
) -> Article:
    """A page of these paragraphs (and, folded as related stories, these)."""
    blocks = [Block(BlockKind.PARAGRAPH, text) for text in [*texts, *related]]
    all_folds = list(folds)
    if related:
        all_folds.append(Fold("related", "related stories", len(texts), len(blocks), "test"))
    return Article(
        path=Path(f"/library/{name}.txt"),
        kind=PageKind.TEXT,
        title=title,
        blocks=tuple(blocks),
        folds=tuple(all_folds),
        published=day,
        ident=name,
    )


def library(pages: Sequence[Article]) -> tuple[list[ArticleInfo], list[Fingerprint]]:
    """What the grouping is given of these pages: their infos and fingerprints."""
    return [info_of(a) for a in pages], [fingerprint(a) for a in pages]


def key(name: str) -> str:
    return str(Path(f"/library/{name}.txt"))


def partition(threads: Sequence[object]) -> list[list[str]]:
    """The threads as sorted lists of page names."""
    out = []
    for thread in threads:
        out.append(sorted(Path(a.key).stem for a in thread.articles))  # type: ignore[attr-defined]
    return sorted(out)


def unsampled_lede() -> str:
    """A one-sentence teaser none of whose hashes is in the sample, so it has
    no text keys to be found by (a text of 16 hashes is so one time in a
    hundred): found in a fixed sequence of made-up sentences."""
    words = "harbour board ferry fares rise spring port tuesday council boats fuel".split()
    rng = random.Random(7)
    for _ in range(2000):
        lede = " ".join(rng.choice(words) for _ in range(14)).capitalize() + "."
        if not fingerprint(page("probe", "Probe", [lede])).sample:
            return lede
    raise AssertionError("no such lede")
