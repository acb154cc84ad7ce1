"""Web archives: WARC (`.warc`, `.warc.gz`: wget `--warc-file`, ArchiveBox) and
WACZ (`.wacz`: Webrecorder, a ZIP of WARCs with a page list), with warcio.

Each `response` record whose payload is HTML (a 200 with `text/html` or
XHTML) is an article; one file holds many. Chunked transfer coding and gzip,
deflate or brotli content coding are removed (warcio); `revisit` records
have no body and are not articles. A WACZ's `pages/pages.jsonl` gives the
pages' titles. Records are streamed, each payload read through a cap; a
truncated or malformed record ends the reading with the reason, after the
pages before it.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed

from reader.formats.archives import read_member
from reader.formats.common import (
    MAX_MEMBER_BYTES,
    Unreadable,
    one_line,
    text_page,
    web_address,
)
from reader.model import ArticleError, Page, PageKind

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# A WACZ's page list: read through this cap.
_PAGES_BYTES = 16 * 2**20


class _Brotli:
    """brotli's decompressor as warcio calls it (warcio was written for an older
    brotli binding, whose decompressor had `decompress` and took attributes),
    with a cap on what one call may give: a brotli bomb is an error, not a
    gigabyte."""

    unused_data = None

    def __init__(self) -> None:
        self._inner = brotli.Decompressor()

    def decompress(self, data: bytes) -> bytes:
        out = self._inner.process(data, output_buffer_limit=MAX_MEMBER_BYTES + 1)
        if len(out) > MAX_MEMBER_BYTES or not self._inner.can_accept_more_data():
            raise ValueError(f"too large when decompressed (over {MAX_MEMBER_BYTES // 2**20} MB)")
        return bytes(out)

    def flush(self) -> bytes:
        return b""


BufferedReader.DECOMPRESSORS["br"] = _Brotli


def pages(path: Path, file: BinaryIO, *, wacz: bool = False) -> Iterator[Page | Unreadable]:
    """Every HTML page the archive captured, in order."""
    if not wacz:
        yield from _records(path, file, {}, 0)
        return
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ArticleError(path, "not a WACZ file (not a ZIP)") from None
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        titles = _titles(archive, members)
        warcs = sorted(
            (i for i in members if i.filename.lower().endswith((".warc", ".warc.gz"))),
            key=lambda i: i.filename,
        )
        if not warcs:
            raise ArticleError(path, "no WARC in this WACZ file")
        count = 0
        for info in warcs:
            try:
                with archive.open(info) as stream:
                    for page in _records(path, stream, titles, count):
                        count += 1
                        yield page
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                yield Unreadable(count + 1, f"{info.filename} cannot be read ({error})")


def _titles(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Page addresses to titles, from the WACZ's `pages/*.jsonl`."""
    titles: dict[str, str] = {}
    for info in members:
        if not (info.filename.startswith("pages/") and info.filename.endswith(".jsonl")):
            continue
        try:
            data = read_member(archive, info, _PAGES_BYTES) or b""
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            continue
        for line in data.splitlines():
            try:
                entry = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(entry, dict):
                url, title = entry.get("url"), one_line(entry.get("title"))
                if isinstance(url, str) and title:
                    titles.setdefault(url, title)
    return titles


def _records(
    path: Path, stream: IO[bytes], titles: dict[str, str], before: int
) -> Iterator[Page | Unreadable]:
    number = before
    records = ArchiveIterator(stream)
    while True:
        try:
            with _quiet():
                record = next(records)
        except StopIteration:
            return
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
            yield Unreadable(number + 1, f"a WARC record cannot be read ({_reason(error)})")
            return
        if not _is_page(record):
            continue
        number += 1
        try:
            with _quiet():
                body = record.content_stream().read(MAX_MEMBER_BYTES + 1)
        except Exception as error:  # zlib, brotli, chunking: each their own errors
            yield Unreadable(number, f"page {number}: its body cannot be read ({_reason(error)})")
            return
        if len(body) > MAX_MEMBER_BYTES:
            limit = MAX_MEMBER_BYTES // 2**20
            yield Unreadable(number, f"page {number}: too large (limit {limit} MB)")
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        try:
            yield text_page(
                path,
                PageKind.HTML,
                body,
                charset=_charset(record),
                url=web_address(url),
                title=titles.get(url or ""),
                member=number,
                unit="page",
            )
        except ArticleError as error:
            yield Unreadable(number, f"page {number}: {error.reason}")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """warcio writes its warnings (a record's length off by a byte) to stderr:
    the reader says what went wrong itself, in one line."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def _is_page(record: Any) -> bool:
    """A response with an HTML body that came back whole (200)."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode()
    if status != "200":
        return False
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return kind in _HTML_TYPES


def _charset(record: Any) -> str | None:
    kind = record.http_headers.get_header("Content-Type") or ""
    for parameter in kind.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return (text[:120] or type(error).__name__).rstrip(".")
