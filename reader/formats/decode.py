"""Bytes to text: byte-order mark, then declared charset, then detection, then UTF-8.

Readability is always given a `str`: left to itself with bytes it guesses, and
guesses wrong on pages that declare one charset and use another.
"""

from __future__ import annotations

import codecs
import re

import chardet

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,200}encoding\s*=\s*["']([a-zA-Z0-9_.:-]{1,40})""")

# Labels that browsers (WHATWG Encoding) read as windows-1252.
_LATIN1_LABELS = {"iso8859-1", "latin-1", "ascii", "us-ascii", "cp819", "iso-ir-100"}
_SNIFF_BYTES = 8192
_DETECT_BYTES = 65536


def _codec(label: bytes | str) -> str | None:
    """The Python codec for a charset label, or None if it names no text codec."""
    name = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    try:
        info = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    if info.name in _LATIN1_LABELS or info.name == "iso8859-1":
        return "cp1252"
    return info.name


def _declared(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return _codec(match.group(1)) if match else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, *, markup: bool) -> tuple[str, str]:
    """Decode `data`; returns (text, name of the encoding used).

    `markup` says whether to look for a `<meta charset>` declaration. A page that
    declares another charset but is valid UTF-8 is read as UTF-8: browsers save
    pages in UTF-8 and often keep the original declaration, and non-ASCII text in
    a legacy charset is almost never valid UTF-8 by chance.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec

    declared = _declared(data[:_SNIFF_BYTES]) if markup else None
    if declared and not declared.startswith("utf"):
        if not data.isascii():
            text = _strict(data, "utf-8")
            if text is not None:
                return text, "utf-8"
        text = _strict(data, declared)
        if text is not None:
            return text, declared

    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"

    guess = chardet.detect(data[:_DETECT_BYTES])
    detected = (
        _codec(guess.get("encoding") or "") if (guess.get("confidence") or 0) >= 0.5 else None
    )
    if detected:
        text = _strict(data, detected)
        if text is not None:
            return text, detected
    if declared and not declared.startswith("utf"):
        return data.decode(declared, errors="replace"), declared
    return data.decode("utf-8", errors="replace"), "utf-8"


def decode_declared(data: bytes, charset: str, *, markup: bool) -> tuple[str, str]:
    """Decode `data` that its container (a MIME part, an HTTP response, a
    webarchive) says is in `charset`: a byte-order mark first, then UTF-8 if
    the bytes are valid UTF-8 (containers keep the label the page was served
    with), then the label; if the label names no codec, or the bytes are not
    in it, as `decode` would."""
    codec = _codec(charset)
    if codec is None or codec.startswith("utf"):
        return decode(data, markup=markup)
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return decode(data, markup=markup)
    if not data.isascii():
        text = _strict(data, "utf-8")
        if text is not None:
            return text, "utf-8"
    text = _strict(data, codec)
    if text is not None:
        return text, codec
    return decode(data, markup=markup)


# A UTF-8 lead byte read as cp1252 (Â..ô) followed by one to three continuation
# bytes read the same way: the signature of UTF-8 decoded as cp1252 ("â€™" for "’").
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONTINUATION = "[\u0080-\u00bf" + _CP1252_HIGH + "]"
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONTINUATION}"
    f"|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    f"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)


def _as_cp1252_byte(ch: str) -> int:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        if ord(ch) < 256:  # the five bytes cp1252 leaves undefined pass through as C1
            return ord(ch)
        raise


def _unmangle(match: re.Match[str]) -> str:
    text = match.group(0)
    try:
        return bytes(_as_cp1252_byte(ch) for ch in text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as cp1252 and saved again, sequence by sequence.

    Only sequences that decode as valid UTF-8 are replaced, so real "Â" or "é"
    followed by ordinary letters stay as they are.
    """
    if text.isascii():
        return text
    if "â€\ufffd" in text:
        # ” whose last byte a cp1252 decoder could not map
        text = text.replace("â€\ufffd", "”")
    if not _MOJIBAKE.search(text):
        return text
    return _MOJIBAKE.sub(_unmangle, text)
