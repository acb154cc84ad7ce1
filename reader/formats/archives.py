"""Pages inside other files: gzip, SingleFile's self-extracting ZIP, Safari's webarchive.

Everything is read in memory, through a cap on the bytes *read* (never on the
sizes a file declares), so a bomb costs `MAX_MEMBER_BYTES` and an error; a
ZIP member's name is only ever compared, never used as a path, and nothing is
written anywhere.
"""

from __future__ import annotations

import io
import plistlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reader.formats.common import MAX_MEMBER_BYTES, text_page, web_address
from reader.model import ArticleError, Page, PageKind

_CHUNK = 1 << 16
_TAGS = re.compile(rb"<[^>]*>|&\w{1,10};|\s+")
# An HTML main resource with fewer characters of text than this hands over to
# its largest subframe (a frameset, a page that loads its article in a frame).
_FRAME_TEXT = 200


def gunzip(path: Path, data: bytes, cap: int = MAX_MEMBER_BYTES) -> bytes:
    """`data` decompressed (every gzip member of it), refused past `cap` bytes."""
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        try:
            while rest:
                piece = inflater.decompress(rest, _CHUNK)
                out += piece
                if len(out) > cap:
                    raise ArticleError(
                        path, f"too large when decompressed (over {cap // 2**20} MB)"
                    )
                rest = inflater.unconsumed_tail
                if inflater.eof:
                    break
                if not piece and not rest:
                    break
        except zlib.error as error:
            raise ArticleError(path, f"not valid gzip data ({error})") from None
        if not inflater.eof:
            raise ArticleError(path, "the gzip data is cut short")
        rest = inflater.unused_data.lstrip(b"\0")  # padding after the last member
    return bytes(out)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """A ZIP member's bytes, in memory, or None if it holds more than `cap`
    (however small it says it is)."""
    with archive.open(info) as member:
        data = member.read(cap + 1)
    return data if len(data) <= cap else None


def is_singlefile_zip(data: bytes) -> bool:
    """Whether an HTML file carries a ZIP (SingleFile's self-extracting save)."""
    return b"PK\x05\x06" in data[-70_000:] and b"PK\x03\x04" in data


def singlefile_zip_page(path: Path, data: bytes) -> Page:
    """The page of SingleFile's self-extracting `.zip.html`: its `index.html`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        if b"PK\x03\x04" not in data:
            # Named .zip.html but a plain page: read as one.
            return text_page(path, PageKind.HTML, data)
        raise ArticleError(path, "the ZIP inside this SingleFile page cannot be read") from None
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        main = next((i for i in members if i.filename == "index.html"), None) or next(
            (i for i in members if "/" not in i.filename and i.filename.endswith(".html")), None
        )
        if main is None:
            raise ArticleError(path, "no index.html in this SingleFile ZIP")
        try:
            page = read_member(archive, main, MAX_MEMBER_BYTES)
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError):
            raise ArticleError(path, "index.html in this SingleFile ZIP cannot be read") from None
    if page is None:
        raise ArticleError(
            path, f"index.html is too large when decompressed (over {MAX_MEMBER_BYTES // 2**20} MB)"
        )
    return text_page(path, PageKind.HTML, page, ident_of=data)


def webarchive_page(path: Path, data: bytes) -> Page:
    """The page a Safari `.webarchive` (a property list) holds: its main
    resource, or, when that has next to no text, its largest subframe's."""
    try:
        archive = plistlib.loads(data)
    except Exception:  # plistlib raises many kinds (and recurses on cycles)
        raise ArticleError(path, "not a Safari web archive (not a property list)") from None
    if not isinstance(archive, dict):
        raise ArticleError(path, "not a Safari web archive")
    resources = list(_frames(archive))
    if not resources:
        raise ArticleError(path, "no page in this web archive")
    main = resources[0]
    if len(resources) > 1 and _text_size(main) < _FRAME_TEXT:
        main = max(resources[1:], key=_text_size)
    body = main.get("WebResourceData")
    if not isinstance(body, bytes):
        raise ArticleError(path, "no page in this web archive")
    mime = str(main.get("WebResourceMIMEType") or "text/html").lower()
    kind = PageKind.TEXT if mime.startswith("text/plain") else PageKind.HTML
    charset = main.get("WebResourceTextEncodingName")
    return text_page(
        path,
        kind,
        body,
        charset=charset if isinstance(charset, str) else None,
        ident_of=data,
        url=web_address(resources[0].get("WebResourceURL")),
    )


def _frames(archive: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The archive's main resource, then its subframes' (depth first, no recursion)."""
    stack = [archive]
    seen = 0
    while stack and seen < 1000:
        seen += 1
        current = stack.pop()
        main = current.get("WebMainResource")
        if isinstance(main, dict):
            yield main
        frames = current.get("WebSubframeArchives")
        if isinstance(frames, list):
            stack.extend(reversed([f for f in frames if isinstance(f, dict)]))


def _text_size(resource: dict[str, Any]) -> int:
    body = resource.get("WebResourceData")
    if not isinstance(body, bytes):
        return 0
    return len(_TAGS.sub(b"", body[: 4 * 2**20]))
