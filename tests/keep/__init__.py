# ruff: noqa: E501  (markup and headers written out as the programs write them)
"""A folder of what people keep, made by code: browser saves, clippings,
newsletters, web archives and what read-it-later services left behind.

Every file is small and shaped like the real thing (Chrome's MHTML, Safari's
binary plist, wget's WARC, wallabag's EPUB, Omnivore's export folder...), and
`build` returns the truth about each: the articles it holds (title, address,
date, the sentences of its body) or that it is not an article (a page's
asset, a link list, a spreadsheet). `benchmarks/formats_score.py` and
`tests/test_keep.py` read it.

    python -m tests.keep DIR     # write the folder to DIR, to try by hand
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import json
import plistlib
import quopri
import zipfile
from dataclasses import dataclass, field
from email.header import Header
from pathlib import Path

import brotli

# ---- the stories ----------------------------------------------------------------------

_PLACES = ("Harbourside", "Millbrook", "Eastfield", "Kettering Vale", "Port Ansel", "Wexcombe",
           "Lowther", "Saltmarsh", "Brackenridge", "Oakhollow", "Fennick", "Dunmore",
           "Ashby Cross", "Redwater", "Greyhaven", "Thornbury", "Marlow Heath", "Cinderford",
           "Wyvern Bay", "Holloway", "Elmstead", "Quarry End", "Bellhaven", "Norcastle")  # fmt: skip
_SUBJECTS = ("tram line", "flood barrier", "night market", "school library", "wind farm",
             "ferry service", "community orchard", "rail depot", "river swim", "bakery co-op",
             "bus lane", "heat network")  # fmt: skip
_PEOPLE = ("Amara Osei", "Tomasz Lewandowski", "Priya Raman", "Hugo Brandt", "Lena Fischer",
           "Kofi Mensah", "Ines Duarte", "Sven Aaltonen", "Maya Cohen", "Rafael Ortiz",
           "Chloe Martin", "Daniel Okafor")  # fmt: skip
_VERBS = ("approved", "delayed", "questioned", "celebrated", "rejected", "funded")
_DETAILS = (
    "after a three-hour meeting that ran late into the evening",
    "despite objections from shopkeepers on the high street",
    "with a budget that is twice the figure first proposed",
    "following a survey of more than two thousand residents",
    "in a vote that split the committee down the middle",
    "while engineers warned that the timetable was ambitious",
)


@dataclass(frozen=True, slots=True)
class Story:
    """One news story: what a copy of it in any format must show."""

    number: int
    title: str
    byline: str
    source: str
    url: str
    published: dt.date
    paragraphs: tuple[str, ...]

    @property
    def sentences(self) -> list[str]:
        return [
            s.strip(" .") + "." for p in self.paragraphs for s in p.split(". ") if s.strip(" .")
        ]

    def html_body(self) -> str:
        return "".join(f"<p>{p}</p>\n" for p in self.paragraphs)

    def html(self, *, head: str = "", extra: str = "") -> str:
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{self.title} | {self.source}</title>"
            f'<meta property="og:title" content="{self.title}">'
            f'<meta property="og:site_name" content="{self.source}">'
            f'<meta property="og:url" content="{self.url}">'
            f'<meta name="author" content="{self.byline}">'
            f'<meta property="article:published_time" content="{self.published}T08:00:00Z">'
            f"{head}</head><body><header><nav><a href='/'>Home</a> <a href='/news'>News</a>"
            "</nav></header><main><article>"
            f"<h1>{self.title}</h1><p class='byline'>By {self.byline}</p>"
            f"{self.html_body()}</article>{extra}</main>"
            "<footer><p>© 2025 All rights reserved.</p></footer></body></html>"
        )

    def markdown_body(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    def text(self) -> str:
        return f"{self.title}\n\nBy {self.byline}\n\n" + "\n\n".join(self.paragraphs) + "\n"


def story(number: int) -> Story:
    # Stories a dozen apart differ in every part, not only in their place.
    k = number // 12
    place = _PLACES[number % len(_PLACES)]
    subject = _SUBJECTS[(number + 7 * k) % len(_SUBJECTS)]
    person = _PEOPLE[(number + k) % len(_PEOPLE)]
    paragraphs = []
    for n in range(6):
        verb = _VERBS[(number + n + k) % len(_VERBS)]
        detail = _DETAILS[(number * 2 + n + 3 * k) % len(_DETAILS)]
        other = _PEOPLE[(number + n + 3 + 5 * k) % len(_PEOPLE)]
        paragraphs.append(
            f"Councillors in {place} {verb} plans for the {subject} {detail}. "
            f"{other} said the {subject} would change how people in {place} live "
            f"and work, and that the decision number {number}{n} was long overdue. "
            f"Local groups have until the end of the month to comment on part {n + 1} of "
            f"the {place} {subject} proposal before it goes to the regional board."
        )
    slug = f"{place}-{subject}".lower().replace(" ", "-")
    return Story(
        number=number,
        title=f"{place} {_VERBS[number % len(_VERBS)]} its {subject} plan",
        byline=person,
        source=f"The {place} Courier",
        url=f"https://{place.lower().replace(' ', '')}courier.example/news/{slug}",
        published=dt.date(2025, 1 + number % 12, 1 + number),
        paragraphs=tuple(paragraphs),
    )


# ---- the truth --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expected:
    """An article a file must give: its title, address, date and sentences."""

    story: Story
    title: str | None = None  # the title to show, if not the story's
    url: str | None = None  # the address to keep, if not the story's ("": none)

    @property
    def shown_title(self) -> str:
        return self.title or self.story.title

    @property
    def address(self) -> str | None:
        return self.story.url if self.url is None else (self.url or None)


@dataclass(slots=True)
class Entry:
    """One file of the folder: its format, and what it must give."""

    format: str
    articles: list[Expected] = field(default_factory=list)
    # "article": the articles above; "links": one link-list entry;
    # "hidden": never listed (an asset, the user's notes, a spreadsheet).
    role: str = "article"
    container: bool = False  # its articles are keyed path#n


Truth = dict[str, Entry]


# ---- the formats ------------------------------------------------------------------------


def _qp(text: str, charset: str = "utf-8") -> bytes:
    return quopri.encodestring(text.encode(charset))


def _obsidian(s: Story) -> bytes:
    return (
        "---\n"
        f'title: "{s.title}"\n'
        f'source: "{s.url}"\n'
        "author:\n"
        f'  - "[[{s.byline}]]"\n'
        f"published: {s.published}\n"
        "created: 2025-06-01\n"
        f'description: "{s.paragraphs[0][:80]}"\n'
        "tags:\n  - clippings\n"
        "---\n" + s.markdown_body()
    ).encode()


def _markdownload(s: Story) -> bytes:
    return (
        "---\n"
        "created: 2025-06-02T10:11:12 (UTC +01:00)\n"
        "tags: [news, local]\n"
        f"source: {s.url}\n"
        f"author: {s.byline}\n"
        "---\n\n"
        f"# {s.title}\n\n"
        "> ## Excerpt\n"
        f"> {s.paragraphs[0][:120]}\n"
        f"> and more of the same excerpt.\n\n"
        "---\n" + s.markdown_body()
    ).encode()


def _omnivore_obsidian(s: Story) -> bytes:
    return (
        "---\n"
        "id: 0f6a3c1e-1111-4c2a-9f00-5b1d2c3e4f5a\n"
        "title: >\n"
        f"  {s.title}\n"
        f"author: {s.byline}\n"
        "tags:\n  - news\n"
        "date_saved: 2025-07-01 09:30:00\n"
        f"date_published: {s.published} 08:00:00\n"
        "---\n\n"
        f"# {s.title}\n"
        "#Omnivore\n\n"
        "[Read on Omnivore](https://omnivore.app/me/some-slug-18f0)\n"
        f"[Read Original]({s.url})\n\n" + s.markdown_body()
    ).encode()


def _mhtml(s: Story, *, charset_in_meta_only: bool = True, binary: bool = False) -> bytes:
    boundary = "----MultipartBoundary--abc123XYZ----"
    html = s.html(extra='<iframe src="cid:frame-77@mhtml.blink"></iframe>')
    if binary:
        main = (
            (
                "Content-Type: text/html\r\n"
                "Content-ID: <frame-1@mhtml.blink>\r\n"
                "Content-Transfer-Encoding: binary\r\n"
                f"Content-Location: {s.url}\r\n\r\n"
            ).encode()
            + html.encode()
            + b"\r\n"
        )
    else:
        charset = "" if charset_in_meta_only else '; charset="utf-8"'
        main = (
            (
                f"Content-Type: text/html{charset}\r\n"
                "Content-ID: <frame-0F4C@mhtml.blink>\r\n"
                "Content-Transfer-Encoding: quoted-printable\r\n"
                f"Content-Location: {s.url}\r\n\r\n"
            ).encode()
            + _qp(html)
            + b"\r\n"
        )
    frame = (
        b"Content-Type: text/html\r\n"
        b"Content-ID: <frame-77@mhtml.blink>\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: cid:frame-77@mhtml.blink\r\n\r\n"
    ) + _qp("<html><body><p>Advertisement: buy a boat today.</p></body></html>")
    image = (
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Location: https://example.com/pixel.png\r\n\r\n"
    ) + base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    head = (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {s.url}\r\n"
        f"Subject: {Header(s.title, 'utf-8').encode()}\r\n"
        "Date: Sun, 1 Jun 2025 10:00:00 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n'
    ).encode()
    sep = f"--{boundary}\r\n".encode()
    return head + sep + main + sep + frame + b"\r\n" + sep + image + f"--{boundary}--\r\n".encode()


def _mht_1252(s: Story) -> bytes:
    title = s.title + " – café"
    html = s.html().replace(s.title, title)
    return (
        (
            "From: <Saved by Windows Internet Explorer 8>\r\n"
            f"Subject: {title.encode('cp1252').decode('latin-1')}\r\n"
            "MIME-Version: 1.0\r\n"
            'Content-Type: multipart/related; type="text/html"; boundary="----=_NextPart_000"\r\n'
            "\r\n------=_NextPart_000\r\n"
            'Content-Type: text/html; charset="windows-1252"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n"
            f"Content-Location: {s.url}\r\n\r\n"
        ).encode("latin-1")
        + _qp(html.replace('<meta charset="utf-8">', ""), "cp1252")
        + b"\r\n------=_NextPart_000--\r\n"
    )


def _singlefile_zip(s: Story) -> bytes:
    prelude = (
        b"<!DOCTYPE html><html><head><meta charset=utf-8><title>Please wait...</title>"
        b"</head><body><p>Please wait while the page is extracted...</p><script>"
        b"/* SingleFile self-extracting ZIP */</script></body></html>\n<!--"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", s.html())
        archive.writestr("images/0.png", b"\x89PNG\r\n\x1a\n" + bytes(32))
    return prelude + buffer.getvalue()


def _webarchive(s: Story, *, in_frame: bool = False) -> bytes:
    page = s.html().encode("utf-8")
    if in_frame:
        outer = b'<html><head><title></title></head><frameset><frame src="story.html"></frameset></html>'
        archive = {
            "WebMainResource": {
                "WebResourceData": outer,
                "WebResourceMIMEType": "text/html",
                "WebResourceTextEncodingName": "UTF-8",
                "WebResourceURL": s.url,
                "WebResourceFrameName": "",
            },
            "WebSubframeArchives": [
                {
                    "WebMainResource": {
                        "WebResourceData": page,
                        "WebResourceMIMEType": "text/html",
                        "WebResourceTextEncodingName": "UTF-8",
                        "WebResourceURL": s.url + "/story.html",
                    }
                }
            ],
        }
    else:
        archive = {
            "WebMainResource": {
                "WebResourceData": page,
                "WebResourceMIMEType": "text/html",
                "WebResourceTextEncodingName": "UTF-8",
                "WebResourceURL": s.url,
                "WebResourceFrameName": "",
            },
            "WebSubresources": [
                {
                    "WebResourceData": b"body{}",
                    "WebResourceMIMEType": "text/css",
                    "WebResourceURL": "https://example.com/s.css",
                }
            ],
        }
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)


NEWSLETTER = "The Weekly Ledger"
VIEW_ONLINE = "https://ledger.example/p/view?id=9"


def mailed(s: Story) -> Expected:
    """A story as a newsletter sent it: the subject is the title, and the
    address is the letter's "View in browser" link."""
    return Expected(s, title=s.title + " ✉", url=VIEW_ONLINE)


def _newsletter_html(s: Story) -> str:
    padding = "&#847;&zwnj;&nbsp;" * 60
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title></title></head><body>"
        f'<div style="display:none;max-height:0;overflow:hidden">{s.paragraphs[0][:60]} '
        f"{padding}</div>"
        f'<table><tr><td><a href="{VIEW_ONLINE}">View in browser</a></td>'
        "</tr></table>"
        '<table><tr><td><img src="cid:logo@ledger" alt=""></td></tr>'
        f"<tr><td><h1>{s.title}</h1><p>{s.byline}</p></td></tr>"
        "<tr><td>" + "".join(f"<p>{p}</p>" for p in s.paragraphs) + "</td></tr>"
        "<tr><td><p>Like</p><p>Comment</p><p>Restack</p></td></tr>"
        "<tr><td><p>Forwarded this email? Subscribe here for more</p>"
        "<p>© 2025 The Weekly Ledger, 548 Market St PMB 72296, San Francisco, CA 94104</p>"
        '<p><a href="https://ledger.example/unsub">Unsubscribe</a></p></td></tr>'
        "</table></body></html>"
    )


def _mail(s: Story, *, kind: str = "alternative", date: str | None = None) -> bytes:
    date = date or f"{s.published:%a, %d %b %Y} 07:00:00 +0000"
    subject = Header(s.title + " ✉", "utf-8").encode()
    head = (
        f'From: "{s.byline} from {NEWSLETTER}" <ledger@mail.example>\r\n'
        "To: reader@example.com\r\n"
        f"Subject: {subject}\r\n"
        f"Date: {date}\r\n"
        "List-Unsubscribe: <https://ledger.example/unsub>\r\n"
        "MIME-Version: 1.0\r\n"
    )
    if kind == "text":
        body = (
            f"View in browser ( {VIEW_ONLINE} )\n\n"
            + s.text().replace(s.title + "\n\n", "")
            + "\nLike\n\nComment\n\nRestack\n\n"
            "Forwarded this email? Subscribe here for more\n\n"
            f"© 2025 {NEWSLETTER}, 548 Market St PMB 72296, San Francisco, CA 94104\n\n"
            "Unsubscribe https://ledger.example/unsub\n"
        )
        return (
            head
            + 'Content-Type: text/plain; charset="utf-8"\r\n'
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        ).encode() + _qp(body)
    html = _newsletter_html(s)
    if kind == "base64":
        return (
            head
            + 'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        ).encode() + base64.encodebytes(html.encode())
    boundary = "b1_alt_7a8e"
    related = "b2_rel_19cd"
    return (
        (
            head
            + f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
            + f"--{boundary}\r\n"
            + 'Content-Type: text/plain; charset="utf-8"\r\n'
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        ).encode()
        + _qp("View in browser\n\n" + s.markdown_body())
        + (
            f"\r\n--{boundary}\r\n"
            + f'Content-Type: multipart/related; boundary="{related}"\r\n\r\n'
            + f"--{related}\r\n"
            + 'Content-Type: text/html; charset="utf-8"\r\n'
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        ).encode()
        + _qp(html)
        + (
            f"\r\n--{related}\r\n"
            + "Content-Type: image/png\r\nContent-ID: <logo@ledger>\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
        ).encode()
        + base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
        + f"\r\n--{related}--\r\n--{boundary}--\r\n".encode()
    )


def _mbox(messages: list[bytes]) -> bytes:
    out = b""
    for n, message in enumerate(messages):
        body = message.replace(b"\r\n", b"\n")
        # mboxrd: a body line starting "From " (or ">From ") gains a ">".
        body = b"\n".join(b">" + line if line.lstrip(b">").startswith(b"From ") else line
                          for line in body.split(b"\n"))  # fmt: skip
        out += f"From ledger@mail.example Mon Jun  {n + 2} 07:00:00 2025\n".encode()
        out += body.rstrip(b"\n") + b"\n\n"
    return out


def _http_response(body: bytes, headers: str) -> bytes:
    return f"HTTP/1.1 200 OK\r\n{headers}\r\n".encode() + body


def _chunked(data: bytes, size: int = 700) -> bytes:
    out = b""
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def _warc_record(kind: str, uri: str | None, payload: bytes, extra: str = "") -> bytes:
    headers = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        "WARC-Date: 2025-06-03T10:00:00Z",
        f"WARC-Record-ID: <urn:uuid:{abs(hash((kind, uri, len(payload)))):032x}>",
    ]
    if uri:
        headers.append(f"WARC-Target-URI: {uri}")
    if kind in ("response", "revisit"):
        headers.append("Content-Type: application/http; msgtype=response")
    elif kind == "warcinfo":
        headers.append("Content-Type: application/warc-fields")
    else:
        headers.append("Content-Type: application/http; msgtype=request")
    headers += [h for h in extra.split("\n") if h]
    headers.append(f"Content-Length: {len(payload)}")
    record = ("\r\n".join(headers) + "\r\n\r\n").encode() + payload + b"\r\n\r\n"
    return gzip.compress(record)  # one gzip member a record, as wget writes them


def _warc(pages: list[tuple[Story, str]], *, revisit: Story | None = None) -> bytes:
    out = _warc_record("warcinfo", None, b"software: Wget/1.21.4 (linux-gnu)\r\nformat: WARC\r\n")
    for s, coding in pages:
        html = s.html().encode()
        out += _warc_record("request", s.url, f"GET / HTTP/1.1\r\nHost: {s.url}\r\n\r\n".encode())
        if coding == "gzip-chunked":
            body = _chunked(gzip.compress(html))
            headers = (
                "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
                "Transfer-Encoding: chunked\r\n"
            )
        elif coding == "br":
            body = brotli.compress(html)
            headers = f"Content-Type: text/html\r\nContent-Encoding: br\r\nContent-Length: {len(body)}\r\n"
        else:
            body = html
            headers = f"Content-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
        out += _warc_record("response", s.url, _http_response(body, headers))
        css = b"body { color: black }"
        out += _warc_record(
            "response",
            s.url + "/style.css",
            _http_response(css, f"Content-Type: text/css\r\nContent-Length: {len(css)}\r\n"),
        )
    if revisit is not None:
        out += _warc_record(
            "revisit",
            revisit.url,
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
            "WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
        )
    return out


def _wacz(pages: list[Story]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.warc.gz", _warc([(s, "plain") for s in pages]))
        lines = ['{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}']
        lines += [json.dumps({"url": s.url, "title": s.title, "ts": "2025-06-03"}) for s in pages]
        archive.writestr("pages/pages.jsonl", "\n".join(lines) + "\n")
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package"}))
    return buffer.getvalue()


def _epub(stories: list[Story], *, old: bool = False) -> bytes:
    buffer = io.BytesIO()
    chapters: list[tuple[str, str, str]] = []  # name, label, xhtml
    start = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>Unread articles</title></head><body>\n"
    )
    end = "</body>\n</html>\n"
    notice = (
        "<p>Produced by wallabag with PHPePub</p><p>Please open an issue if you have trouble.</p>"
    )
    count = len(stories)
    for i, s in enumerate(stories, 1):
        if old:
            chapters.append(
                (
                    f"c{i}_cover.xhtml",
                    f"Entry {i} of {count}",
                    f"{start}<h1>{s.title}</h1>{notice}{end}",
                )
            )
            chapters.append((f"c{i}.xhtml", s.title, start + s.html_body() + end))
        else:
            listing = (
                f"<dl><dt>Published by</dt><dd>{s.byline}</dd>"
                f"<dt>Published on</dt><dd>{s.published}</dd><dt>Added on</dt><dd>2025-06-04</dd>"
                "<dt>Reading time</dt><dd>3 min</dd>"
                f'<dt>Address</dt><dd><a href="{s.url}">{s.url}</a></dd></dl>'
            )
            chapters.append(
                (
                    f"c{i}.xhtml",
                    f"{i}. {s.title}",
                    f"{start}<h1>({i}/{count}) {s.title}</h1>{listing}<h2>{s.title}</h2>"
                    f"{s.html_body()}{end}",
                )
            )
    if not old:
        chapters.append(("CoverBack.xhtml", "Notices", start + notice + end))
    manifest = "".join(
        f'<item id="i{n}" href="{name}" media-type="application/xhtml+xml"/>'
        for n, (name, _, _) in enumerate(chapters)
    )
    spine = "".join(f'<itemref idref="i{n}"/>' for n in range(len(chapters)))
    nav_points = "".join(
        f'<navPoint id="n{n}" playOrder="{n + 1}"><navLabel><text>{label}</text></navLabel>'
        f'<content src="{name}"/></navPoint>'
        for n, (name, label, _) in enumerate(chapters)
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        archive.writestr(
            "OEBPS/book.opf",
            '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" '
            'version="2.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>Unread articles</dc:title><dc:creator>Various authors</dc:creator></metadata>"
            f'<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>{manifest}'
            f'</manifest><spine toc="ncx">{spine}</spine></package>',
        )
        archive.writestr(
            "OEBPS/toc.ncx",
            '<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
            f'version="2005-1"><navMap>{nav_points}</navMap></ncx>',
        )
        for name, _, xhtml in chapters:
            archive.writestr(f"OEBPS/{name}", xhtml)
    return buffer.getvalue()


def _wallabag_json(stories: list[Story]) -> bytes:
    entries = [
        {
            "is_archived": 0,
            "is_starred": 0,
            "tags": ["news"],
            "is_public": False,
            "id": 100 + s.number,
            "title": s.title,
            "url": s.url,
            "given_url": s.url,
            "content": s.html_body(),
            "created_at": "2025-06-05T10:00:00+02:00",
            "updated_at": "2025-06-05T10:00:00+02:00",
            "published_at": f"{s.published}T08:00:00+00:00",
            "published_by": [s.byline],
            "annotations": [],
            "mimetype": "text/html",
            "language": "en",
            "reading_time": 3,
            "domain_name": s.url.split("/")[2],
            "preview_picture": None,
            "http_status": "200",
        }
        for s in stories
    ]
    return json.dumps(entries).encode()


def _wallabag_txt(stories: list[Story]) -> bytes:
    bar = "=" * 100
    out = ""
    for s in stories:
        out += f"\n\n{bar}\n\n{s.title}\n\n{bar}\n\n" + "\n\n".join(s.paragraphs) + "\n"
    return out.encode()


def _wallabag_md(stories: list[Story]) -> bytes:
    out = ""
    for s in stories:
        # league/html-to-markdown: a setext title; entries joined with nothing between.
        out += f"{s.title}\n{'=' * len(s.title)}\n\n" + "\n\n".join(s.paragraphs)
    return out.encode()


def _omnivore(folder: Path, stories: list[Story], truth: Truth, prefix: str) -> None:
    (folder / "content").mkdir(parents=True)
    (folder / "highlights").mkdir()
    metadata = []
    for s in stories:
        slug = s.title.lower().replace(" ", "-") + "-18f3a9"
        metadata.append(
            {
                "id": f"6b1f{s.number:04d}-aaaa-bbbb-cccc-000000000000",
                "slug": slug,
                "title": s.title,
                "description": s.paragraphs[0][:100],
                "author": s.byline,
                "url": s.url,
                "state": "active",
                "readingProgress": 0,
                "thumbnail": None,
                "labels": ["local"],
                "savedAt": "2025-05-01T10:00:00.000Z",
                "updatedAt": "2025-05-01T10:00:00.000Z",
                "publishedAt": f"{s.published}T08:00:00.000Z",
            }
        )
        # Omnivore keeps the readable part of the page only: no <title>, no metadata.
        page = f'<div class="page" id="readability-page-1"><div>{s.html_body()}</div></div>'
        (folder / "content" / f"{slug}.html").write_text(page)
        truth[f"{prefix}/content/{slug}.html"] = Entry("omnivore", [Expected(s)])
        (folder / "highlights" / f"{slug}.md").write_text(f"> {s.paragraphs[1][:90]}\n\nMy note.\n")
        truth[f"{prefix}/highlights/{slug}.md"] = Entry("omnivore", role="hidden")
    (folder / "metadata_0_to_2.json").write_text(json.dumps(metadata, indent=2))


def _pocket_csv(stories: list[Story]) -> bytes:
    rows = ["title,url,time_added,tags,status"]
    rows += [f'"{s.title}",{s.url},1735725600,news|local,unread' for s in stories]
    return ("\n".join(rows) + "\n").encode()


def _pocket_html(stories: list[Story]) -> bytes:
    items = "".join(
        f'<li><a href="{s.url}" time_added="1735725600" tags="news">{s.title}</a></li>'
        for s in stories
    )
    return (
        "<!DOCTYPE html>\n<html>\n<!--So long and thanks for all the fish-->\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
        f"<title>Pocket Export</title>\n</head>\n<body>\n<h1>Unread</h1>\n<ul>\n{items}</ul>\n"
        "<h1>Read Archive</h1>\n<ul>\n</ul>\n</body>\n</html>\n"
    ).encode()


def _instapaper_html(stories: list[Story]) -> bytes:
    items = "".join(f'<li><a href="{s.url}">{s.title}</a></li>' for s in stories)
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; '
        f'charset=UTF-8"><title>Instapaper: Export</title></head><body><h1>Unread</h1><ol>{items}'
        "</ol><h1>Archive</h1><ol></ol></body></html>"
    ).encode()


# ---- the folder ---------------------------------------------------------------------------


def build(root: Path) -> Truth:
    """Write the folder under `root`; returns the truth, by path relative to it."""
    truth: Truth = {}
    s = [story(n) for n in range(24)]

    def put(relative: str, data: bytes, entry: Entry) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        truth[relative] = entry

    # Clippings.
    put("clippings/obsidian.md", _obsidian(s[0]), Entry("markdown"))
    put("clippings/markdownload.md", _markdownload(s[1]), Entry("markdown"))
    put("clippings/omnivore-obsidian.md", _omnivore_obsidian(s[2]), Entry("markdown"))
    for name, n in (("obsidian", 0), ("markdownload", 1), ("omnivore-obsidian", 2)):
        truth[f"clippings/{name}.md"].articles.append(Expected(s[n]))

    # Browser saves.
    put("browser/complete.html", s[3].html().encode(), Entry("html", [Expected(s[3])]))
    put("browser/complete_files/frame.html", b"<html><body><p>An advert.</p></body></html>",
        Entry("html", role="hidden"))  # fmt: skip
    put("browser/complete_files/saved_resource.htm", b"<html><body>Tracker</body></html>",
        Entry("html", role="hidden"))  # fmt: skip
    put("browser/complete_files/style.css", b"body{}", Entry("html", role="hidden"))
    put("browser/chrome.mhtml", _mhtml(s[0]), Entry("mhtml", [Expected(s[0])]))
    put("browser/ie.mht", _mht_1252(s[4]),
        Entry("mhtml", [Expected(s[4], title=s[4].title + " – café")]))  # fmt: skip
    put("browser/android.mhtml", _mhtml(s[5], binary=True), Entry("mhtml", [Expected(s[5])]))
    put("browser/singlefile.html", s[6].html(head="<!-- Page saved with SingleFile -->").encode(),
        Entry("html", [Expected(s[6])]))  # fmt: skip
    put("browser/singlefile.zip.html", _singlefile_zip(s[7]),
        Entry("singlefile-zip", [Expected(s[7])]))  # fmt: skip
    put("browser/safari.webarchive", _webarchive(s[8]), Entry("webarchive", [Expected(s[8])]))
    put("browser/framed.webarchive", _webarchive(s[9], in_frame=True),
        Entry("webarchive", [Expected(s[9])]))  # fmt: skip
    put("browser/page.html.gz", gzip.compress(s[10].html().encode()),
        Entry("gzip", [Expected(s[10])]))  # fmt: skip
    put("browser/notes.txt.gz", gzip.compress(s[11].text().encode()),
        Entry("gzip", [Expected(s[11])]))  # fmt: skip

    # Newsletters.
    put("mail/ledger.eml", _mail(s[12]), Entry("eml", [mailed(s[12])]))
    put("mail/letters.mbox", _mbox([_mail(s[13], kind="base64"), _mail(s[14], kind="text"),
        _mail(s[15])]), Entry("mbox", [mailed(s[13]), mailed(s[14]), mailed(s[15])],
        container=True))  # fmt: skip
    put("mail/Ledger.mbox/mbox", _mbox([_mail(s[16]), _mail(s[3])]),
        Entry("mbox", [mailed(s[16]), mailed(s[3])], container=True))  # fmt: skip
    put("mail/Ledger.mbox/Info.plist", plistlib.dumps({"Name": "Ledger"}),
        Entry("mbox", role="hidden"))  # fmt: skip

    # Web archives.
    put("archive/crawl.warc.gz", _warc([(s[17], "gzip-chunked"), (s[18], "br")], revisit=s[17]),
        Entry("warc", [Expected(s[17]), Expected(s[18])], container=True))  # fmt: skip
    put("archive/capture.wacz", _wacz([s[19], s[20]]),
        Entry("wacz", [Expected(s[19]), Expected(s[20])], container=True))  # fmt: skip

    # Read-it-later exports.
    put("exports/wallabag.epub", _epub([s[21], s[22]]),
        Entry("epub", [Expected(s[21]), Expected(s[22])], container=True))  # fmt: skip
    put("exports/wallabag-2019.epub", _epub([s[23], s[1]], old=True),
        Entry("epub", [Expected(s[23]), Expected(s[1])], container=True))  # fmt: skip
    put("exports/wallabag.json", _wallabag_json([s[4], s[6]]),
        Entry("wallabag", [Expected(s[4]), Expected(s[6])], container=True))  # fmt: skip
    put("exports/wallabag.txt", _wallabag_txt([s[8], s[10]]),
        Entry("wallabag", [Expected(s[8]), Expected(s[10])], container=True))  # fmt: skip
    put("exports/wallabag.md", _wallabag_md([s[12], s[14]]),
        Entry("wallabag", [Expected(s[12]), Expected(s[14])], container=True))  # fmt: skip
    _omnivore(root / "exports" / "omnivore", [s[16], s[18]], truth, "exports/omnivore")
    put("exports/pocket/part_000000.csv", _pocket_csv(s[:5]), Entry("pocket", role="links"))
    put("exports/ril_export.html", _pocket_html(s[5:9]), Entry("pocket", role="links"))
    put("exports/instapaper-export.html", _instapaper_html(s[9:12]),
        Entry("instapaper", role="links"))  # fmt: skip

    # Not articles at all.
    put("exports/budget.csv", b"month,amount\njan,12\nfeb,15\n", Entry("csv", role="hidden"))
    put("exports/settings.json", b'{"theme": "dark"}\n', Entry("json", role="hidden"))
    return truth


def main() -> None:
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "keep")
    truth = build(target)
    print(f"wrote {len(truth)} files to {target}")
