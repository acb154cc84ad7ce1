"""An HTML page's own metadata: JSON-LD, `<meta>` (Dublin Core, Open Graph,
Twitter, Parse.ly), the `<title>` element, and a byline element in the page.

The order in which the sources are tried is Mozilla Readability's (the
reference the test pages were made with): structured data first, then the
`<title>` text with the site's name cut off its end. Where Readability has
nothing, a few more places are tried (other date tags, `<time>`, the
application name), since a reader would rather show something.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml.etree import ParserError

from reader.extract.dates import parse_date
from reader.extract.tame import parse
from reader.normalize import fast_words, line_key
from reader.sanitize import clean, clean_line


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    site_name: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    section: str | None = None
    url: str | None = None
    # The page's own headings (h1 to h3), as `line_key`s: what a <title>'s
    # headline is printed as.
    headings: frozenset[str] = frozenset()
    # Whether the title is one the page declares (JSON-LD, a <meta> tag), as
    # its publisher wrote it, rather than its <title> text.
    declared_title: bool = False
    # The summary the page declares (JSON-LD, Open Graph, Twitter, <meta>).
    description: str | None = None
    # The article's text as its JSON-LD declares it (`articleBody`), as text.
    declared_body: str | None = None


# <meta property="..."> may list several; <meta name="..."> names one.
_PROPERTY = re.compile(
    r"\s*(article|dc|dcterm|og|twitter)\s*:\s*"
    r"(author|creator|description|published_time|title|site_name)\s*",
    re.I,
)
_NAME = re.compile(
    r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?"
    r"(author|creator|pub-date|description|title|site_name)\s*$",
    re.I,
)
_JSON_LD_ARTICLE = re.compile(
    r"^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|"
    r"AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|"
    r"ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|"
    r"SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|"
    r"APIReference)$"
)
_SCHEMA_ORG = re.compile(r"^https?://schema\.org/?$")
_JSON_LD_SCRIPT = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.I | re.S,
)
_CANONICAL = re.compile(
    r"<link\b(?=[^>]*\brel\s*=\s*[\"']?canonical\b)[^>]*\bhref\s*=\s*[\"']([^\"'>]+)[\"']", re.I
)

# Tags in a declared articleBody: those that end a paragraph, and any.
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|h[1-6]|blockquote)\b[^>]{0,2000}>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")
# Separators between a headline and the site's name in a <title>.
_SEPARATOR = re.compile(r" [|\-–—\\/>»] ")
_HIERARCHICAL = re.compile(r" [\\/>»] ")
# Between the parts of a <title>: headline, site, section, writer ("A « Blog").
_TITLE_PARTS = re.compile(r" (?:[|\-–—\\/>»«·•]|::) ")
_HEADING_WORDS = 30
_BYLINE_HINT = re.compile(r"byline|author|dateline|writtenby|p-author", re.I)
_UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|"
    r"footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|"
    r"skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|"
    r"yom-remote",
    re.I,
)
_MAYBE = re.compile(r"and|article|body|column|content|main|mathjax|shadow", re.I)
_LOWERED = {p: re.compile(p.pattern.lower()) for p in (_BYLINE_HINT, _UNLIKELY, _MAYBE)}


def _text(value: Any) -> str | None:
    """A clean one-line string, or None for anything else or nothing."""
    if not isinstance(value, str):
        return None
    return clean_line(html.unescape(value)) or None


def _meta_values(root: Any) -> dict[str, str]:
    """Meta values under Readability's keys ("og:title", "dc:creator", "author"...)."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        found = _PROPERTY.findall(meta.get("property") or "")
        for prefix, name in found:
            values[f"{prefix}:{name}".lower()] = content
        name = meta.get("name")
        if not found and name and _NAME.match(name):
            values[re.sub(r"\s", "", name.lower()).replace(".", ":")] = content
    return values


def _other_meta(root: Any) -> dict[str, str]:
    """Every other <meta> by lowercased name or property: the fallbacks."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").strip()
        for attribute in ("property", "name", "itemprop"):
            for key in (meta.get(attribute) or "").lower().split():
                if content:
                    values.setdefault(key, content)
    return values


def _json_ld_objects(page_html: str) -> Iterator[Any]:
    # Read from the markup, not a tree: readability's tree has its scripts removed.
    for match in _JSON_LD_SCRIPT.finditer(page_html):
        text = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", match.group(1))
        try:
            yield json.loads(text)
        except (ValueError, RecursionError):
            continue


def _is_article(item: Any) -> bool:
    kind = item.get("@type") if isinstance(item, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _JSON_LD_ARTICLE.match(k) for k in kinds)


def _json_ld(page_html: str) -> dict[str, Any]:
    """The first schema.org article in the page's JSON-LD, as Readability finds it."""
    for data in _json_ld_objects(page_html):
        if isinstance(data, list):
            data = next((item for item in data if _is_article(item)), None)
        if not isinstance(data, dict):
            continue
        context = data.get("@context")
        vocab = context.get("@vocab") if isinstance(context, dict) else context
        if not (isinstance(vocab, str) and _SCHEMA_ORG.match(vocab)):
            continue
        if "@type" not in data and isinstance(data.get("@graph"), list):
            data = next((item for item in data["@graph"] if _is_article(item)), None)
        if isinstance(data, dict) and _is_article(data):
            return data
    return {}


def _body_text(value: Any) -> str | None:
    """A declared `articleBody` as plain text: entities decoded, any markup's
    tags taken out (never parsed: it is text the page holds), paragraphs kept."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _BLOCK_TAG.sub("\n\n", html.unescape(value))
    return clean(_TAG.sub("", text)).strip() or None


_BODY_PROP = ("articleBody", "articlebody", "ArticleBody")


def _microdata_body(root: Any, page_html: str) -> str | None:
    """The article's text as the page's microdata declares it (the element
    whose `itemprop` is `articleBody`), as text, like a JSON-LD one."""
    if not any(name in page_html for name in _BODY_PROP):
        return None  # (a look at the markup is cheaper than a walk of the tree)
    for element in root.iterfind(".//*[@itemprop]"):
        if "articlebody" in element.get("itemprop", "").lower().split():
            return _body_text(lxml.html.tostring(element, encoding="unicode"))
    return None


def _similarity(a: str, b: str) -> float:
    """How much of b's text is words that a also has (Readability's measure)."""
    tokens_a = set(re.split(r"\W+", a.lower())) - {""}
    tokens_b = [t for t in re.split(r"\W+", b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique = " ".join(t for t in tokens_b if t not in tokens_a)
    return 1 - len(unique) / len(" ".join(tokens_b))


def _ld_title(ld: dict[str, Any], document_title: str) -> str | None:
    name, headline = _text(ld.get("name")), _text(ld.get("headline"))
    if name and headline and name != headline:
        # Some sites put their own name in "name": take the headline if it is
        # the one that looks like the page's title.
        headline_matches = _similarity(headline, document_title) > 0.75
        name_matches = _similarity(name, document_title) > 0.75
        return headline if headline_matches and not name_matches else name
    return name or headline


def _declared_ld_title(ld_title: str | None, tagged: str | None, title_text: str) -> str | None:
    """The JSON-LD title, unless it has no word in common with the page's
    other titles (its <meta> tags' and its <title>) while those have one
    between them: a template's placeholder ("escenic"), not the headline."""
    if not ld_title or not tagged:
        return ld_title
    ld, tags, text = (set(fast_words(t)) for t in (ld_title, tagged, title_text))
    return ld_title if ld & (tags | text) or not tags & text else None


def _ld_byline(author: Any) -> str | None:
    if isinstance(author, dict):
        return _text(author.get("name"))
    if isinstance(author, list):
        names = [_text(a.get("name")) for a in author if isinstance(a, dict)]
        return ", ".join(n for n in names if n) or None
    return None


def _words(text: str) -> int:
    return len(text.split())


def document_title(root: Any) -> str:
    """The `<title>` text without the site's name, by Readability's rules."""
    element = root.find(".//title")
    original = " ".join((element.text_content() if element is not None else "").split())
    title = original
    hierarchical = False
    if _SEPARATOR.search(title):
        hierarchical = bool(_HIERARCHICAL.search(title))
        title = original[: list(_SEPARATOR.finditer(original))[-1].start()]
        if _words(title) < 3:
            title = re.sub(r"^[^|\-–—\\/>»]*[|\-–—\\/>»]", "", original)
    elif ": " in title:
        headings = [h.text_content().strip() for h in root.iter("h1", "h2")]
        if title.strip() not in headings:
            title = original[original.rfind(":") + 1 :]
            if _words(title) < 3:
                title = original[original.find(":") + 1 :]
            elif _words(original[: original.find(":")]) > 5:
                title = original
    elif len(title) > 150 or len(title) < 15:
        h1s = list(root.iter("h1"))
        if len(h1s) == 1:
            title = h1s[0].text_content()
    title = " ".join(title.split())
    words = _words(title)
    if words <= 4 and (
        not hierarchical or words != _words(re.sub(r"[|\-–—\\/>»]+", "", original)) - 1
    ):
        title = original
    return title


def title_parts(title: str) -> list[str]:
    """The runs of a <title>'s parts, longest first ("Headline | by Writer |
    Section" gives "Headline | by Writer", "by Writer | Section", "Headline",
    ...): a headline may hold a separator of its own ("Newcastle - Bolton")."""
    cuts = [(m.start(), m.end()) for m in _TITLE_PARTS.finditer(title)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(title)]
    runs = [
        title[starts[i] : ends[j]]
        for i in range(len(starts))
        for j in range(i, len(ends))
        if (i, j) != (0, len(ends) - 1)
    ]
    return sorted(runs, key=len, reverse=True)


def headline_in(title: str, lines: frozenset[str]) -> str:
    """A <title>'s headline, when the page prints one run of its parts (see
    `title_parts`) as a line of its own (a heading, a block of the article):
    "Site - Headline", "Headline | by Writer | Section", "Headline « Blog".
    Two runs printed apart (the site's name in a heading too) leave the title
    as it is, and so does a run shorter than what it would leave out: a blog's
    name is a heading of its page as often as its post's title is."""
    found = [run for run in title_parts(title) if _words(run) >= 2 and line_key(run) in lines]
    if not found or any(run not in found[0] for run in found[1:]):
        return title
    rest = _TITLE_PARTS.sub(" ", title.replace(found[0], " ", 1))
    return found[0] if _words(found[0]) >= _words(rest) else title


def _headings(root: Any) -> frozenset[str]:
    texts = (" ".join(h.text_content().split()) for h in root.iter("h1", "h2", "h3"))
    return frozenset(line_key(t) for t in texts if 0 < _words(t) <= _HEADING_WORDS)


def _hidden(element: Any) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.get("hidden") is not None or "display:none" in style


def page_byline(root: Any) -> str | None:
    """A byline written in the page: an element marked as the author's (rel,
    itemprop, or a class or id such as "byline"), outside menus and sidebars
    (and hidden parts), the first in the page's order."""
    body = root.find(".//body")
    if body is None:
        return None
    # Only elements with one of these attributes can be marked: libxml2 finds
    # them, in the page's order; their ancestors are then looked at.
    for element in (body, *body.xpath(_MARKABLE)):
        if not _marked(element) or not _readable(element, body):
            continue
        text = element.text_content().strip()
        if 0 < len(text) < 100:
            # A name marked inside the byline ("By <span itemprop=name>…") is the name.
            named = element.xpath(".//*[contains(@itemprop, 'name')]")
            if named:
                return clean_line(named[0].text_content())
            if element.find(".//button") is not None:
                text = _row_byline(element) or text
            return clean_line(text)
    return None


def _row_byline(row: Any) -> str:
    """A byline that is a row of the author's name and controls ("Follow"):
    the one name marked in it, then the rest of the row (a date, a reading
    time), set apart as a byline's fields are; the controls left out. ("" for a
    row that is nothing but controls: it is left as Readability reads it.)"""
    row = deepcopy(row)
    for button in row.findall(".//button"):
        button.drop_tree()
    marked = [e for e in row.xpath("." + _MARKABLE[1:]) if _marked(e)]
    # The innermost: a row may be marked inside a byline marked around it.
    inner = [
        e
        for e in marked
        if e.text_content().strip() and not any(m in marked for m in e.iterdescendants())
    ]
    name = ""
    if len(inner) == 1:
        name = " ".join(inner[0].text_content().split())
        inner[0].drop_tree()
    # A row's parts are set apart by its layout, not by spaces.
    rest = " ".join(" ".join(row.itertext()).split())
    return f"{name} · {rest}" if name and rest else name or rest


_MARKABLE = ".//*[@rel or @itemprop or @class or @id]"


def _marked(element: Any) -> bool:
    """Whether an element is marked as the author's."""
    hint = f"{element.get('class') or ''} {element.get('id') or ''}"
    return (
        element.get("rel") == "author"
        or "author" in (element.get("itemprop") or "")
        or _search(_BYLINE_HINT, hint)
    )


def _search(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern` (case ignored) in `text`: for ASCII, its lower-case form in the
    lowered text, which costs a tenth."""
    if text.isascii():
        return _LOWERED[pattern].search(text.lower()) is not None
    return pattern.search(text) is not None


def _readable(element: Any, body: Any) -> bool:
    """Whether neither `element` nor an ancestor up to `body` is hidden, nor
    (but `body`) a menu or sidebar by its class or id."""
    for part in (element, *element.iterancestors()):
        if _hidden(part):
            return False
        if part is body:
            return True
        hint = f"{part.get('class') or ''} {part.get('id') or ''}"
        if _search(_UNLIKELY, hint) and not _search(_MAYBE, hint):
            return False
    return True


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def parse_page(page_html: str) -> Any | None:
    """The page as an lxml tree (for metadata and for the fallback), or None."""
    try:
        return parse(page_html)
    except (ParserError, ValueError):
        return None


def read_meta(page_html: str) -> PageMeta:
    """Metadata from the markup of a whole page."""
    root = parse_page(page_html)
    return PageMeta() if root is None else meta_of(root, page_html)


def meta_of(root: Any, page_html: str) -> PageMeta:
    """Metadata from a parsed page (its scripts may be gone) and its markup."""
    values = {key: _text(value) for key, value in _meta_values(root).items()}
    other = _other_meta(root)
    ld = _json_ld(page_html)
    title_text = document_title(root)
    article_author = values.get("article:author")
    if article_author and re.match(r"^(?:https?:)?//|^/", article_author):
        article_author = None
    publisher = ld.get("publisher")
    time_element = root.find(".//time[@datetime]")
    dates = (
        ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None,
        values.get("article:published_time"),
        values.get("parsely-pub-date"),
        other.get("datepublished"),
        other.get("date"),
        other.get("pubdate"),
        other.get("publishdate"),
        other.get("dc.date"),
        other.get("dc.date.issued"),
        other.get("dcterms.created"),
        other.get("sailthru.date"),
        time_element.get("datetime") if time_element is not None else None,
    )
    canonical = _CANONICAL.search(page_html)
    tagged = _first(
        values.get("dc:title"),
        values.get("dcterm:title"),
        values.get("og:title"),
        values.get("weibo:article:title"),
        values.get("weibo:webpage:title"),
        values.get("title"),
        values.get("twitter:title"),
        values.get("parsely-title"),
    )
    declared = _first(_declared_ld_title(_ld_title(ld, title_text), tagged, title_text), tagged)
    return PageMeta(
        title=declared or _text(title_text),
        declared_title=declared is not None,
        site_name=_first(
            _text(publisher.get("name")) if isinstance(publisher, dict) else None,
            values.get("og:site_name"),
            _text(other.get("application-name")),
        ),
        byline=_first(
            _ld_byline(ld.get("author")),
            values.get("dc:creator"),
            values.get("dcterm:creator"),
            values.get("author"),
            values.get("parsely-author"),
            article_author,
        )
        or page_byline(root),
        published=next((d for d in (parse_date(v) for v in dates if v) if d), None),
        section=_first(_text(other.get("article:section")), _text(ld.get("articleSection"))),
        headings=_headings(root),
        declared_body=_body_text(ld.get("articleBody")) or _microdata_body(root, page_html),
        description=_first(
            _text(ld.get("description")),
            values.get("og:description"),
            values.get("twitter:description"),
            values.get("description"),
        ),
        url=_first(
            _text(canonical.group(1)) if canonical is not None else None,
            _text(other.get("og:url")),
        ),
    )
