"""MIME: Chrome's MHTML saves, mail (`.eml`) and mailboxes (`.mbox`), with the stdlib.

- **MHTML** (`.mhtml .mht`): the page is the first `text/html` part that is not
  a frame (Chrome saves each iframe as a part of its own, `cid:frame-…`); its
  charset may be only in the page's `<meta>`, and `.mht` parts may declare
  windows-1252. Parts are decoded (quoted-printable, base64, "binary" as some
  Android saves have it) before anything looks at the bytes.
- **Mail**: the HTML part of a multipart/alternative, else the text part;
  never an attachment. The subject (RFC 2047 words decoded) is the title, the
  sender the source, the date the date. `cid:` images are never fetched (no
  part is ever loaded from anywhere).
- **Mailboxes**: streamed, one message at a time through a cap
  (`MAX_MEMBER_BYTES`), so a 500 MB mailbox costs one message of memory. A
  line that starts with "From " begins a message; mboxrd's `>From ` quoting
  is undone (the stdlib's `mailbox` leaves it).

MIME nested past `MAX_BOUNDARIES` levels is refused before it is parsed (the
stdlib parser recurses once a level).
"""

from __future__ import annotations

import binascii
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
from typing import BinaryIO

from reader.formats.common import (
    MAX_MEMBER_BYTES,
    Unreadable,
    one_line,
    parse_date,
    text_page,
    web_address,
)
from reader.model import ArticleError, Page, PageKind

# Distinct multipart boundaries a message may declare: each nested multipart
# needs one, and the parser recurses once a level.
MAX_BOUNDARIES = 64
_BOUNDARY = re.compile(rb"""boundary\s*=\s*"?([^";\r\n]{1,200})""", re.IGNORECASE)
_CHUNK = 1 << 20
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]")
# A message's first line: "From sender date" (the date has a year).
_SEPARATOR = re.compile(rb"From \S+ .{0,200}?\b\d{4}\b")
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
_SUBJECT_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr)\s*:\s*)+", re.IGNORECASE)
_VIEW_ONLINE = re.compile(
    r"""<a\b[^>]{0,2000}?href\s*=\s*["'](https?://[^"'\s>]{4,2000})["'][^>]{0,2000}>"""
    r"""\s*(?:<[^>]{0,300}>\s*)*"""
    r"""(?:view (?:this (?:email|post|newsletter) )?"""
    r"""(?:in (?:your |a )?(?:web )?browser|online|on the web)"""
    r"""|read (?:it |this )?(?:online|in (?:your )?browser|on the web)"""
    r"""|open in browser|web version)""",
    re.IGNORECASE,
)
_VIEW_ONLINE_TEXT = re.compile(
    r"^view (?:this (?:email|post|newsletter) )?(?:in (?:your |a )?(?:web )?browser|online"
    r"|on the web)(?: at)?\W{0,5}(https?://[^\s)>\]]{4,2000})",
    re.IGNORECASE | re.MULTILINE,
)
# What a letter pads its preview text with, so that mail programs show no
# more of the body beside the subject: invisible characters, raw or as
# references. Never shown by any mail program; taken out before reading.
# A mail saved as plain text: header lines ("Name: value", folded lines
# indented) up to a blank line, From and Subject among them.
_HEADER_BLOCK = re.compile(
    rb"\A(?:[A-Za-z][A-Za-z0-9-]{0,40}:[^\n]*\n(?:[ \t][^\n]*\n)*){3,40}\r?\n"
)
_FROM = re.compile(rb"^from:", re.IGNORECASE | re.MULTILINE)
_SUBJECT = re.compile(rb"^subject:", re.IGNORECASE | re.MULTILINE)
# The marks of a reply's quoted lines ("> ", ">> ").
_QUOTE_MARKS = re.compile(r"^(?:> ?)+", re.MULTILINE)
_QUOTED_LINE = re.compile(r"^>", re.MULTILINE)
# A forwarded message's header, in any language: a line of dashes around its
# words ("---------- Forwarded message ---------", "-----Original Message-----"),
# then header lines up to a blank line, a sender among them.
_FORWARDED = re.compile(
    r"^-{3,}[^\n]{0,60}?-{3,}[ \t]*\n(?P<head>(?:[A-Za-z][\w-]{0,40}:[^\n]*\n){2,12})\s*\n",
    re.MULTILINE,
)
_DATE_LINE = re.compile(r"^date:[ \t]*(?P<date>[^\n]+)$", re.IGNORECASE | re.MULTILINE)
_FROM_LINE = re.compile(r"^from:[ \t]*(?P<sender>[^\n]+)$", re.IGNORECASE | re.MULTILINE)
_PADDING = re.compile(
    r"(?:(?:[\u034f\u200c\u200b\u00ad\u2007\u00a0\u2060\ufeff]|&#847;|&#x34f;|&zwnj;|&#8204;"
    r"|&nbsp;|&#160;|&#8199;|&shy;|&#173;|&#65279;)\s*){6,}",
    re.IGNORECASE,
)
# "Jane Doe from The Newsletter" (Substack and others): a person, and the letter.
_FROM_LETTER = re.compile(r"^(?P<person>.{2,80}?) from (?P<letter>.{2,120})$")


def _parse(path: Path, data: bytes) -> EmailMessage:
    boundaries = {match.group(1) for match in _BOUNDARY.finditer(data[: 4 * MAX_MEMBER_BYTES])}
    if len(boundaries) > MAX_BOUNDARIES:
        raise ArticleError(path, f"MIME parts nested too deeply (over {MAX_BOUNDARIES} levels)")
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except RecursionError:
        raise ArticleError(path, "MIME parts nested too deeply") from None
    if not isinstance(message, EmailMessage):  # pragma: no cover - policy.default makes these
        raise ArticleError(path, "not a MIME message")
    return message


def _parts(message: Message) -> Iterator[Message]:
    """The message's leaf parts, depth first, without recursion."""
    stack = [message]
    while stack:
        part = stack.pop()
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, Message)]))
        else:
            yield part


def _payload(part: Message) -> bytes:
    """The part's body, transfer encoding undone (malformed base64 and
    quoted-printable are decoded as far as they go)."""
    encoding = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    raw = part.get_payload()
    if encoding == "base64" and isinstance(raw, str):
        # The stdlib hands back the undecoded text when the padding is wrong.
        letters = _NOT_BASE64.sub("", raw)
        letters = letters[: len(letters) - len(letters) % 4]
        try:
            return binascii.a2b_base64(letters)
        except (binascii.Error, ValueError):
            pass
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        payload = None
    if isinstance(payload, bytes):
        return payload
    return raw.encode("utf-8", "replace") if isinstance(raw, str) else b""


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disposition == "attachment"


def _is_frame(part: Message) -> bool:
    """An iframe's part: Chrome gives every frame a Content-ID `frame-…`, the
    page's own included, but an iframe's location is that `cid:`."""
    location = str(part.get("Content-Location") or "").strip().lower()
    return location.startswith("cid:")


def _header(message: Message, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError, AttributeError):
        return None  # a header the policy cannot parse
    return str(value) if value is not None else None


def mhtml_page(path: Path, data: bytes) -> Page:
    """The page a Chrome (or old IE) MHTML save holds."""
    message = _parse(path, data)
    main = next(
        (
            part
            for part in _parts(message)
            if part.get_content_type() == "text/html" and not _is_frame(part)
        ),
        None,
    )
    if main is None:
        raise ArticleError(path, "no HTML page in this MHTML file")
    body = _payload(main)
    url = web_address(_header(message, "Snapshot-Content-Location")) or web_address(
        _header(main, "Content-Location")
    )
    return text_page(
        path,
        PageKind.HTML,
        body,
        charset=main.get_content_charset(),
        ident_of=data,
        url=url,
    )


def _body_part(message: Message) -> Message | None:
    """The part a mail is read from: its first HTML part that is not an
    attachment (multipart/alternative: the HTML), else its first text part."""
    html = text = None
    for part in _parts(message):
        if _is_attachment(part):
            continue
        kind = part.get_content_type()
        if kind == "text/html" and html is None:
            html = part
        elif kind == "text/plain" and text is None:
            text = part
    return html or text


def mail_page(path: Path, data: bytes, *, member: int = 0) -> Page:
    """One mail as a page: its HTML (or text) body, with its subject, sender
    and date as hints."""
    message = _parse(path, data)
    part = _body_part(message)
    if part is None:
        raise ArticleError(path, "no text or HTML part in this mail")
    body = _payload(part)
    html = part.get_content_type() == "text/html"
    subject = one_line(_header(message, "Subject"))
    # Who replies to a mail or passes it on neither wrote it nor published it.
    passed_on = bool(subject and _SUBJECT_PREFIX.match(subject))
    person, letter = (None, None) if passed_on else _sender(_header(message, "From"))
    url = _list_post(message)
    if url is None:
        head = body[: 2 * 2**20].decode("latin-1")
        found = (_VIEW_ONLINE if html else _VIEW_ONLINE_TEXT).search(head)
        url = web_address(found.group(1).replace("&amp;", "&")) if found else None
    page = text_page(
        path,
        PageKind.HTML if html else PageKind.TEXT,
        body,
        charset=part.get_content_charset(),
        ident_of=data,
        title=_SUBJECT_PREFIX.sub("", subject).strip() or None if subject else None,
        # The day it was replied to or passed on is not the story's.
        published=None if passed_on else parse_date(_header(message, "Date")),
        source=letter,
        byline=person,
        url=url,
        member=member,
        unit="message" if member else None,
    )
    text = _PADDING.sub(" ", page.text)
    if html:
        return replace(page, text=text)
    passed = _passed_on_text(text) if passed_on else _PassedOn()
    # A reply's quoted text is read as the text it quotes.
    return replace(
        page,
        text=text[: passed.start] + _QUOTE_MARKS.sub("", text[passed.start :]),
        preamble=passed.start,
        published=passed.published or page.published,
        byline=passed.byline or page.byline,
        source=passed.source or page.source,
    )


@dataclass(frozen=True, slots=True)
class _PassedOn:
    """What a reply or a forward passes on: where it starts in the mail's text
    (0: not told), and what a forwarded header says of it (its day, who sent
    it: the person, the newsletter)."""

    start: int = 0
    published: dt.date | None = None
    byline: str | None = None
    source: str | None = None


def _passed_on_text(text: str) -> _PassedOn:
    """What a mail's text passes on. A reply's quote counts only when its
    lines hold most of the mail's words: a reply that quotes a line or two is
    the sender's own text."""
    forwarded = _FORWARDED.search(text)
    sender = _FROM_LINE.search(forwarded["head"]) if forwarded else None
    if forwarded and sender:
        dated = _DATE_LINE.search(forwarded["head"])
        person, letter = _sender(sender["sender"])
        day = parse_date(dated["date"]) if dated else None
        return _PassedOn(forwarded.end(), day, person, letter)
    quoted = _QUOTED_LINE.search(text)
    if quoted is None:
        return _PassedOn()
    words = len(text.split())
    quoted_words = sum(len(line.split()) for line in text.splitlines() if line.startswith(">"))
    if quoted_words * 2 <= words:
        return _PassedOn()
    # The line that says who wrote the quote goes with the sender's note.
    return _PassedOn(quoted.start())


eml_page = mail_page


def is_mail(data: bytes) -> bool:
    """Whether a text file is a mail saved as text: it opens with a block of
    at least three header lines, From and Subject among them."""
    head = _HEADER_BLOCK.match(data[:16384].replace(b"\r\n", b"\n"))
    return (
        head is not None
        and bool(_FROM.search(head.group()))
        and bool(_SUBJECT.search(head.group()))
    )


def _sender(value: str | None) -> tuple[str | None, str | None]:
    """(the person, the newsletter) a From header names: "Jane Doe from The
    Letter" is both; a bare name is the newsletter; an address alone, neither."""
    if not value:
        return None, None
    try:
        ((name, _),) = getaddresses([value])[:1] or [("", "")]
    except (ValueError, TypeError):
        return None, None
    name = one_line(name.strip("\"' "), 200) or ""
    if not name:
        return None, None
    letter = _FROM_LETTER.match(name)
    if letter:
        return letter.group("person"), letter.group("letter")
    return None, name


def _list_post(message: Message) -> str | None:
    """The post's address, where the newsletter's mail says it (List-Post is
    often a mailto: and then not used)."""
    for name in ("List-Post", "X-Newsletter-Url", "X-Substack-Post-Url"):
        value = _header(message, name)
        if value:
            address = web_address(value.strip().strip("<>"))
            if address:
                return address
    return None


def mbox_pages(path: Path, file: BinaryIO) -> Iterator[Page | Unreadable]:
    """Each message of a mailbox, in order, as a page (or why it cannot be read)."""
    for number, (message, whole) in enumerate(_messages(file), 1):
        if not whole:
            limit = MAX_MEMBER_BYTES // 2**20
            yield Unreadable(number, f"message {number}: too large (limit {limit} MB)")
            continue
        try:
            yield mail_page(path, _QUOTED_FROM.sub(rb"\1", message), member=number)
        except ArticleError as error:
            yield Unreadable(number, f"message {number}: {error.reason}")


def _messages(file: BinaryIO, cap: int = MAX_MEMBER_BYTES) -> Iterator[tuple[bytes, bool]]:
    """The messages of an mbox stream, without their "From " lines: each whole,
    or (b"", False) if it is longer than `cap`. Reads a chunk at a time, so
    memory stays at one message and a chunk."""
    pending = b"\n"  # as if a line ended before the file: its first line may be a From line
    current: list[bytes] = []
    size = 0
    overflow = False
    started = False

    def add(piece: bytes) -> None:
        nonlocal size, overflow, current
        if not started and not current and piece.startswith(b"\n"):
            piece = piece[1:]  # the newline put before the file
        if overflow or not piece:
            return
        size += len(piece)
        if size > cap:
            overflow, current = True, []
        else:
            current.append(piece)

    while True:
        chunk = file.read(_CHUNK)
        pending += chunk
        position = 0
        waiting = -1  # where a From line starts that the next chunk completes
        while True:
            at = pending.find(b"\nFrom ", position)
            if at < 0:
                break
            end = pending.find(b"\n", at + 1)
            if end < 0 and chunk:
                waiting = at
                break
            if not _SEPARATOR.match(pending, at + 1, end if end >= 0 else len(pending)):
                # "From the editor" at the start of a line of an unquoted body.
                add(pending[position:end])
                position = end
                continue
            add(pending[position : at + 1])
            message = b"".join(current)
            if overflow or (started and message) or message.strip():
                yield message, not overflow
            current, size, overflow, started = [], 0, False, True
            position = end + 1 if end >= 0 else len(pending)
        if not chunk:
            add(pending[position:])
            break
        # Keep what may be the start of a separator cut by the chunk's end.
        cut = waiting if waiting >= 0 else max(position, len(pending) - len(b"\nFrom"))
        add(pending[position:cut])
        pending = pending[cut:]
    message = b"".join(current)
    if overflow or message.strip():
        yield message, not overflow
