"""Text files in the encodings offices really save: read, or refused naming what is read."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultkit.errors import InputFileError, UnsupportedFormatError
from consultkit.readers.encodings import READABLE, decode_text, looks_windows_1258, utf16_order
from consultkit.readers.sheets import read_sheet

SHEET = ("Đơn vị,Ngày nhận,Nội dung góp ý\n"
         "Sở Y tế Hà Nội,10/06/2021,Đề nghị bổ sung khoản 2 Điều 3 về lưu trữ hình ảnh “tối thiểu” – 10 năm.\n"
         "BV Chợ Rẫy,11/06/2021,Nhất trí; thuỷ, khuỷu, Nguyễn, quỹ, ậ ặ ợ ự ữ.\n")


def to_windows_1258(text: str) -> bytes:
    """Text as Windows writes it in code page 1258: letters with their shape precomposed
    (â ê ô ă ơ ư đ, and the few toned letters the code page has), tone marks as combining bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
        shaped = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
        out += shaped.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def _rows(tmp_path, data: bytes):
    path = tmp_path / "gop-y.csv"
    path.write_bytes(data)
    result = read_sheet(path)
    return [(r["unit_raw"], r["received"], r["text"]) for r in result.rows], result.rejects


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"), lambda s: s.encode("utf-8-sig"), lambda s: s.encode("utf-16"),
    lambda s: s.encode("utf-16-le"), lambda s: s.encode("utf-16-be"), to_windows_1258,
    lambda s: s.replace(",", "\t").encode("utf-16-le"),          # Excel's "Unicode Text" without BOM
], ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "windows-1258", "unicode-text"])
def test_every_readable_encoding_gives_the_same_rows(tmp_path, encode):
    expected, _ = _rows(tmp_path, SHEET.encode("utf-8"))
    assert len(expected) == 2
    got, rejects = _rows(tmp_path, encode(SHEET))
    assert got == expected and not rejects
    assert all(unicodedata.is_normalized("NFC", text) for _, _, text in got)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv is needed to write TCVN3")
def test_tcvn3_is_refused_naming_the_readable_encodings(tmp_path):
    data = subprocess.run(["iconv", "-c", "-f", "UTF-8", "-t", "TCVN5712-1"], input=SHEET.encode(),
                          capture_output=True, check=True).stdout
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormatError) as error:
        read_sheet(path)
    message = str(error.value)
    assert "tcvn3.csv" in message and READABLE in message and "bảng mã" in message


def test_windows_1252_and_binary_are_refused():
    with pytest.raises(UnsupportedFormatError, match="UTF-8"):
        decode_text("Ångström façade naïve".encode("cp1252"), "x.csv")
    with pytest.raises(InputFileError, match="nhị phân"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "anh.csv")


_VIETNAMESE = st.text(st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ  ,.;:-0123456789"
                                          "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")),
                      min_size=8, max_size=80)


@given(_VIETNAMESE)
def test_windows_1258_round_trips(text):
    text = text.strip() or "Đề nghị"
    if not any(ch not in " ,.;:-0123456789" and not ch.isascii() for ch in text):
        text += " Đề nghị"
    data = to_windows_1258(text)
    try:
        data.decode("utf-8")
        return                      # valid UTF-8 too (rare): read as UTF-8, which is also right
    except UnicodeDecodeError:
        pass
    assert decode_text(data, "t.csv") == unicodedata.normalize("NFC", text)


@given(_VIETNAMESE)
def test_utf16_without_bom_is_recognised(text):
    text = "Đơn vị, Nội dung " + text
    assert utf16_order(text.encode("utf-16-le")) == "utf-16-le"
    assert utf16_order(text.encode("utf-16-be")) == "utf-16-be"
    assert utf16_order(text.encode("utf-8")) is None
    assert decode_text(text.encode("utf-16-be"), "t.csv") == text


def test_heuristic_refuses_letters_vietnamese_does_not_use():
    assert looks_windows_1258("Sở Y tế")
    assert not looks_windows_1258("Ça va, Åse?")
    assert not looks_windows_1258("dấu\u0301 sau phụ âm b\u0301")
    assert not looks_windows_1258("plain ascii")          # nothing Vietnamese to go by
