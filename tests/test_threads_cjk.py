"""Copies and titles in Chinese and Japanese, written without spaces between words."""

from __future__ import annotations

from reader.threads import fingerprint_text
from reader.threads.match import measure
from reader.threads.titles import names, titles_match

STORY = (
    "港务局周二投票决定重建北码头。这座码头自一九一一年起就矗立在那里，去年冬天起禁止车辆通行。"
    "工程将于三月开始，届时渡轮时刻表将迁往南码头，预计需要两个夏天才能完工。旧的木甲板将保留下来，"
    "用于沿码头新建的步道。"
)


def test_a_chinese_copy_edited_in_one_word_is_still_most_of_the_story() -> None:
    edited = STORY.replace("两个夏天", "三个夏天")
    a, b = fingerprint_text(STORY), fingerprint_text(edited)
    assert len(a) > 50  # a character a word: a paragraph is many runs of five
    match = measure(list(b.shingles), list(a.shingles))
    assert match.same_story and match.ordered > 0.8


def test_identical_chinese_titles_match_and_other_stories_on_the_site_do_not() -> None:
    assert titles_match("蔡健雅_百度百科", "蔡健雅_百度百科")
    assert not titles_match("蔡健雅_百度百科", "周杰伦_百度百科")
    assert names("港务局决定重建北码头", "港务局决定重建北码头", ())
