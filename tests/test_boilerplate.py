"""Folding: the seeds' junk is folded, their article never is; every catalogue rule is tested."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader import read_article
from reader.boilerplate import fold, load_catalogue, mark, recurring
from reader.boilerplate.rules import Region
from reader.model import Article, Block, BlockKind, PageKind
from reader.pipeline import info_of

from .conftest import DAILY8_SEED, FIXTURES, INKL_SEED

CATALOGUE = load_catalogue(None)


def _folded(article: Article) -> list[tuple[str, str, str]]:
    """Each fold as (kind, first line, last line)."""
    return [
        (f.kind, article.blocks[f.start].text, article.blocks[f.end - 1].text)
        for f in article.folds
    ]


def _article(*texts: str) -> Article:
    return Article(
        path=Path("x.txt"),
        kind=PageKind.TEXT,
        title="x",
        blocks=tuple(Block(BlockKind.PARAGRAPH, t) for t in texts),
    )


def test_inkl_seed_header_paywall_and_footer_are_folded() -> None:
    article = read_article(INKL_SEED, CATALOGUE)
    assert _folded(article) == [
        ("promo", "Get all your news in one place.", "Start reading"),
        ("paywall", "Sign up to read this article", "Already a member? Sign in here"),
        ("related", "Related Stories", "100+ trusted global sources."),
    ]
    assert {f.aggregator for f in article.folds} == {"inkl"}


def test_daily8_seed_furniture_and_related_articles_are_folded() -> None:
    article = read_article(DAILY8_SEED, CATALOGUE)
    folded = _folded(article)
    assert folded[:3] == [
        ("tags", "Hashtags", "Hashtags"),
        ("promo", "Try Our AI Features", "Explore what Daily8 AI can do for you:"),
        ("comments", "Comments", "No comments yet..."),
    ]
    kind, first, last = folded[3]
    assert (kind, first) == ("related", "Related Articles")
    assert last.startswith("Hossein Salami, the commander")
    related = article.folds[3]
    inside = " ".join(b.text for b in article.blocks[related.start : related.end])
    for story in (
        "UN officials urge Israel, Iran",
        "Amir, US president discuss",
        "Who was Hossein Salami",
    ):
        assert story in inside
    assert len(folded) == 4


@pytest.mark.parametrize("seed", [INKL_SEED, DAILY8_SEED])
def test_no_paragraph_of_the_seed_article_is_folded(seed: Path) -> None:
    article = read_article(seed, CATALOGUE)
    body = article.body_text()
    first = "Turkish and Israeli officials have begun talks aimed at easing tensions in Syria"
    last = "Turkish President Recep Tayyip Erdogan has been an outspoken critic"
    assert first in body and last in body
    paragraphs = [b for b in article.body if b.kind is BlockKind.PARAGRAPH]
    assert len(paragraphs) == 12


RULES = [(rule.id, example) for rule in CATALOGUE.rules for example in rule.examples]


def test_every_rule_has_examples() -> None:
    assert all(rule.examples for rule in CATALOGUE.rules), [
        rule.id for rule in CATALOGUE.rules if not rule.examples
    ]


@pytest.mark.parametrize(("rule_id", "example"), RULES, ids=[f"{r}:{e[:30]}" for r, e in RULES])
def test_each_catalogue_rule_folds_its_examples(rule_id: str, example: str) -> None:
    prose = (
        "The council said on Tuesday that the new timetable would start in May, "
        "after a long consultation with passengers and staff."
    )
    # On the aggregator's own page, where its rules may claim every line they know.
    aggregator = next(r.aggregator for r in CATALOGUE.rules if r.id == rule_id)
    article = replace(_article(prose, example), aggregator=aggregator)
    folded = fold(article, CATALOGUE)
    assert [(f.rule, f.start) for f in folded.folds] == [(rule_id, 1)]


def test_a_long_paragraph_quoting_a_rule_phrase_is_not_folded() -> None:
    paragraph = (
        "The minister told reporters that readers who sign up to read this article on the "
        "agency's site will find the figures, which show that related stories about the "
        "budget have been among the most read of the year, and that advertisement spending fell."
    )
    assert fold(_article(paragraph), CATALOGUE).folds == ()


@pytest.mark.parametrize(
    "line",
    [
        "Member-only events return to the club",
        "More from the council next week.",
        "Follow the vote live",
        "40 comments came in by Friday",
    ],
)
def test_a_line_that_only_starts_like_a_label_is_not_folded(line: str) -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    assert fold(_article(prose, line, prose), CATALOGUE).folds == ()


def test_lines_of_numbers_outside_the_story_are_folded_as_counters_and_inside_stay() -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    article = fold(_article("9.7K", "40", prose, "83-3", prose, "1 · 2 · 3"), CATALOGUE)
    assert [(f.rule, f.start, f.end) for f in article.folds] == [
        ("structure.counts", 0, 2),
        ("structure.counts", 5, 6),
    ]


def test_a_short_region_stops_at_the_next_paragraph() -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    article = fold(_article("Share this article", "Facebook", "WhatsApp", prose), CATALOGUE)
    assert [(f.kind, f.start, f.end) for f in article.folds] == [("share", 0, 3)]


def test_a_menu_of_short_lines_before_the_article_is_folded() -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    article = fold(_article("Home", "News", "Sport", "Weather", "Local", prose), CATALOGUE)
    assert [(f.kind, f.rule, f.start, f.end) for f in article.folds] == [
        ("nav", "structure.menu", 0, 5)
    ]


def test_a_menu_bar_pasted_as_one_line_outside_the_story_is_folded() -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    bar = "News  Markets  Events  Magazine  Jobs"
    article = fold(_article("Ann Lee · 3 May · Reuters", bar, prose, bar, prose), CATALOGUE)
    assert [(f.rule, f.start, f.end) for f in article.folds] == [("structure.menu", 1, 2)]


def test_a_bar_of_three_items_is_folded_when_the_rules_know_one_of_them() -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    bars = ("Save to Board · Share · Mark as Unread", "Subscribe | e-Edition | Log in")
    article = fold(_article(prose, *bars), CATALOGUE)
    assert [(f.kind, f.start) for f in article.folds] == [("share", 1), ("nav", 2)]
    fields = fold(_article(prose, "Ann Lee · 3 May 2024 · Harbour News"), CATALOGUE)
    assert fields.folds == ()


def test_menu_items_the_rules_know_make_a_menu_with_one_they_do_not() -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    items = ("Open in app", "Sign up", "Sign in")
    with_one = fold(_article(*items, "Write", prose), CATALOGUE)
    assert [(f.rule, f.start, f.end) for f in with_one.folds] == [("structure.menu", 0, 4)]
    alone = fold(_article(*items, "Open in app", prose), CATALOGUE)
    assert "structure.menu" not in {f.rule for f in alone.folds}


def test_short_lines_between_paragraphs_are_not_taken_for_a_menu() -> None:
    prose = "The council said on Tuesday that the timetable would start in May, after a long talk."
    article = fold(_article(prose, "Apples", "Pears", "Plums", "Figs", prose), CATALOGUE)
    assert article.folds == ()


def test_user_rules_add_replace_and_disable(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        """
[[rule]]
id = "mine.promo"
kind = "promo"
label = "Harbour News promo"
lines = ["Get Harbour News on your phone"]

[[rule]]
id = "generic.advert"
enabled = false

[[rule]]
id = "inkl.paywall"
kind = "paywall"
label = "my paywall"
lines = ["Sign up to read this article"]
""",
        encoding="utf-8",
    )
    catalogue = load_catalogue(rules)
    assert catalogue.problems == ()
    assert catalogue.match("Get Harbour News on your phone").id == "mine.promo"
    assert catalogue.match("Advertisement") is None
    assert catalogue.match("Sign up to read this article").label == "my paywall"


def test_a_broken_user_rules_file_is_reported_and_the_catalogue_still_works(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nid = "bad"\nkind = "ad"\npatterns = ["("]\n[[rule]]\nid=', "utf-8")
    catalogue = load_catalogue(rules)
    assert len(catalogue.problems) == 1 and str(rules) in catalogue.problems[0]
    assert catalogue.match("Advertisement") is not None


def test_a_bad_rule_is_reported_and_the_others_kept(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\nid = "bad"\nkind = "ad"\npatterns = ["("]\n'
        '[[rule]]\nid = "good"\nkind = "ad"\nlines = ["Buy now"]\n'
        '[[rule]]\nid = "odd"\nkind = "ad"\nlines = ["x"]\nregion = "sideways"\n',
        "utf-8",
    )
    catalogue = load_catalogue(rules)
    assert len(catalogue.problems) == 2
    assert catalogue.match("Buy now").id == "good"


def test_regions_are_one_of_three_modes() -> None:
    assert {rule.region for rule in CATALOGUE.rules} <= {None, *Region}


@pytest.mark.parametrize(
    "sentence",
    [
        "Supported by the executive committee, the board launched the programme.",
        "Thank you for reading the report, the minister told MPs on Tuesday.",
        "Promoted to captain in May, she led the team to the title.",
        "Tweet by tweet, the row escalated over the weekend.",
        "Back to top form, the striker scored twice before half-time.",
        "We rely on the harbour for everything, one fisherman said.",
        "Comments are closed to the press until the inquiry reports, the council said.",
        "To read the full report, the committee said, MPs will need a week.",
        "Warning: the river may burst its banks in the town, on line 3 of the notice.",
        "Warning: Creating default object in /www/site/x.php on line 4\nThe council met on"
        " Tuesday to agree the budget for the coming year, its leader said.",
        "Subscribe to the paper's view or not, the figures are stark.",
        "Werden Sie nervös, wenn der Zug Verspätung hat?",
        "Abonnez-vous à la newsletter, disait l'affiche du café, mais personne ne l'a fait.",
        "Suscríbete a lo que quieras, dijo el alcalde, pero paga la cuota.",
        "Werden Sie Mitglied im Verein, rät der Experte, wenn Sie Anschluss suchen.",
    ],
)
def test_article_sentences_that_begin_like_a_rule_are_not_folded(sentence: str) -> None:
    assert not CATALOGUE.is_boilerplate(sentence)


def test_mark_is_none_for_article_text() -> None:

    article = read_article(FIXTURES / "text" / "blank.txt", CATALOGUE)
    assert mark(article.blocks, CATALOGUE) == [None] * len(article.blocks)


DISCLAIMER = (
    "This story was produced by the Coastal Reporting Collaborative, an independent "
    "newsroom, and is republished here under a Creative Commons licence."
)


def _story(n: int) -> Article:
    return _article(
        f"Story {n}: the harbour master said on day {n} that the boats would sail again "
        "once the storm had passed and the pier was repaired.",
        f"A second paragraph of story {n}, about the ferry timetable and the new fares.",
        DISCLAIMER,
    )


def test_text_that_closes_many_stories_is_folded_as_the_sites() -> None:
    stories = [_story(n) for n in range(4)]
    common = recurring([info_of(story)] for story in stories)
    folded = fold(stories[0], CATALOGUE, common)
    assert [(f.kind, f.start) for f in folded.folds] == [("repeated", 2)]
    assert DISCLAIMER not in folded.body_text()


def test_copies_of_one_story_do_not_make_its_text_recurring() -> None:
    copies = [info_of(_story(1)) for _ in range(4)]
    assert recurring([copies]) == frozenset()
    three = [[info_of(_story(n))] for n in range(3)]
    assert recurring(three) == frozenset()  # three stories: too few


_STORY = [
    "Rio Ferdinand has said he is unsure of Malcolm Glazer's motives after the American "
    "launched a new offer to buy the club.",
    "The club have confirmed that the family partnership have submitted proposals of a "
    "third bid, the second this year.",
    '"No one knows what this guy will be bringing to the table," the defender added on '
    "a radio programme on Sunday.",
    "Glazer currently owns a 28.1% stake in the club, and the board said it had received "
    "a detailed proposal subject to conditions.",
]


def test_an_end_region_opened_above_the_article_ends_at_its_first_paragraph() -> None:
    # A "Most Popular" rail printed before the story, in document order.
    article = fold(
        _article(
            "Most Popular",
            "1. WMC Says Xstrata Bid Is Too Low",
            "2. Hague's six-figure earnings shown",
            "3. Blues slam Blackburn over Savage",
            *_STORY,
        ),
        CATALOGUE,
    )
    assert _folded(article) == [("related", "Most Popular", "3. Blues slam Blackburn over Savage")]
    assert article.body_text() == "\n\n".join(_STORY)


def test_an_end_region_after_the_article_still_runs_to_the_end() -> None:
    # Teasers with a sentence each, under their headlines: a box, not the story going on.
    teasers = [
        "Ferry fares to rise in spring",
        "The operator said on Monday that fares on every route would rise by four per cent "
        "from April.",
        "Harbour wall repairs begin",
        "Work on the harbour wall began on Tuesday and is expected to last until the end of "
        "the summer.",
        "Council approves new bus lanes",
        "Councillors voted on Wednesday to approve the new bus lanes on the coast road, "
        "despite objections.",
    ]
    article = fold(_article(*_STORY, "Related stories", *teasers), CATALOGUE)
    assert _folded(article) == [("related", "Related stories", teasers[-1])]
    assert article.body_text() == "\n\n".join(_STORY)


def test_a_related_box_inside_the_article_ends_where_its_prose_resumes() -> None:
    article = fold(
        _article(
            *_STORY[:2],
            "Related",
            "Glazer's first bid rejected",
            "United fans protest at Old Trafford",
            *_STORY[2:],
            "The club's shares rose by three per cent after the statement was published on "
            "Monday morning.",
        ),
        CATALOGUE,
    )
    assert _folded(article) == [("related", "Related", "United fans protest at Old Trafford")]
    assert _STORY[-1] in article.body_text()


def test_a_generic_line_that_an_aggregator_also_prints_claims_no_page_for_it() -> None:
    # A tabloid's "RELATED STORIES" box: inkl's footer has that line too.
    article = fold(_article(*_STORY, "RELATED STORIES", "Ferry fares to rise"), CATALOGUE)
    assert article.aggregator is None
    assert [f.rule for f in article.folds] == ["generic.related"]


def test_an_aggregators_own_lines_are_evidence_for_its_generic_ones() -> None:
    article = fold(
        _article("Get all your news in one place.", *_STORY, "Related Stories", "Our Picks"),
        CATALOGUE,
    )
    assert article.aggregator == "inkl"
    assert [f.rule for f in article.folds] == ["inkl.banner", "inkl.footer"]


def test_an_address_on_the_aggregators_domain_is_evidence() -> None:
    page = replace(
        _article(*_STORY, "Related Stories", "Ferry fares to rise"),
        url="https://www.inkl.com/news/glazer-bid",
    )
    assert fold(page, CATALOGUE).aggregator == "inkl"
    elsewhere = replace(page, url="https://www.inkl.com.example.org/news")
    assert fold(elsewhere, CATALOGUE).aggregator is None


def _with_roles(*blocks: tuple[str, str | None]) -> Article:
    return Article(
        path=Path("x.html"),
        kind=PageKind.HTML,
        title="x",
        blocks=tuple(Block(BlockKind.PARAGRAPH, text, 0, role) for text, role in blocks),
    )


def test_blocks_the_markup_places_in_comments_are_folded_as_comments() -> None:
    reply = "I crossed on that ferry every week for years, and it was never safe in a storm."
    article = fold(
        _with_roles(*((s, None) for s in _STORY), ("Ann Lee", "comments"), (reply, "comments")),
        CATALOGUE,
    )
    assert _folded(article) == [("comments", "Ann Lee", reply)]
    assert article.body_text() == "\n\n".join(_STORY)


def test_markup_that_would_fold_most_of_the_article_is_not_believed() -> None:
    # The whole story in an element named like a related box: the markup is wrong.
    article = fold(_with_roles((_STORY[0], None), *((s, "related") for s in _STORY[1:])), CATALOGUE)
    assert article.folds == ()


def test_a_paragraph_that_is_all_link_after_the_articles_last_prose_is_folded() -> None:
    article = fold(
        _with_roles(
            ("Back to the overview", "link"),
            *((s, None) for s in _STORY),
            ("Glazer's first bid for the club was rejected by the board", "link"),
            ("Back to the overview", "link"),
        ),
        CATALOGUE,
    )
    assert [(f.rule, f.start, f.end) for f in article.folds] == [
        ("structure.link", 0, 1),
        ("structure.link", 5, 7),
    ]
    assert article.body_text() == "\n\n".join(_STORY)


def test_a_paragraph_that_is_all_link_between_the_articles_paragraphs_stays() -> None:
    # A link set as its own paragraph inside the story: the report it cites.
    article = fold(
        _with_roles(
            *((s, None) for s in _STORY[:2]),
            ("The board's statement to the stock exchange", "link"),
            *((s, None) for s in _STORY[2:]),
        ),
        CATALOGUE,
    )
    assert article.folds == ()


def _heading(text: str, level: int = 2) -> Block:
    return Block(BlockKind.HEADING, text, level)


def _blocks(*blocks: Block | tuple[str, str | None]) -> Article:
    made = tuple(
        b if isinstance(b, Block) else Block(BlockKind.PARAGRAPH, b[0], 0, b[1]) for b in blocks
    )
    return replace(_with_roles(), blocks=made)


def test_a_heading_or_label_line_over_a_part_folded_whole_goes_with_the_fold() -> None:
    story = [(s, None) for s in _STORY]
    links = [("Glazer's first bid for the club was rejected", "link"), ("Fans march", "link")]
    for lead_in in (("Die Hintergründe:", None), _heading("The club in the news")):
        article = fold(_blocks(*story, lead_in, *links), CATALOGUE)
        assert [(f.rule, f.start, f.end) for f in article.folds] == [("structure.link", 4, 7)]
        assert article.body_text() == "\n\n".join(_STORY)


def test_a_heading_over_prose_or_over_nothing_stays() -> None:
    story = [(s, None) for s in _STORY]
    # A section that has a paragraph of its own, and a video's heading at the end.
    article = fold(
        _blocks(
            *story[:2],
            _heading("The bid"),
            story[2],
            ("Glazer's first bid for the club was rejected", "link"),
            _heading("Watch the interview below:"),
        ),
        CATALOGUE,
    )
    assert [(f.start, f.end) for f in article.folds] == [(4, 5)]
    assert "The bid" in article.body_text() and "Watch the interview" in article.body_text()


def test_every_role_the_markup_can_give_is_a_fold_kind() -> None:
    from reader.boilerplate.rules import LABELS
    from reader.extract.vocabulary import vocabulary

    vocab = vocabulary()
    roles = set(vocab.markup_tags.values()) | {role for role, _ in vocab.markup_words}
    assert roles <= set(LABELS)


def test_a_photo_credit_between_paragraphs_does_not_keep_a_related_box_open() -> None:
    # "Auch interessant" boxes stand inside German stories; the story goes on
    # after them, a credit line between its paragraphs.
    article = fold(
        _article(
            *_STORY[:2],
            "Related",
            "Glazer's first bid rejected",
            _STORY[2],
            "Photo: Ines Carter/Sipa USA",
            *_STORY[3:],
            "The club's shares rose by three per cent after the statement was published on "
            "Monday morning.",
        ),
        CATALOGUE,
    )
    assert [(f.kind, f.start, f.end) for f in article.folds] == [
        ("related", 2, 4),
        ("credit", 5, 6),
    ]


def test_a_pointer_to_another_story_takes_only_its_headline() -> None:
    article = fold(
        _article(*_STORY[:2], "Lesen Sie auch", "Glazer-Angebot abgelehnt", *_STORY[2:3]),
        CATALOGUE,
    )
    assert _folded(article) == [("related", "Lesen Sie auch", "Glazer-Angebot abgelehnt")]
    assert _STORY[2] in article.body_text()
