"""Threads: copies of one story together, other stories apart, the fullest copy first."""

from __future__ import annotations

from pathlib import Path

from reader import group_threads, read_article
from reader.boilerplate import load_catalogue
from reader.model import BlockKind
from reader.threads import MAX_BUCKET, Fingerprint, fingerprint, fingerprint_text, group_library

from .conftest import DAILY8_SEED, FIXTURES, INKL_SEED
from .newsroom import library, page, paragraphs, partition

LIBRARY = FIXTURES / "library"
CATALOGUE = load_catalogue(None)


def _names(paths: tuple[Path, ...]) -> list[str]:
    return [p.name for p in paths]


def test_the_two_seeds_are_one_thread_of_two() -> None:
    threads = group_threads(
        [read_article(INKL_SEED, CATALOGUE), read_article(DAILY8_SEED, CATALOGUE)]
    )
    assert len(threads) == 1
    assert len(threads[0]) == 2


def test_stories_in_a_related_block_never_join_the_thread(tmp_path: Path) -> None:
    # The three stories in Daily8's related block, saved as files of their own.
    daily8 = read_article(DAILY8_SEED, CATALOGUE)
    related = daily8.folds[-1]
    stories, current = [], []
    for block in daily8.blocks[related.start + 1 : related.end]:
        if block.kind is BlockKind.LIST_ITEM or block.text.endswith("ago"):
            continue  # "- Qatar Tribune", "2 hours ago"
        current.append(block.text)
        if len(current) == 3:  # source, headline, text
            stories.append(current)
            current = []
    assert len(stories) == 3
    articles = [read_article(INKL_SEED, CATALOGUE), daily8]
    for n, (_, headline, text) in enumerate(stories):
        path = tmp_path / f"related{n}.txt"
        path.write_text(f"{headline}\n\n{text}\n", encoding="utf-8")
        articles.append(read_article(path, CATALOGUE))
    threads = group_threads(articles)
    seed_thread = next(t for t in threads if DAILY8_SEED in t.paths)
    assert set(seed_thread.paths) == {INKL_SEED, DAILY8_SEED}
    assert len(threads) == 4


def test_a_teaser_joins_its_full_copy_and_an_embedding_page_does_not() -> None:
    articles = [read_article(p, CATALOGUE) for p in sorted(LIBRARY.iterdir())]
    threads = {t.title: _names(t.paths) for t in group_threads(articles)}
    assert threads["Harbour ferry fares to rise in spring"] == [
        "ferry-full.txt",
        "ferry-copy.html",
        "ferry-teaser.txt",
    ]
    assert threads["Lighthouse keepers return to Skerry Point"] == ["lighthouse-with-related.txt"]
    assert threads["Maritime museum reopens after flood repairs"] == ["museum.txt"]


def test_the_fullest_copy_leads() -> None:
    articles = [
        read_article(LIBRARY / n, CATALOGUE) for n in ("ferry-teaser.txt", "ferry-full.txt")
    ]
    (thread,) = group_threads(articles)
    assert thread.lead.path.name == "ferry-full.txt"


def test_a_copy_with_a_title_of_its_own_leads_one_titled_from_its_file_name(
    tmp_path: Path,
) -> None:
    full = (LIBRARY / "ferry-full.txt").read_text(encoding="utf-8")
    body = full.split("\n\n", 1)[1]
    (tmp_path / "a1b2c3.txt").write_text(body + "\n\nOne more paragraph of the story.\n")
    (tmp_path / "ferry.txt").write_text(full)
    articles = [read_article(p, CATALOGUE) for p in sorted(tmp_path.iterdir())]
    assert articles[0].title == "a1b2c3"  # no headline, and the longer copy
    (thread,) = group_threads(articles)
    assert thread.title == "Harbour ferry fares to rise in spring"


def test_quotes_dashes_case_and_spacing_do_not_change_a_fingerprint() -> None:

    a = fingerprint_text("He said “the fares – all of them – will RISE” on   Tuesday.")
    b = fingerprint_text('he said "the fares - all of them - will rise" on Tuesday.')
    assert a == b


def test_text_shared_by_too_many_files_is_not_evidence() -> None:
    # A long paragraph that more than MAX_BUCKET pages share, each with a story of its own.
    shared = paragraphs("furniture", 1)[0]
    pages = [
        page(f"p{n}", f"Story number {n}", [shared, *paragraphs(f"own {n}", 1)])
        for n in range(MAX_BUCKET + 5)
    ]
    grouping = group_library(*library(pages))
    assert all(len(thread) == 1 for thread in grouping.threads)


def test_short_texts_are_too_short_to_join() -> None:
    pages = [page(name, "Read more", ["Read more here"]) for name in ("a", "b")]
    assert partition(group_library(*library(pages)).threads) == [["a"], ["b"]]


def test_thread_order_is_newest_first_then_by_title() -> None:
    articles = [read_article(p, CATALOGUE) for p in sorted(LIBRARY.iterdir())]
    titles = [t.title for t in group_threads(articles)]
    assert titles[0] == "Harbour ferry fares to rise in spring"  # the only dated story
    assert titles[1:] == sorted(titles[1:], key=str.casefold)


DISCLAIMER = (
    "The information in this article is provided for general purposes only and is not "
    "financial, legal or tax advice. Readers should seek independent advice that takes "
    "their own circumstances into account before acting on anything published here, and "
    "the publisher accepts no liability for any loss arising from reliance on it."
)


def _brief(tmp_path: Path, name: str, title: str, lede: str) -> Path:
    path = tmp_path / name
    path.write_text(f"{title}\n\n{lede}\n\n{DISCLAIMER}\n", encoding="utf-8")
    return path


def test_briefs_sharing_only_a_long_disclaimer_stay_apart(tmp_path: Path) -> None:
    paths = [
        _brief(
            tmp_path,
            "a.txt",
            "Ferry fares to rise",
            "Ferry fares will rise by a tenth in April, the port said.",
        ),
        _brief(
            tmp_path,
            "b.txt",
            "Museum reopens",
            "The maritime museum reopened on Saturday after the flood.",
        ),
        _brief(
            tmp_path,
            "c.txt",
            "Ferry fares to rise",
            "Ferry fares will rise by a tenth in April, the port said.",
        ),
    ]
    threads = group_threads([read_article(p, CATALOGUE) for p in paths])
    assert sorted(sorted(_names(t.paths)) for t in threads) == [["a.txt", "c.txt"], ["b.txt"]]


def test_a_story_of_a_few_long_paragraphs_is_one_thread_under_a_new_opening() -> None:
    # Each copy's last two paragraphs are most of it: the story, not a sign-off.
    body = [" ".join(paragraphs("vote", 8)[:4]), " ".join(paragraphs("vote", 8)[4:])]
    pages = [
        page("vote", "Tenants vote on the estate's future", [paragraphs("intro", 1)[0], *body]),
        page("update", "Tenants vote on the estate's future", [*paragraphs("new", 2), *body]),
    ]
    assert partition(group_library(*library(pages)).threads) == [["update", "vote"]]


def test_briefs_under_titles_of_their_own_over_one_long_closing_paragraph_stay_apart() -> None:
    closing = " ".join(paragraphs("disclaimer", 5))  # most of each
    pages = [
        page("ferry", "Ferry fares to rise", [paragraphs("ferry", 1)[0], closing]),
        page("museum", "Museum reopens after the flood", [paragraphs("museum", 1)[0], closing]),
    ]
    assert partition(group_library(*library(pages)).threads) == [["ferry"], ["museum"]]


def test_captions_do_not_count_for_or_against_a_match() -> None:
    article = read_article(INKL_SEED, CATALOGUE)
    caption = next(b.text for b in article.blocks if b.kind is BlockKind.CAPTION)
    shingle_text = " ".join(caption.split()[:5])
    assert fingerprint_text(shingle_text).shingles[0] not in set(fingerprint(article).shingles)


def test_a_fingerprint_survives_a_round_trip_through_bytes() -> None:
    original = fingerprint(read_article(INKL_SEED, CATALOGUE))
    assert Fingerprint.from_bytes(original.to_bytes()) == original
    assert original.sample and all(h % 4 == 0 for h in original.sample)
