"""Make untrusted text safe to show: no terminal escapes, no control characters;
and composed (NFC), as copies of it elsewhere are written and searched.

Text from files (article text, titles, file names, error messages) may carry ESC,
CSI and OSC sequences, C1 controls, bidi overrides and invisible characters. Whole
escape sequences are removed first, so "\\x1b[2J" leaves nothing behind rather
than a stray "[2J"; then lone control and format characters go.
"""

from __future__ import annotations

import re
import unicodedata

# OSC/DCS/APC/PM/SOS strings run to BEL or ST (ESC \ or 0x9c); CSI to a final byte.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])   # string introducers, 7- and 8-bit
        [^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?
    | (?:\x1b\[|\x9b)[\x30-\x3f]{0,64}[\x20-\x2f]{0,16}[\x40-\x7e]?   # CSI
    | \x1b[\x20-\x2f]{0,4}[\x30-\x7e]?                             # other ESC sequences
    """,
    re.VERBOSE,
)

# C0 (but tab and newline), DEL, C1; bidi embeddings, overrides and isolates;
# zero-width and invisible formatting characters; Unicode tag characters.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")
# Lone surrogates: the bytes of a file name that are not UTF-8 (surrogateescape).
_SURROGATES = re.compile("[\ud800-\udfff]")


def composed(text: str) -> str:
    """The text in Unicode's composed form (NFC): a letter and its marks as
    the one character they make, as most text is written and searched; the
    same text to a reader ("u" and a combining diaeresis are "ü")."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """`text` without escape sequences or control characters, composed;
    newlines and tabs stay."""
    if text.isprintable():
        return composed(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    return composed(_UNSAFE_CHARS.sub("", text))


def clean_line(text: str) -> str:
    """`text` made safe and flattened to one line (for titles, file names, labels)."""
    if text.isprintable() and text.isascii() and "  " not in text and text.strip() == text:
        return text  # the common case, e.g. a file name: nothing to do
    return " ".join(clean(text).split())
