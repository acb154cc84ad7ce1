"""Bytes to text: byte-order mark, then declared charset, then detection, then UTF-8.

Readability is always given a `str`: left to itself with bytes it guesses, and
guesses wrong on pages that declare one charset and use another.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

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
        labelled = _as_labelled(data, declared)
        if labelled is not None:
            return labelled

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
    return _as_labelled(data, codec) or decode(data, markup=markup)


def _as_labelled(data: bytes, codec: str) -> tuple[str, str] | None:
    """`data` labelled `codec` (not a UTF): as UTF-8 if it is valid UTF-8 and
    not plain ASCII (pages keep the label they were first served with), else
    as `codec` if it is valid there; None if neither."""
    if not data.isascii():
        text = _strict(data, "utf-8")
        if text is not None:
            return text, "utf-8"
    text = _strict(data, codec)
    return (text, codec) if text is not None else None


# A UTF-8 lead byte read as cp1252 (Â..ô) followed by one to three continuation
# bytes read the same way: the shape of UTF-8 decoded as cp1252 ("â€™" for "’").
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONTINUATION = "[\u0080-\u00bf" + _CP1252_HIGH + "]"
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONTINUATION}"
    f"|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    f"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)
# What proves that a text was mis-decoded, rather than merely unusual: "Ã" or
# "Â" before a continuation byte (every accented letter of Latin-1, the no-break
# space, "©" and "°" start so once mangled), or "â€" (curly quotes, dashes,
# the ellipsis). No language writes these pairs.
_PROOF = re.compile(f"[\u00c2\u00c3]{_CONTINUATION}|\u00e2\u20ac{_CONTINUATION}")
# A text that is mangled whole, in a script other than Latin ("Ð¿Ñ€Ð¸" for
# "при"), shows no such pair; it shows this many letters of one script once repaired.
_ONE_SCRIPT_LETTERS = 5
# What no mis-decoded page means, but two good Latin-1 characters' bytes read
# as UTF-8 give ("É®" as "ɮ", "ß" and a soft hyphen as "߭"): IPA, Syriac,
# Thaana, NKo.
_IMPLAUSIBLE = re.compile("[\u0250-\u02af\u0700-\u07ff]")
# One writing system for this purpose, though Unicode names several scripts.
_HAN = {"CJK": "CJK", "HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}
_C1 = "reader.c1"


def _pass_c1(error: UnicodeError) -> tuple[bytes, int]:
    """cp1252 leaves five bytes undefined; a decoder that met them kept them as
    C1 controls (U+0081...): they go back to the bytes they were."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    if not all("\u0080" <= ch <= "\u009f" for ch in chunk):
        raise error
    return chunk.encode("latin-1"), error.end


codecs.register_error(_C1, _pass_c1)


def _undo(text: str) -> str | None:
    """`text` as the UTF-8 it was before it was read as cp1252, or None if it
    cannot have been that."""
    try:
        return text.encode("cp1252", _C1).decode("utf-8")
    except UnicodeError:
        return None


def _western(ch: str) -> bool:
    """What mis-read Western text decodes to: Latin-1 and Latin Extended-A
    letters and signs, cp1252's own extras, general punctuation, € and ™."""
    o = ord(ch)
    return 0xA0 <= o <= 0x17F or 0x2010 <= o <= 0x203A or ch in "ƒˆ˜€™"


def _one_script(text: str) -> bool:
    """Whether the non-ASCII letters of `text` are enough letters of one script
    other than Latin."""
    scripts = set()
    letters = 0
    for ch in text:
        if ch.isascii() or not ch.isalpha():
            continue
        script = unicodedata.name(ch, "?").split(" ", 1)[0]
        scripts.add(_HAN.get(script, script))
        letters += 1
        if len(scripts) > 1:
            return False
    return letters >= _ONE_SCRIPT_LETTERS and scripts != {"LATIN"}


def _unmangle(match: re.Match[str]) -> str:
    repaired = _undo(match.group(0))
    return repaired if repaired is not None and _western(repaired) else match.group(0)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as cp1252 and saved again, but only in text that
    is provably mis-decoded.

    A text is repaired whole when all of it decodes back, gives nothing
    implausible, and either shows the proof (`_PROOF`) or becomes letters of
    one non-Latin script. A text that mixes good characters with mangled ones
    is repaired sequence by sequence, only when it shows the proof, and only
    where a sequence decodes to one Western character: "ß" before a soft
    hyphen, or "É" before "®", are two good characters, whatever UTF-8 would
    make of their bytes.
    """
    if text.isascii():
        return text
    if "â€\ufffd" in text:
        # ” whose last byte a cp1252 decoder could not map: the byte it was.
        text = text.replace("â€\ufffd", "â€\u009d")
    proof = ("Ã" in text or "Â" in text or "â€" in text) and any(
        _undo(match.group(0)) is not None for match in _PROOF.finditer(text)
    )
    whole = _undo(text)  # in C: fails fast on good text
    if (
        whole is not None
        and whole != text
        and (proof or _one_script(whole))
        and not _IMPLAUSIBLE.search(whole)
    ):
        return whole
    if not proof:
        return text
    return _MOJIBAKE.sub(_unmangle, text)
