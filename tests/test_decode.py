"""Decoding: BOM, declared charset, UTF-8, detection, and mojibake repair."""

from __future__ import annotations

import codecs

import pytest

from reader.formats.decode import decode, repair_mojibake

TEXT = "Café owners say “the market” – at last – is here."


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_a_byte_order_mark_decides_the_encoding(bom: bytes, codec: str) -> None:
    text, used = decode(bom + TEXT.encode(codec), markup=False)
    assert (text, used) == (TEXT, codec)


def test_a_declared_charset_is_honoured() -> None:
    page = f'<meta charset="windows-1252"><p>{TEXT}</p>'
    text, used = decode(page.encode("cp1252"), markup=True)
    assert TEXT in text
    assert used == "cp1252"


def test_http_equiv_declarations_are_read_too() -> None:
    declaration = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15">'
    page = f"{declaration}<p>{TEXT[:16]}</p>"
    text, used = decode(page.encode("iso8859-15"), markup=True)
    assert "Café" in text
    assert used == "iso8859-15"


def test_utf8_declared_as_latin1_is_read_as_utf8() -> None:
    page = f'<meta charset="iso-8859-1"><p>{TEXT}</p>'
    text, used = decode(page.encode("utf-8"), markup=True)
    assert TEXT in text
    assert used == "utf-8"


def test_an_unknown_declared_charset_falls_back_to_utf8() -> None:
    page = f'<meta charset="x-no-such-charset"><p>{TEXT}</p>'
    text, _ = decode(page.encode("utf-8"), markup=True)
    assert TEXT in text


def test_undeclared_legacy_text_is_detected() -> None:
    text = "Les propriétaires des cafés du quai ont salué le nouveau marché du samedi. " * 5
    decoded, _ = decode(text.encode("cp1252"), markup=False)

    assert decoded == text


def test_invalid_bytes_never_raise() -> None:
    text, _ = decode(b"ok \xff\xfe\xfd\x80 still ok", markup=False)
    assert text.startswith("ok") and text.endswith("still ok")


def test_mojibake_from_utf8_read_as_cp1252_is_repaired() -> None:
    mangled = TEXT.encode("utf-8").decode("cp1252", errors="replace")
    assert "â€" in mangled
    assert repair_mojibake(mangled) == TEXT


def test_real_accented_text_is_left_alone() -> None:
    text = "Âge d’or, naïve Ã la carte, Ægir"
    assert repair_mojibake(text) == text


@pytest.mark.parametrize(
    ("mangled", "meant"),
    [
        ("FÃ¼r die StraÃŸe", "Für die Straße"),
        ("Itâ€™s â€œfineâ€\u009d", "It’s “fine”"),
        ("Â© 2024", "© 2024"),
        ("cafÃ© au lait", "café au lait"),
        ("Ã\u00adndice", "índice"),
        ("gÅ‚Ã³wny", "główny"),
        ("Ð\u009fÑ\u0080Ð¸Ð²ÐµÑ\u0082", "Привет"),
        ("Î\u0095Î»Î»Î¬Î´Î±", "Ελλάδα"),
        ("æ—¥æœ¬èªžã\u0081®ãƒ†ã‚\u00adã‚¹ãƒˆ", "日本語のテキスト"),
    ],
)
def test_text_that_is_provably_mis_decoded_is_repaired(mangled: str, meant: str) -> None:
    assert repair_mojibake(mangled) == meant


def test_good_characters_beside_mangled_ones_stay_as_they_are() -> None:
    # "ß" is good; "FÃ¼r" is mangled: only the mangled sequence is undone.
    assert repair_mojibake("Straße, FÃ¼r") == "Straße, Für"
    assert repair_mojibake("NESCAFÉ® Gold, cafÃ© au lait") == "NESCAFÉ® Gold, café au lait"


@pytest.mark.parametrize(
    "text",
    [
        "Fuß\u00adball",  # ß and a soft hyphen: bytes that UTF-8 would read as "߭"
        "NESCAFÉ® Gold",  # É and ®: bytes that UTF-8 would read as "ɮ"
        "Der Fuß\u00a0ist",
        "„Fuß“ und",
        "café” dit-il",
        "Café ÜÜ¹ x",
        "Straße und Größe",
        "SÃO PAULO",
        "naïve façade",
        "Ä\u00a0b",
        "Âge d’or, naïve Ã la carte, Ægir",
    ],
)
def test_text_that_merely_looks_unusual_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == text


def test_a_page_mangled_whole_is_repaired_whole() -> None:
    page = "<p>Grüße aus Köln – “gut”</p><p>Привет</p>"
    mangled = page.encode("utf-8").decode("cp1252", errors="replace")
    assert repair_mojibake(mangled) == page
