"""An HTML page's own metadata: `<meta>`, Open Graph, JSON-LD, `<title>`, `<time>`.

Each field is taken from the most specific place that has it; structured data
(Open Graph, JSON-LD) before the `<title>` element's text, which often carries
the site's name too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError

from reader.extract.dates import parse_date
from reader.sanitize import clean_line


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    site_name: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    section: str | None = None
    url: str | None = None


_ARTICLE_TYPES = re.compile(r"article|posting|report|news|blog", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:»-]\s+")


def _meta_values(root: Any) -> dict[str, str]:
    """The first content of every <meta name=…> / <meta property=…>, keys lowercased."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if not content or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            for key in (meta.get(attribute) or "").lower().split():
                values.setdefault(key, content.strip())
    return values


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects of the page, flattened out of @graph lists."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _name(value: Any) -> str | None:
    """A name from a JSON-LD person/organisation, a list of them, or a string."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _first(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str):
            value = clean_line(value)
            if value:
                return value
    return None


def _author(value: str | None) -> str | None:
    """An author value that names someone (not a profile URL)."""
    if value and not value.startswith(("http://", "https://", "/")):
        return value
    return None


def title_from_document_title(title: str | None, site_name: str | None) -> str | None:
    """The `<title>` text without the site name it so often carries."""
    if not title or not site_name:
        return title
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title
    site = site_name.casefold()
    if title[separators[-1].end() :].casefold() == site:
        return title[: separators[-1].start()]
    if title[: separators[0].start()].casefold() == site:
        return title[separators[0].end() :]
    return title


def read_meta(page_html: str) -> PageMeta:
    """Metadata from the markup of a whole page."""
    try:
        root = lxml_html.document_fromstring(page_html)
    except (ParserError, ValueError):
        return PageMeta()
    meta = _meta_values(root)
    ld: dict[str, Any] = {}
    publisher: dict[str, Any] = {}
    for item in _json_ld(root):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not ld and any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
            ld = item
        if isinstance(item.get("publisher"), dict):
            publisher = publisher or item["publisher"]
    title_element = root.find(".//title")
    document_title = _first(title_element.text_content() if title_element is not None else None)
    site_name = _first(
        meta.get("og:site_name"),
        _name(ld.get("publisher")) or _name(publisher),
        meta.get("application-name"),
        meta.get("al:android:app_name"),
    )
    title = _first(
        meta.get("og:title"),
        meta.get("twitter:title"),
        ld.get("headline"),
        meta.get("title"),
        meta.get("dc.title"),
        title_from_document_title(document_title, site_name),
    )
    byline = _first(
        _author(meta.get("author")),
        _author(meta.get("article:author")),
        _author(_name(ld.get("author"))),
        meta.get("byl"),
        meta.get("dc.creator"),
        meta.get("sailthru.author"),
        meta.get("parsely-author"),
    )
    time_element = root.find(".//time[@datetime]")
    published = next(
        (
            date
            for date in (
                parse_date(value)
                for value in (
                    meta.get("article:published_time"),
                    ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None,
                    meta.get("datepublished"),
                    meta.get("date"),
                    meta.get("pubdate"),
                    meta.get("publishdate"),
                    meta.get("dc.date"),
                    meta.get("dc.date.issued"),
                    meta.get("dcterms.created"),
                    meta.get("sailthru.date"),
                    meta.get("parsely-pub-date"),
                    meta.get("og:updated_time"),
                    meta.get("article:modified_time"),
                    time_element.get("datetime") if time_element is not None else None,
                )
                if value
            )
            if date is not None
        ),
        None,
    )
    canonical = root.find(".//link[@rel='canonical']")
    return PageMeta(
        title=title,
        site_name=site_name,
        byline=byline,
        published=published,
        section=_first(meta.get("article:section"), ld.get("articleSection")),
        url=_first(canonical.get("href") if canonical is not None else None, meta.get("og:url")),
    )
