"""What read-it-later services leave their users: their exports.

- **wallabag**: its JSON (every entry with its HTML), TXT (entries between
  lines of 100 "=") and Markdown (entries one after another, each opening
  with its title as a setext heading) exports are split into their entries.
  (Its EPUB is `reader.formats.epub`.)
- **Omnivore**: its export folder holds `content/<slug>.html` and
  `metadata_*.json` (titles, addresses, dates, labels): a content page is read
  with its entry's metadata as hints. (`highlights/*.md` are the user's
  notes, not articles: the walk skips them.)
- **Pocket** (CSV, and the older `ril_export.html`), **Instapaper** (CSV and
  HTML) and browsers' bookmark files are lists of links: each is one entry
  that lists them (title, address, tags, date), of kind `PageKind.LINKS`,
  never an article.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from reader.formats.common import (
    Unreadable,
    names,
    one_line,
    parse_date,
    text_page,
    web_address,
)
from reader.model import ArticleError, Page, PageKind, identity

# ---- sniffing -----------------------------------------------------------------------

_POCKET_CSV = ("title", "url", "time_added")
_INSTAPAPER_CSV = ("url", "title", "selection", "folder")
_WALLABAG_JSON = re.compile(rb'^\s*\[\s*\{[^\n]{0,4000}?"(?:is_archived|given_url|reading_time)"')
_LINK_LIST_TITLE = re.compile(
    rb"<title>\s*(Pocket Export|Instapaper: Export|Bookmarks)\s*</title>", re.IGNORECASE
)
_NETSCAPE = b"<!DOCTYPE NETSCAPE-Bookmark-file-1>"


def sniff(family: str, head: bytes) -> bool:
    """Whether a `.json` or `.csv` file's first bytes are an export reader reads."""
    if family == "json":
        return _WALLABAG_JSON.match(head) is not None
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    header = tuple(cell.strip().strip('"').lower() for cell in first.split(","))
    return header[:3] == _POCKET_CSV or header[:4] == _INSTAPAPER_CSV


def pages(path: Path, family: str, data: bytes) -> Iterator[Page | Unreadable]:
    if family == "csv":
        yield _link_list_csv(path, data)
        return
    yield from _wallabag_json(path, data)


# ---- link lists ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    title: str | None
    url: str | None
    tags: tuple[str, ...] = ()
    saved: str | None = None  # the date, as the list gives it
    folder: str | None = None

    def line(self) -> str:
        date = parse_date(self.saved) if self.saved else None
        parts = [
            self.title or self.url or "(untitled)",
            self.url if self.title else None,
            f"tags: {', '.join(self.tags)}" if self.tags else None,
            f"saved {date.isoformat()}" if date else None,
            self.folder,
        ]
        return "• " + " · ".join(p for p in parts if p)


def _link_page(path: Path, data: bytes, service: str, links: list[Link]) -> Page:
    if not links:
        raise ArticleError(path, f"a {service} export with no links in it")
    noun = "link" if len(links) == 1 else "links"
    title = f"{service} export: {len(links):,} saved {noun}"
    text = title + "\n\n" + "\n\n".join(link.line() for link in links) + "\n"
    return Page(
        path=path,
        kind=PageKind.LINKS,
        text=text,
        encoding="utf-8",
        size=len(data),
        ident=identity(data),
        title=title,
        source=service,
    )


def _link_list_csv(path: Path, data: bytes) -> Page:
    text = data.decode("utf-8-sig", "replace")
    rows = csv.DictReader(io.StringIO(text))
    fields = [name.strip().lower() for name in rows.fieldnames or []]
    service = "Pocket" if tuple(fields[:3]) == _POCKET_CSV else "Instapaper"
    links = []
    for row in rows:
        row = {(k or "").strip().lower(): v for k, v in row.items() if isinstance(v, str)}
        tags = row.get("tags") or ""
        links.append(
            Link(
                title=one_line(row.get("title")),
                url=web_address(row.get("url")),
                tags=tuple(t for t in (one_line(t) for t in re.split(r"[|,]", tags)) if t),
                saved=row.get("time_added") or row.get("timestamp"),
                folder=one_line(row.get("folder") or row.get("status")),
            )
        )
    return _link_page(path, data, service, links)


def link_list_html(path: Path, data: bytes) -> Page | None:
    """Pocket's or Instapaper's HTML export, or a browser's bookmarks, as a
    link list; None for any other page."""
    head = data[:4096]
    match = _LINK_LIST_TITLE.search(head)
    if match is None and not head.lstrip().startswith(_NETSCAPE):
        return None
    from lxml import etree, html

    label = match.group(1).decode().lower() if match else "bookmarks"
    service = {"pocket export": "Pocket", "instapaper: export": "Instapaper"}.get(
        label, "Bookmarks"
    )
    try:
        root = html.fromstring(data, parser=html.HTMLParser(no_network=True, encoding="utf-8"))
    except (ValueError, TypeError, etree.LxmlError):
        return None
    links = []
    folder = None
    for element in root.iter("h1", "h2", "h3", "a"):
        if element.tag != "a":
            folder = one_line(element.text_content())
            continue
        tags = element.get("tags") or ""
        links.append(
            Link(
                title=one_line(element.text_content()),
                url=web_address(element.get("href")),
                tags=tuple(t for t in (one_line(t) for t in tags.split(",")) if t),
                saved=element.get("time_added") or element.get("add_date"),
                folder=folder,
            )
        )
    return _link_page(path, data, service, links)


# ---- wallabag -----------------------------------------------------------------------

_BAR = "=" * 100
_TXT_ENTRY = re.compile(r"(?:\A|\n)\n*" + _BAR + r"\n\n(.*?)\n\n" + _BAR + r"\n\n", re.DOTALL)


def _wallabag_json(path: Path, data: bytes) -> Iterator[Page | Unreadable]:
    try:
        entries = json.loads(data.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError):
        raise ArticleError(path, "not valid JSON") from None
    if not isinstance(entries, list):
        raise ArticleError(path, "not a wallabag export (no list of entries)")
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("content"), str):
            yield Unreadable(number, f"entry {number}: no content")
            continue
        title = one_line(entry.get("title"))
        content = entry["content"]
        document = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><article>'
            f"{content}</article></body></html>"
        ).encode("utf-8", "replace")
        try:
            yield text_page(
                path,
                PageKind.HTML,
                document,
                ident_of=(str(entry.get("url")) + "\n" + content).encode("utf-8", "replace"),
                title=title,
                url=web_address(entry.get("url")) or web_address(entry.get("given_url")),
                published=parse_date(entry.get("published_at"))
                or parse_date(entry.get("created_at")),
                byline=names(entry.get("published_by")),
                source=one_line(entry.get("domain_name"), 200),
                member=number,
                unit="entry",
            )
        except ArticleError as error:
            yield Unreadable(number, f"entry {number}: {error.reason}")


def is_wallabag_txt(data: bytes) -> bool:
    return data.lstrip(b"\r\n\xef\xbb\xbf").startswith(_BAR.encode() + b"\n")


def wallabag_txt_pages(path: Path, data: bytes) -> Iterator[Page | Unreadable]:
    whole = text_page(path, PageKind.TEXT, data)
    text = whole.text.replace("\r\n", "\n")
    found = list(_TXT_ENTRY.finditer(text))
    for number, match in enumerate(found, 1):
        end = found[number].start() if number < len(found) else len(text)
        body = text[match.end() : end].strip("\n")
        if not body.strip():
            yield Unreadable(number, f"entry {number}: no text")
            continue
        yield replace(
            whole,
            text=body,
            size=len(body.encode()),
            ident=identity((match.group(1) + "\n" + body).encode()),
            title=one_line(match.group(1)),
            member=number,
            unit="entry",
        )


_SETEXT = re.compile(r"^(=+)[ \t]*$", re.MULTILINE)


def wallabag_md_pages(page: Page) -> Iterator[Page | Unreadable] | None:
    """The entries of wallabag's Markdown export, or None if the page is not
    one: it opens with a title underlined with "=" (a setext heading, the way
    wallabag's converter writes each entry's title), and holds two or more."""
    if page.title is not None:  # front matter: a clipping
        return None
    text = page.text.replace("\r\n", "\n")
    heads = []
    for match in _SETEXT.finditer(text):
        line_start = text.rfind("\n", 0, match.start() - 1) + 1
        above = text[line_start : match.start() - 1]
        width = len(match.group(1))
        if width < 3 or len(above.rstrip()) < width:
            continue
        # wallabag joins entries with nothing between: a title may follow the
        # last line of the entry before it, on the same line.
        heads.append((line_start + len(above.rstrip()) - width, match.end()))
    if len(heads) < 2 or text[: heads[0][0]].strip():
        return None
    return _md_entries(page, text, heads)


def _md_entries(page: Page, text: str, heads: list[tuple[int, int]]) -> Iterator[Page]:
    for number, (start, end) in enumerate(heads, 1):
        title = text[start:end].split("\n", 1)[0].strip()
        stop = heads[number][0] if number < len(heads) else len(text)
        body = text[end:stop].strip("\n")
        yield replace(
            page,
            text=f"# {title}\n\n{body}\n",
            size=len(body.encode()),
            ident=identity((title + "\n" + body).encode()),
            title=one_line(title),
            member=number,
            unit="entry",
        )


# ---- Omnivore -------------------------------------------------------------------------

_METADATA = re.compile(r"^metadata_\d+_to_\d+\.json$")
_METADATA_BYTES = 32 * 2**20


def omnivore_root(folder: Path) -> bool:
    """Whether a folder is an Omnivore export: `content/` beside `metadata_*.json`."""
    try:
        with os.scandir(folder) as entries:
            names_found = [entry.name for entry in entries]
    except OSError:
        return False
    return "content" in names_found and any(_METADATA.match(name) for name in names_found)


def with_omnivore_hints(page: Page) -> Page:
    """A page of an Omnivore export's `content/`, with its entry's metadata;
    any other page as it is."""
    folder = page.path.parent
    if folder.name != "content" or not omnivore_root(folder.parent):
        return page
    entry = _omnivore_index(str(folder.parent), _stamp(folder.parent)).get(page.path.stem)
    if entry is None:
        return page
    return replace(
        page,
        title=one_line(entry.get("title")) or page.title,
        url=web_address(entry.get("url")) or page.url,
        published=parse_date(entry.get("publishedAt")) or parse_date(entry.get("savedAt")),
        byline=names(entry.get("author")),
    )


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    try:
        with os.scandir(root) as entries:
            for entry in entries:
                if _METADATA.match(entry.name) and entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    found.append((entry.name, info.st_size, info.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(found))


@lru_cache(maxsize=4)
def _omnivore_index(root: str, stamp: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    """Slug to metadata entry, over every `metadata_*.json` of an export (read
    once per worker while they stay as `stamp` says)."""
    index: dict[str, Any] = {}
    for name, size, _ in stamp:
        if size > _METADATA_BYTES:
            continue
        try:
            with open(os.path.join(root, name), "rb") as file:
                entries = json.loads(file.read(_METADATA_BYTES + 1).decode("utf-8", "replace"))
        except (OSError, ValueError, RecursionError):
            continue
        if isinstance(entries, list):
            for entry in entries:
                if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
                    index.setdefault(entry["slug"], entry)
    return index
