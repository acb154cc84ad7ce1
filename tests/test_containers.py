"""The formats' heuristics, each where it must fire and where it must not:
which files are listed, how a mailbox is split, which MIME part is the page,
which Markdown is a clipping or an export, and how a member is named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.formats import family_of, load, load_pages, wanted
from reader.formats.exports import sniff, wallabag_md_pages
from reader.formats.frontmatter import markdown_page, split
from reader.formats.mime import _messages, mail_page, mhtml_page
from reader.model import ArticleError, Page, PageKind, article_key
from reader.pipeline import read_article, split_key
from reader.scan import scan
from tests.hostile import HUGE_MBOX_BYTES, html_page, html_paragraphs, paragraphs, write_huge_mbox


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("a.html.gz", "gzip"),
        ("a.warc.gz", "warc"),
        ("a.zip.html", "singlefile-zip"),
        ("A.MHT", "mhtml"),
        ("Ledger.mbox/mbox", "mbox"),
        ("notes/mbox", None),  # a file named mbox outside Apple Mail's folder
        ("backup.tar.gz", None),
        ("photo.zip", None),
        (".gz", None),
        ("story.md", "markdown"),
    ],
)
def test_names_decide_the_family_double_suffixes_first(name: str, family: str | None) -> None:
    assert family_of(name) == family


def test_json_and_csv_are_listed_only_when_their_first_bytes_are_an_export(tmp_path: Path) -> None:
    assert sniff("csv", b"title,url,time_added,tags,status\n")
    assert sniff("csv", b'"URL","Title","Selection","Folder","Timestamp"\n')
    assert not sniff("csv", b"month,amount\njan,12\n")
    assert sniff("json", b'[{"is_archived":1,"is_starred":0,"tags":[],"id":1,"title":"x"}]')
    assert not sniff("json", b'{"theme": "dark"}')
    assert not sniff("json", b'[{"slug": "a", "title": "Omnivore metadata"}]')
    (tmp_path / "budget.csv").write_text("month,amount\n")
    assert not wanted(tmp_path / "budget.csv")
    assert wanted(tmp_path / "story.html")  # other names: no look inside


def test_a_pages_asset_folder_is_skipped_only_beside_its_page(tmp_path: Path) -> None:
    for folder in ("saved_files", "lonely_files"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "frame.html").write_text(html_page("Frame", html_paragraphs(1)))
    (tmp_path / "saved.html").write_text(html_page("Saved", html_paragraphs()))
    names = {p.relative_to(tmp_path).as_posix() for p in scan(tmp_path).paths}
    assert names == {"saved.html", "lonely_files/frame.html"}


def test_highlights_are_skipped_only_in_an_omnivore_export(tmp_path: Path) -> None:
    for root, metadata in (("omnivore", True), ("notes", False)):
        (tmp_path / root / "content").mkdir(parents=True)
        (tmp_path / root / "highlights").mkdir()
        (tmp_path / root / "highlights" / "a.md").write_text("> a highlight\n")
        if metadata:
            (tmp_path / root / "metadata_0_to_1.json").write_text("[]")
    names = {p.relative_to(tmp_path).as_posix() for p in scan(tmp_path).paths}
    assert names == {"notes/highlights/a.md"}


def test_mbox_messages_start_at_from_lines_and_mboxrd_quoting_is_undone(tmp_path: Path) -> None:
    data = (
        b"From a@b Mon Jun  2 07:00:00 2025\nSubject: One\n\nFirst body\n>From the archive\n"
        b"From the editor, with no date\n\n"
        b"From c@d Tue Jun  3 07:00:00 2025\nSubject: Two\n\nSecond body\n"
    )
    messages = [m for m, _ in _messages(io.BytesIO(data))]
    assert len(messages) == 2  # "From the editor" has no date: a body line
    path = tmp_path / "a.mbox"
    path.write_bytes(data)
    first = next(p for p in load_pages(path) if isinstance(p, Page))
    assert "\nFrom the archive" in first.text and ">From" not in first.text


def test_a_500_mb_mailbox_is_streamed_and_its_oversized_message_skipped(tmp_path: Path) -> None:
    path = tmp_path / "huge.mbox"
    write_huge_mbox(path)
    assert path.stat().st_size > HUGE_MBOX_BYTES
    found = list(load_pages(path))
    pages = [p for p in found if isinstance(p, Page)]
    assert [p.member for p in pages] == [1, 3]
    assert "The last letter" in pages[1].text
    assert any("too large" in p.reason for p in found if not isinstance(p, Page))


def _mhtml(parts: list[tuple[str, str]]) -> bytes:
    body = "".join(f"--B\r\n{head}\r\n\r\n{text}\r\n" for head, text in parts)
    return ('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n'
            + body + "--B--\r\n").encode()  # fmt: skip


def test_mhtml_reads_the_first_html_part_that_is_not_an_iframe(tmp_path: Path) -> None:
    frame = (
        "Content-Type: text/html\r\nContent-Location: cid:frame-1@mhtml.blink",
        "<p>An advert in a frame</p>",
    )
    page = (
        "Content-Type: text/html\r\nContent-ID: <frame-0@mhtml.blink>\r\n"
        "Content-Location: https://example.com/a",
        html_page("The page", html_paragraphs()),
    )
    assert "The page" in mhtml_page(tmp_path / "a.mhtml", _mhtml([frame, page])).text
    assert "The page" in mhtml_page(tmp_path / "a.mhtml", _mhtml([page, frame])).text
    with pytest.raises(ArticleError, match="no HTML page"):
        mhtml_page(tmp_path / "a.mhtml", _mhtml([frame]))


def test_a_mail_prefers_its_html_part_and_falls_back_to_text(tmp_path: Path) -> None:
    alternative = (
        b"Subject: =?utf-8?q?Caf=C3=A9_news?=\r\nFrom: Jane Doe from The Letter <a@b.example>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="A"\r\n\r\n'
        b"--A\r\nContent-Type: text/plain\r\n\r\nPlain words\r\n"
        b"--A\r\nContent-Type: text/html\r\n\r\n<p>Rich words</p>\r\n--A--\r\n"
    )
    page = mail_page(tmp_path / "a.eml", alternative)
    assert page.kind is PageKind.HTML and "Rich words" in page.text
    assert (page.title, page.byline, page.source) == ("Café news", "Jane Doe", "The Letter")
    plain = alternative.replace(b"text/html", b"image/png")
    assert "Plain words" in mail_page(tmp_path / "a.eml", plain).text


def test_front_matter_is_read_only_when_it_opens_the_file() -> None:
    meta, body = split("---\ntitle: Clipped\nsource: https://example.com/a\n---\nBody\n")
    assert meta["title"] == "Clipped" and body == "Body\n"
    text = "Intro\n\n---\ntitle: not front matter\n---\n"
    assert split(text) == ({}, text)
    unclosed = "---\ntitle: never closed\n\nBody\n"
    assert split(unclosed) == ({}, unclosed)


def test_front_matter_builds_no_objects(tmp_path: Path) -> None:
    data = b"---\ntitle: !!python/object/apply:os.system ['echo owned']\n---\nBody text here.\n"
    page = markdown_page(tmp_path / "a.md", data)
    assert page.title is None and "!!python" in page.text  # YAML refused it: read as text


def test_wallabag_markdown_is_split_only_when_it_opens_with_setext_titles(tmp_path: Path) -> None:
    def page(text: str) -> Page:
        return Page(tmp_path / "a.md", PageKind.MARKDOWN, text, "utf-8", len(text))

    export = "First story\n===========\n\nOne.Second story\n============\n\nTwo.\n"
    entries = list(wallabag_md_pages(page(export)) or [])
    assert [e.title for e in entries] == ["First story", "Second story"]
    assert "One." in entries[0].text and "Second story" not in entries[0].text
    note = "My notes\n\nSome text.\n\nPart one\n========\n\nPart two\n========\n"
    assert wallabag_md_pages(page(note)) is None  # does not open with a title
    assert wallabag_md_pages(page("Only one\n========\n\nText.\n")) is None


def test_article_keys_name_the_file_or_its_nth_member(tmp_path: Path) -> None:
    assert article_key("/lib/mail.mbox", 3) == "/lib/mail.mbox#3"
    assert article_key("/lib/story.html") == "/lib/story.html"
    assert split_key("/lib/mail.mbox#3") == (Path("/lib/mail.mbox"), 3)
    real = tmp_path / "odd#2"  # a file of that very name is itself
    real.write_text("x")
    assert split_key(real) == (real, 0)
    assert split_key("/lib/notes#draft.md") == (Path("/lib/notes#draft.md"), 0)


def test_read_article_reads_the_nth_member_and_says_when_there_is_none(tmp_path: Path) -> None:
    mbox = tmp_path / "two.mbox"
    mbox.write_bytes(
        b"".join(
            f"From a@b Mon Jun  2 07:00:00 2025\nSubject: Letter {n}\n"
            f"Content-Type: text/plain\n\n{paragraphs(3)}\n\n".encode()
            for n in (1, 2)
        )
    )
    article = read_article(f"{mbox}#2")
    assert article.title == "Letter 2" and article.place == "message 2 of 2"
    assert article.key == f"{mbox}#2"
    with pytest.raises(ArticleError, match="no article 3"):
        read_article(f"{mbox}#3")
    assert load(mbox, member=1).title == "Letter 1"


_REPLY = (
    "From: Ann Lee <ann@mail.example>\n"
    "To: Jo Marsh <jo@mail.example>\n"
    "Subject: Re: Ferry fares to rise in spring\n"
    "Date: Thu, 1 Jan 2026 03:50:07 +0000\n"
    "\n"
    "Worth a read.\n"
    "\n"
    "On Fri, 19 Dec 2025, Jo Marsh <jo@mail.example> wrote:\n"
    "> Ferry fares across the harbour will rise by ten percent from April, the\n"
    "> port said on Tuesday.\n"
    ">\n"
    "> Season tickets will rise by less, and children travel free.\n"
)


def test_a_mail_saved_as_text_is_read_as_a_mail_and_its_quotes_unmarked(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(_REPLY, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Ferry fares to rise in spring"
    # Ann Lee replied: she neither wrote nor published the story.
    assert (article.byline, article.source) == (None, None)
    body = article.body_text()
    assert "will rise by ten percent from April" in body
    assert not any(line.startswith(">") for line in body.splitlines())


def test_a_replys_own_note_is_folded_and_its_date_is_not_the_storys(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(_REPLY, encoding="utf-8")
    article = read_article(path)
    assert [fold.label for fold in article.folds] == ["the sender's note"]
    body = article.body_text()
    assert "Worth a read." not in body and "wrote:" not in body
    assert body.startswith("Ferry fares across the harbour")
    assert article.published is None


def test_a_reply_that_quotes_a_line_is_the_senders_own_text(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    own = "The council met again on Tuesday and the harbour board agreed to a review. " * 4
    path.write_text(
        _REPLY.split("Worth a read.")[0]
        + f"{own}\n\nOn Fri, 19 Dec 2025, Jo Marsh <jo@mail.example> wrote:\n> Fares rise.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.folds == () and "The council met again" in article.body_text()


def test_a_forwards_note_is_folded_and_its_forwarded_header_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "forward.txt"
    story = "Ferry fares across the harbour will rise by ten percent from April, the port said."
    path.write_text(
        "From: Ann Lee <ann@mail.example>\nTo: Jo Marsh <jo@mail.example>\n"
        "Subject: Fwd: Ferry fares to rise in spring\nDate: Thu, 1 Jan 2026 03:50:07 +0000\n\n"
        "See below.\n\n---------- Forwarded message ---------\n"
        "From: Harbour News <news@harbour.example>\nDate: Sun, 9 Nov 2025 02:29:03 +0000\n"
        f"Subject: Ferry fares to rise in spring\n\n{story}\n\n{story}\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert [fold.label for fold in article.folds] == ["the sender's note"]
    assert article.body_text().startswith("Ferry fares across") and "See below" not in (
        article.body_text()
    )
    # The forwarded header says who sent it, and when.
    assert (str(article.published), article.source) == ("2025-11-09", "Harbour News")


@pytest.mark.parametrize(
    "head",
    [
        # Header-shaped lines that do not open the file, or lack a sender or subject.
        "Ferry fares to rise\n\nFrom: Ann Lee\nTo: Jo Marsh\nSubject: fares\n\n",
        "Source: Reuters\nSection: World\nSubject: fares\n\n",
        "From: Reuters\nDate: 2 May 2025\n\n",
    ],
)
def test_a_text_copy_with_header_shaped_lines_is_not_taken_for_a_mail(
    tmp_path: Path, head: str
) -> None:
    path = tmp_path / "copy.txt"
    path.write_text(head + "> Quoted line that stays quoted in a text copy.\n", encoding="utf-8")
    article = read_article(path)
    assert "> Quoted line" in article.body_text() or ">" in " ".join(b.text for b in article.blocks)
