"""Which encoding a text file (.csv, .txt, .md) is in: decided from its bytes, never guessed blindly.

In this order:

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE;
2. UTF-16 without a mark (Excel's "Unicode Text" and some exports): the text is
   mostly Latin letters, digits and punctuation, so one byte of each pair is
   NUL far more often at one parity than at the other (:func:`utf16_order`);
3. UTF-8;
4. Windows-1258 (Vietnamese Windows, "ANSI" on a Vietnamese Windows): a byte
   string that decodes in code page 1258 *and* reads as Vietnamese —
   Vietnamese letters (ă â đ ê ô ơ ư) are present, and every tone byte of the
   code page (U+0300 U+0301 U+0303 U+0309 U+0323) follows a vowel
   (:func:`looks_windows_1258`). The result is NFC.

Anything else (TCVN3/VNI fonts, Windows-1252, binary data) is refused with a
Vietnamese message listing :data:`READABLE`, so the user knows how to save it.
"""

from __future__ import annotations

import unicodedata

from ..errors import InputFileError, UnsupportedFormatError

#: what users are told can be read
READABLE = "UTF-8 (có hoặc không có BOM), UTF-16 LE/BE (có hoặc không có BOM), UTF-32 có BOM, Windows-1258"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_NFD_VOWELS = set("aeiouyAEIOUY")
_SHAPES = {"\u0302", "\u0306", "\u031b"}                    # â ê ô, ă, ơ ư
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def utf16_order(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` (no BOM) looks like UTF-16 text, else None.

    >>> utf16_order("Đơn vị,Nội dung".encode("utf-16-le"))
    'utf-16-le'
    >>> utf16_order("Đơn vị".encode("utf-8")) is None
    True
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:65536]
    pairs = len(sample) // 2
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd >= 0.3 and even <= 0.05:
        order = "utf-16-le"
    elif even >= 0.3 and odd <= 0.05:
        order = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(order)
    except UnicodeDecodeError:
        return None
    return order if "\x00" not in text else None


def looks_windows_1258(text: str) -> bool:
    """True when ``text`` (decoded from code page 1258, before NFC) reads as Vietnamese.

    Every letter outside ASCII is a Vietnamese one (a-z with the Vietnamese
    marks, đ), every tone mark follows a vowel, there are no control
    characters, and at least one Vietnamese letter is there.

    >>> looks_windows_1258("Đơn vị,Nội dung góp ý".encode("cp1258", "ignore").decode("cp1258"))
    True
    >>> looks_windows_1258(bytes([0xC7, 0xF5, 0x6E]).decode("cp1258"))   # "Çơn": not Vietnamese
    False
    """
    previous = ""
    vietnamese = 0
    for ch in unicodedata.normalize("NFD", text):
        if ch in _TONES:
            if previous not in _NFD_VOWELS:
                return False      # a tone mark after a consonant or a space
            vietnamese += 1
        elif ch in _SHAPES:
            if previous not in _NFD_VOWELS:
                return False
            vietnamese += 1
        elif ch in "đĐ":
            vietnamese += 1
        elif not ch.isascii() and (ch.isalpha() or unicodedata.combining(ch)):
            return False          # Ç, Å, Ñ, ß…: another language or another encoding
        elif unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f":
            return False
        if ch not in _TONES:
            previous = ch if ch not in _SHAPES else previous
    return vietnamese > 0


def decode_text(data: bytes, name: str) -> str:
    """The text of a file's bytes, by the rules of the module docstring."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _unreadable(name, data, exc.start) from exc
    order = utf16_order(data)
    if order:
        return data.decode(order)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            raise InputFileError("tệp chứa dữ liệu nhị phân, không phải văn bản", path=name,
                                 hint="Hãy đưa tệp văn bản (.csv, .txt, .md) hoặc tệp Word (.docx)"
                                 ) from exc
        try:
            candidate = data.decode("cp1258")
        except UnicodeDecodeError:
            candidate = None
        if candidate is not None and looks_windows_1258(candidate):
            return unicodedata.normalize("NFC", candidate)
        raise _unreadable(name, data, exc.start) from exc
    if "\x00" in text:
        raise InputFileError("tệp chứa dữ liệu nhị phân, không phải văn bản", path=name,
                             hint="Hãy đưa tệp văn bản (.csv, .txt, .md) hoặc tệp Word (.docx)")
    return text


def _unreadable(name: str, data: bytes, position: int) -> UnsupportedFormatError:
    line = data[:position].count(b"\n") + 1
    return UnsupportedFormatError(
        "tệp không ở bảng mã đọc được (có thể là TCVN3/VNI hoặc một bảng mã khác)",
        path=name, where=f"dòng {line}",
        hint=f"Các bảng mã đọc được: {READABLE}. Trong Excel hãy chọn Lưu thành “CSV UTF-8”; "
             "với phông TCVN3/VNI hãy chuyển sang Unicode (ví dụ bằng Unikey) rồi lưu lại")


__all__ = ["decode_text", "utf16_order", "looks_windows_1258", "READABLE"]
