"""Load: a path on disk to the decoded `Page`s it holds, or an `ArticleError` with a reason.

Which files are articles is decided here, by name, in one table (`family_of`),
with a look at the first bytes for the two suffixes that other programs use
too (`.csv`, `.json`: `wanted`). Files are opened read-only and only regular
files are read (never a FIFO or a device). Each family of formats is a module
that turns bytes into pages:

- `frontmatter`: Markdown clippings with YAML front matter;
- `mime`: MHTML (`.mhtml .mht`), mail (`.eml`), mailboxes (`.mbox`, Apple
  Mail's `Name.mbox/mbox`);
- `archives`: `.html.gz`/`.txt.gz`, SingleFile's `.zip.html`, Safari's
  `.webarchive`;
- `warc`: `.warc`, `.warc.gz`, `.wacz`;
- `epub`: `.epub` (wallabag's export: one article a chapter);
- `exports`: read-it-later exports (wallabag's JSON, TXT and Markdown,
  Omnivore's folder, Pocket's and Instapaper's link lists).

A file that holds many articles yields one page per article, each with its
place (`Page.member`, 1-based) and what the file knows of it (title, address,
date) as hints; a member that cannot be read is an `Unreadable` with the
reason, and the rest go on. Nothing is ever extracted to disk, fetched, or
read past a byte cap.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from reader.formats.common import (
    MAX_BYTES,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    Unreadable,
    text_page,
)
from reader.model import ArticleError, Page, PageKind

__all__ = [
    "MAX_BYTES",
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "SUFFIXES",
    "Unreadable",
    "family_of",
    "family_of_name",
    "is_article_name",
    "kind_of",
    "load",
    "load_pages",
    "wanted",
]

# The single-page text formats, by suffix.
SUFFIXES: dict[str, PageKind] = {
    ".html": PageKind.HTML,
    ".htm": PageKind.HTML,
    ".xhtml": PageKind.HTML,
    ".txt": PageKind.TEXT,
    ".text": PageKind.TEXT,
    ".md": PageKind.MARKDOWN,
    ".markdown": PageKind.MARKDOWN,
}

# Every other family, by how a name ends (longest ending first).
_ENDINGS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".html.gz", "gzip"),
    (".htm.gz", "gzip"),
    (".txt.gz", "gzip"),
    (".md.gz", "gzip"),
    (".zip.html", "singlefile-zip"),
    (".mhtml", "mhtml"),
    (".mht", "mhtml"),
    (".eml", "eml"),
    (".mbox", "mbox"),
    (".webarchive", "webarchive"),
    (".warc", "warc"),
    (".wacz", "warc"),
    (".epub", "epub"),
    (".json", "json"),
    (".csv", "csv"),
)
_DOUBLE_PAGE_ENDINGS = tuple(
    ending for ending, _ in _ENDINGS if ending[ending.rfind(".") :] in SUFFIXES
)
# Suffixes other programs use too: a file is listed only if its first bytes
# say it is an export (see `wanted`).
SNIFFED = frozenset({"json", "csv"})
_SNIFF_BYTES = 4096


def family_of(path: Path | str) -> str | None:
    """The family of formats a file name promises ("html", "text", "markdown",
    "mbox", "warc"...), or None for files reader skips."""
    text = str(path)
    return family_of_name(os.path.basename(text), os.path.basename(os.path.dirname(text)))


# The single-page suffixes' families, as plain strings (the walk asks 100,000 times).
_SINGLE = {suffix: kind.value for suffix, kind in SUFFIXES.items()}


def family_of_name(name: str, folder: str = "") -> str | None:
    """`family_of` a file called `name` in a folder called `folder`."""
    lower = name.lower()
    dot = lower.rfind(".")
    # Most names end in one of the single-page suffixes: one look-up, unless
    # the suffix could be the end of a double one (".zip.html").
    family = _SINGLE.get(lower[dot:]) if dot > 0 else None
    if family is not None and not lower.endswith(_DOUBLE_PAGE_ENDINGS):
        return family
    for ending, family in _ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return family
    if lower == "mbox" and folder.lower().endswith(".mbox"):
        return "mbox"  # Apple Mail's export: a folder Name.mbox holding a file named mbox
    return None


def is_article_name(path: Path | str) -> bool:
    """Whether a file's name is one reader reads (before any look inside)."""
    return family_of(path) is not None


def kind_of(path: Path) -> PageKind | None:
    """The kind of page a single-page file name promises (None for the others)."""
    return SUFFIXES.get(path.suffix.lower())


def wanted(path: Path, family: str | None = None) -> bool:
    """Whether a file named like an article is one: for `.json` and `.csv`,
    whether its first bytes are a read-it-later export's; for every other
    name, yes. (The walk asks, so that a folder's spreadsheets and settings
    are never listed; it gives the `family` it found.)"""
    family = family or family_of(path)
    if family not in SNIFFED:
        return family is not None
    import reader.formats.exports as exports

    try:
        with open_regular(path) as file:
            head = file.read(_SNIFF_BYTES)
    except ArticleError:
        return True  # listed, so that the reason is shown
    return exports.sniff(family, head)


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, if it is a regular file (a FIFO is never
    waited on)."""
    try:
        # Non-blocking, so that opening a FIFO named like an article returns at once.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ArticleError(path, error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(path, "not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The whole file, if it is a regular file of at most `max_bytes`."""
    with open_regular(path) as file:
        try:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise ArticleError(
                    path, f"too large ({size / 2**20:.0f} MB, limit {max_bytes / 2**20:.0f} MB)"
                )
            data = file.read(max_bytes + 1)
        except OSError as error:
            raise ArticleError(path, error.strerror or str(error)) from None
    if len(data) > max_bytes:
        raise ArticleError(path, f"too large (limit {max_bytes / 2**20:.0f} MB)")
    return data


def _nonblank(path: Path, data: bytes) -> bytes:
    if not data.strip():
        raise ArticleError(path, "empty file" if not data else "nothing but blank space")
    return data


def load_pages(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Page | Unreadable]:
    """Every page a file holds, in order: one for most files, one per article
    for a mailbox, an archive or an export. Raises ArticleError (with a reason)
    when the file as a whole cannot be read; a member that cannot be is an
    `Unreadable`, and the rest follow it."""
    family = family_of(path)
    if family is None:
        raise ArticleError(path, f"not an article file ({path.suffix or 'no suffix'})")
    yield from _capped(path, _pages(path, family, max_bytes))


def _capped(path: Path, pages: Iterator[Page | Unreadable]) -> Iterator[Page | Unreadable]:
    """At most MAX_MEMBERS members of one file."""
    for count, page in enumerate(pages, 1):
        if count > MAX_MEMBERS:
            yield Unreadable(count, f"more than {MAX_MEMBERS:,} articles: the rest left unread")
            return
        yield page


def _pages(path: Path, family: str, max_bytes: int) -> Iterator[Page | Unreadable]:
    # The modules are imported when a file of theirs is met: most libraries
    # hold no mailbox, and a worker should not pay for warcio to read HTML.
    if family == "mbox":
        import reader.formats.mime as mime

        with open_regular(path) as file:
            yield from mime.mbox_pages(path, file)
        return
    if family == "warc":
        import reader.formats.warc as warc

        with open_regular(path) as file:
            yield from warc.pages(path, file, wacz=path.name.lower().endswith(".wacz"))
        return
    if family == "epub":
        import reader.formats.epub as epub

        with open_regular(path) as file:
            yield from epub.pages(path, file)
        return
    data = _nonblank(path, read_capped(path, max_bytes))
    if family in ("mhtml", "eml"):
        import reader.formats.mime as mime

        yield mime.mhtml_page(path, data) if family == "mhtml" else mime.eml_page(path, data)
    elif family == "webarchive":
        import reader.formats.archives as archives

        yield archives.webarchive_page(path, data)
    elif family == "gzip":
        import reader.formats.archives as archives

        inner = archives.gunzip(path, data, MAX_MEMBER_BYTES)
        inner_path = Path(path.name[: -len(".gz")])
        yield from _single(path, SUFFIXES[inner_path.suffix.lower()], _nonblank(path, inner))
    elif family in ("json", "csv"):
        import reader.formats.exports as exports

        yield from exports.pages(path, family, data)
    elif family == "singlefile-zip":
        import reader.formats.archives as archives

        yield archives.singlefile_zip_page(path, data)
    else:
        yield from _single(path, PageKind(family), data)


def _single(path: Path, kind: PageKind, data: bytes) -> Iterator[Page | Unreadable]:
    """A text file: one page, unless it is an export that holds many (or a
    SingleFile page with its ZIP inside)."""
    import reader.formats.exports as exports

    if kind is PageKind.HTML:
        import reader.formats.archives as archives

        if archives.is_singlefile_zip(data):
            yield archives.singlefile_zip_page(path, data)
            return
        links = exports.link_list_html(path, data)
        if links is not None:
            yield links
            return
        page = text_page(path, kind, data)
        yield exports.with_omnivore_hints(page)
        return
    if kind is PageKind.TEXT:
        import reader.formats.mime as mime

        if mime.is_mail(data):
            yield mime.mail_page(path, data)
            return
        if exports.is_wallabag_txt(data):
            yield from exports.wallabag_txt_pages(path, data)
            return
    if kind is PageKind.MARKDOWN:
        import reader.formats.frontmatter as frontmatter

        page = frontmatter.markdown_page(path, data)
        many = exports.wallabag_md_pages(page)
        if many is not None:
            yield from many
            return
        yield page
        return
    yield text_page(path, kind, data)


def load(path: Path, *, max_bytes: int = MAX_BYTES, member: int = 0) -> Page:
    """One page of a file: its only page, or its `member`-th (1-based) for a
    file that holds many (the first, if `member` is 0)."""
    for page in load_pages(path, max_bytes=max_bytes):
        if member and page.member not in (member, 0):
            continue
        if isinstance(page, Unreadable):
            where = f" ({page.member})" if page.member else ""
            raise ArticleError(path, page.reason + where)
        return page
    if member:
        raise ArticleError(path, f"it holds no article {member}")
    raise ArticleError(path, "no article found in it")
