"""What every family of formats shares: the caps, a member that cannot be read,
bytes to a `Page`, and the dates and names containers write."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path
from typing import Any, NamedTuple

from reader.formats.decode import decode, decode_declared, repair_mojibake
from reader.model import ArticleError, Page, PageKind, identity
from reader.sanitize import clean_line

# A file read whole (most formats): larger ones are refused unread.
MAX_BYTES = 64 * 1024 * 1024
# One member of a container (a message, a record, a chapter), decompressed:
# a bomb is cut off here, whatever sizes the container declares.
MAX_MEMBER_BYTES = 32 * 1024 * 1024
# Articles in one file: past this, the rest are left unread (and it is said).
MAX_MEMBERS = 10_000
# Share of control characters above which decoded "text" is taken for binary data.
_BINARY_SHARE = 0.05


class Unreadable(NamedTuple):
    """A member of a container that could not be read, and why; the others go on."""

    member: int
    reason: str


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f")
    return controls / len(sample) > _BINARY_SHARE


def text_page(
    path: Path,
    kind: PageKind,
    data: bytes,
    *,
    charset: str | None = None,
    ident_of: bytes | None = None,
    **hints: Any,
) -> Page:
    """Bytes to a page: decoded (the container's `charset` first, if it names
    one, then the page's own declaration, then detection), checked for binary
    data, mojibake repaired. `ident_of` is what the page's identity is a
    digest of (the bytes themselves unless given)."""
    if not data.strip():
        raise ArticleError(path, "nothing in it" if not data else "nothing but blank space")
    markup = kind is PageKind.HTML
    if charset:
        text, encoding = decode_declared(data, charset, markup=markup)
    else:
        text, encoding = decode(data, markup=markup)
    if looks_binary(text):
        raise ArticleError(path, "binary data, not text")
    return Page(
        path=path,
        kind=kind,
        text=repair_mojibake(text),
        encoding=encoding,
        size=len(data),
        ident=identity(data if ident_of is None else ident_of),
        **hints,
    )


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]|$)")
_UNIX_SECONDS = re.compile(r"^\s*\d{9,11}(?:\.\d+)?\s*$")


def parse_date(value: object) -> dt.date | None:
    """A date as containers write it: an ISO date or timestamp, an RFC 2822
    date (mail, HTTP), seconds since 1970 (Pocket), a YAML date. None if it is
    none of these, or not a real date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > 100:
        return None
    match = _ISO_DATE.match(value)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if _UNIX_SECONDS.match(value):
            return dt.datetime.fromtimestamp(float(value), dt.UTC).date()
        parsed = email.utils.parsedate_to_datetime(value)
    except (ValueError, OverflowError, OSError, TypeError, IndexError):
        return None
    return parsed.date() if parsed else None


_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")


def names(value: object, limit: int = 8) -> str | None:
    """A byline from what a container holds: a name, a list of names,
    Obsidian's `[[wikilinks]]`. None if there is no name."""
    if isinstance(value, str):
        items: list[object] = [value]
    elif isinstance(value, list | tuple):
        items = list(value[:limit])
    else:
        return None
    found = []
    for item in items:
        if isinstance(item, str):
            name = clean_line(_WIKILINK.sub(r"\1", item)).strip(" ,;")
            if name and len(name) <= 200 and name not in found:
                found.append(name)
    return ", ".join(found) or None


def one_line(value: object, limit: int = 500) -> str | None:
    """A container's text field as one clean line (None if empty or not text)."""
    if not isinstance(value, str):
        return None
    line = clean_line(value)[:limit].strip()
    return line or None


def web_address(value: object) -> str | None:
    """An http(s) address as a container gives it, or None."""
    line = one_line(value, 2000)
    if line and re.match(r"^https?://[^\s/]+", line, re.IGNORECASE):
        return line
    return None
