"""Markdown clippings: YAML front matter is the page's metadata, never its body.

What the clippers write (the front matter is read with PyYAML's `safe_load`:
no tags that build objects, no includes):

- Obsidian Web Clipper: `title`, `source` (the address), `author` as a list of
  `[[wikilinks]]`, `published`, `created`, `description`, `tags`; no H1.
- MarkDownload: `created`, `tags`, `source`, `author`; no `title` (the H1 is
  the title), then a `> ## Excerpt` block and a rule.
- Omnivore's Obsidian export: `title: >` (a folded scalar), `author`,
  `date_saved`, `date_published`; "#Omnivore", "Read on Omnivore" and "Read
  Original" lines (the last one the address).

The clippers' furniture stays in the text, where the fold rules fold it
(`clipper.*` in the catalogue); MarkDownload's excerpt, a block over two or
more quoted lines, is made one line ("Excerpt: …") so that a rule can.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from reader.formats.common import names, one_line, parse_date, text_page, web_address
from reader.model import Page, PageKind

# Front matter longer than this is not a clipper's: read as text.
MAX_FRONT_MATTER = 64 * 1024
_OPENING = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_READ_ORIGINAL = re.compile(r"^\[Read Original\]\((https?://[^)\s]+)\)", re.MULTILINE)
_EXCERPT = re.compile(r"^> ?#{1,6} ?Excerpt[ \t]*\r?\n((?:>.*\r?\n?)+)", re.MULTILINE)

_TITLE_KEYS = ("title", "name", "headline")
_URL_KEYS = ("source", "url", "link", "original_url", "originalUrl", "source_url", "canonical")
_AUTHOR_KEYS = ("author", "authors", "byline", "creator")
_PUBLISHED_KEYS = ("published", "date_published", "datePublished", "published_at", "date")
_SAVED_KEYS = ("created", "date_saved", "saved", "clipped", "savedAt")
_SITE_KEYS = ("site", "site_name", "siteName", "publisher", "publication")


def split(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, the rest) of a Markdown text; ({}, text) if it has none
    that YAML reads as a mapping."""
    opening = _OPENING.match(text)
    if opening is None:
        return {}, text
    closing = _CLOSING.search(text, opening.end(), opening.end() + MAX_FRONT_MATTER)
    if closing is None:
        return {}, text
    try:
        data = yaml.load(text[opening.end() : closing.start()], Loader=_Loader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[closing.end() :].lstrip("\r\n")


# The C loader where PyYAML has it (several times faster); safe either way.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = data.get(key)
        if value not in (None, "", []):
            return value
    return None


def _excerpt_as_one_line(body: str) -> str:
    """MarkDownload's `> ## Excerpt` block as one quoted line, so that a fold
    rule can take it whole."""

    def one(match: re.Match[str]) -> str:
        lines = [line.lstrip(">").strip() for line in match.group(1).splitlines()]
        return "> Excerpt: " + " ".join(line for line in lines if line) + "\n"

    return _EXCERPT.sub(one, body, count=1)


def markdown_page(path: Path, data: bytes) -> Page:
    """A Markdown file as a page: its front matter, if any, as hints; the text
    after it as the page."""
    page = text_page(path, PageKind.MARKDOWN, data)
    meta, body = split(page.text)
    if not meta:
        return page
    body = _excerpt_as_one_line(body)
    url = web_address(_first(meta, _URL_KEYS))
    if url is None and (original := _READ_ORIGINAL.search(body)):
        url = original.group(1)
    published = parse_date(_first(meta, _PUBLISHED_KEYS)) or parse_date(_first(meta, _SAVED_KEYS))
    return Page(
        path=page.path,
        kind=page.kind,
        text=body,
        encoding=page.encoding,
        size=page.size,
        ident=page.ident,
        title=one_line(_first(meta, _TITLE_KEYS)),
        url=url,
        published=published,
        byline=names(_first(meta, _AUTHOR_KEYS)),
        source=one_line(_first(meta, _SITE_KEYS), 200),
    )
