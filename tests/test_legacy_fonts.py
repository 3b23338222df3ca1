"""Legacy Vietnamese fonts: TCVN3 (.Vn…) and VNI (VNI-…) runs converted by font, run by run.

Inputs and what must come out:
* every byte of TCVN3 → what glibc ``iconv -f TCVN5712-1`` gives (an independent table);
* every letter of the Vietnamese alphabet, both cases, round-trips through TCVN3 and VNI;
* VNI typed by hand as offices' files hold it → the Unicode words;
* a letter typed in .VnTime (text made by iconv) with its header in .VnTimeH (capitals from
  lower-case codes) → the same sender, number, date and comments as the Unicode letter;
* a document mixing Times New Roman, .VnTime, VNI-Times and a style that sets .VnTime →
  each run right, nothing converted twice;
* a run in an unknown legacy font (VPS Times) → reported, its comment marked for review;
* TCVN3 text left in a Unicode font → flagged as looking unconverted, with the guess.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, strategies as st

from consultkit.readers.legacy_fonts import (convert_document, decode_tcvn3, decode_vni,
                                             encode_tcvn3, encode_vni, font_encoding,
                                             guess_encoding, looks_legacy)
from consultkit.readers.legacy_tables import TCVN3_BYTES
from consultkit.readers.replies import read_docx_reply
from letter_docs import letter_docx

ALPHABET = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụ"
            "ưừửữứựvxyỳỷỹýỵ")
LETTERS = ALPHABET + ALPHABET.upper()
needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv not installed")


def iconv(data: bytes, *, to: bool = False) -> bytes:
    args = ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"] if to else ["iconv", "-f", "TCVN5712-1",
                                                                    "-t", "UTF-8"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def stored(data: bytes) -> str:
    """Bytes of a non-Unicode font as Word stores them in document.xml (Windows-1252)."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


@needs_iconv
def test_every_tcvn3_byte_agrees_with_glibc_iconv():
    checked = 0
    for byte in range(1, 256):
        result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
                                capture_output=True)
        if result.returncode != 0:
            continue
        expected = unicodedata.normalize("NFC", result.stdout.decode())
        assert decode_tcvn3(stored(bytes([byte]))) == expected, hex(byte)
        assert decode_tcvn3(chr(byte)) == expected, hex(byte)   # C1 characters of other producers
        checked += 1
    assert checked > 200 and len(TCVN3_BYTES) == 138   # 133 letters (ý is its own byte), 5 marks


@needs_iconv
def test_tcvn3_of_iconv_reads_back_every_lower_case_letter():
    text = " ".join(ALPHABET) + " Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert decode_tcvn3(stored(iconv(text.encode(), to=True))) == text


@pytest.mark.parametrize("encode,decode", [(encode_tcvn3, decode_tcvn3), (encode_vni, decode_vni)])
def test_every_letter_round_trips(encode, decode):
    for letter in LETTERS:
        assert decode(encode(letter)) == letter, letter
    assert decode(encode(LETTERS)) == LETTERS


@given(st.text(alphabet=LETTERS + " .,:;()0123456789-/", max_size=80))
def test_round_trip_property(text):
    assert decode_tcvn3(encode_tcvn3(text)) == text
    assert decode_vni(encode_vni(text)) == text


def test_vni_as_offices_typed_it():
    assert decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == \
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert decode_vni("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert decode_vni("SÔÛ Y TEÁ TÆNH NGHEÄ AN") == "SỞ Y TẾ TỈNH NGHỆ AN"
    assert decode_vni("ñeà nghò boå sung khoaûn 2 muïc IV.2") == "đề nghị bổ sung khoản 2 mục IV.2"
    assert decode_vni("Thöïc hieän Coâng vaên soá 123/BYT") == "Thực hiện Công văn số 123/BYT"


def test_fonts_by_name():
    assert [font_encoding(f) for f in (".VnTime", ".VnTimeH", ".VnArial", ".VnArialH",
                                       "VNI-Times", "VNI-Helve", "VPS Times", "Times New Roman",
                                       "Arial", None)] == \
        ["tcvn3", "tcvn3-upper", "tcvn3", "tcvn3-upper", "vni", "vni", "unknown-legacy",
         None, None, None]


def test_the_character_test():
    assert looks_legacy(stored(iconv("Sở Y tế tỉnh Nghệ An góp ý dự thảo".encode(), to=True)))
    assert looks_legacy("Sôû Y teá tænh Ngheä An goùp yù döï thaûo")
    assert not looks_legacy("Sở Y tế tỉnh Nghệ An góp ý dự thảo")
    assert not looks_legacy("Hệ thống RIS-PACS lưu ảnh DICOM 10 năm, nhiệt độ 25°C.")
    assert guess_encoding("Sôû Y teá tænh Ngheä An goùp yù döï thaûo") == "vni"
    assert guess_encoding(stored(iconv("Sở Y tế tỉnh Nghệ An góp ý".encode(), to=True))) == "tcvn3"


def _set_font(run, font: str) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), font)


def _legacy_letter(font_body: str, font_caps: str, encode) -> bytes:
    """letter_docx rewritten as an office using legacy fonts would have it."""
    document = docx.Document(io.BytesIO(letter_docx(body=BODY)))
    for paragraph in document.element.body.iter(qn("w:p")):
        for r in paragraph.iter(qn("w:r")):
            texts = list(r.iter(qn("w:t")))
            caps = all((t.text or "").isupper() for t in texts) and font_caps.endswith("H")
            for t in texts:
                t.text = encode((t.text or "").lower() if caps else (t.text or ""))
            _set_font(docx.text.run.Run(r, None), font_caps if caps else font_body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BODY = ("Sở Y tế Nghệ An có ý kiến như sau:",
        "1. Tại khoản 2 mục IV.2: đề nghị bổ sung yêu cầu lưu trữ hình ảnh tối thiểu 10 năm.",
        "2. Đối với mục IV.3: đề nghị làm rõ tiêu chí kết nối với hệ thống HIS.")


def _rows(data: bytes, name: str):
    return read_docx_reply(io.BytesIO(data), name=name).rows


@needs_iconv
def test_tcvn3_letter_reads_like_the_unicode_one():
    unicode_rows = _rows(letter_docx(body=BODY), "u.docx")

    def by_iconv(text: str) -> str:
        return stored(iconv(text.encode(), to=True))

    legacy_rows = _rows(_legacy_letter(".VnTime", ".VnTimeH", by_iconv), "l.docx")
    assert [r["text"] for r in legacy_rows] == [r["text"] for r in unicode_rows]
    for key in ("unit_raw", "letter_number", "received"):
        assert legacy_rows[0][key] == unicode_rows[0][key], key
    assert legacy_rows[0]["unit_raw"] == "SỞ Y TẾ TỈNH NGHỆ AN"
    assert ".VnTime" in legacy_rows[0]["notes"] and ".VnTimeH" in legacy_rows[0]["notes"]
    assert legacy_rows[0]["confidence"] == 100.0


def test_vni_letter_reads_like_the_unicode_one():
    unicode_rows = _rows(letter_docx(body=BODY), "u.docx")
    legacy_rows = _rows(_legacy_letter("VNI-Times", "VNI-Times", encode_vni), "v.docx")
    assert [(r["unit_raw"], r["letter_number"], r["received"], r["text"]) for r in legacy_rows] == \
        [(r["unit_raw"], r["letter_number"], r["received"], r["text"]) for r in unicode_rows]
    assert "VNI-Times" in legacy_rows[0]["notes"]


def test_mixed_fonts_and_style_inheritance():
    document = docx.Document()
    style = document.styles.add_style("CuVnTime", 1)            # a paragraph style in .VnTime
    style.font.name = ".VnTime"
    p = document.add_paragraph()
    _set_font(p.add_run("Sở Y tế "), "Times New Roman")
    _set_font(p.add_run(encode_tcvn3("đề nghị ")), ".VnTime")
    _set_font(p.add_run(encode_vni("bổ sung ")), "VNI-Times")
    _set_font(p.add_run(encode_tcvn3("khoản")), ".VnTimeH")
    document.add_paragraph(encode_tcvn3("Điều 5 được sửa đổi"), style="CuVnTime")
    keeps = document.add_paragraph(style="CuVnTime")
    _set_font(keeps.add_run("Cộng hòa (Unicode trong đoạn kiểu .VnTime)"), "Arial")
    report = convert_document(document)
    texts = [q.text for q in document.paragraphs]
    assert texts == ["Sở Y tế đề nghị bổ sung KHOẢN", "Điều 5 được sửa đổi",
                     "Cộng hòa (Unicode trong đoạn kiểu .VnTime)"]
    assert report.converted == {".VnTime": 2, "VNI-Times": 1, ".VnTimeH": 1}
    assert not report.flagged
    # converted runs now say a Unicode font, so a second pass changes nothing
    again = convert_document(document)
    assert [q.text for q in document.paragraphs] == texts and not again.converted


def test_unknown_legacy_font_and_unconverted_text_are_reported():
    data = letter_docx(body=("Sở Y tế có ý kiến như sau:",
                             "1. Tại mục IV.2: đề nghị bổ sung.", "2. Về mục IV.3: xem lại."))
    document = docx.Document(io.BytesIO(data))
    target = next(p for p in document.paragraphs if p.text.startswith("1."))
    vps = "Taïi muïc IV.2: ñeà nghò boå sung yeâu caàu löu tröõ."   # VNI bytes, shown as VPS
    target.runs[0].text = "1. " + vps
    _set_font(target.runs[0], "VPS Times")
    other = next(p for p in document.paragraphs if p.text.startswith("2."))
    other.runs[0].text = "2. " + stored(iconv("Về mục IV.3: xem lại tiêu chí kết nối.".encode(),
                                              to=True)) if shutil.which("iconv") else \
        "2. " + encode_tcvn3("Về mục IV.3: xem lại tiêu chí kết nối.")
    out = io.BytesIO()
    document.save(out)
    rows = _rows(out.getvalue(), "cu.docx")
    assert len(rows) == 2
    first, second = rows
    assert "VPS Times" in first["notes"] and "chưa được hỗ trợ" in first["notes"]
    assert first["confidence"] < 100 and "ñeà" in first["doubtful"]
    assert "chưa chuyển mã Unicode" in second["notes"] and "TCVN3" in second["notes"]
    assert second["confidence"] < 100 and second["doubtful"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_legacy_word_97_file_in_vni_font(tmp_path):
    """A VNI letter saved by LibreOffice as Word 97 (.doc): converted to .docx by LibreOffice,
    then its VNI runs to Unicode — the comments of the Unicode letter."""
    import uuid

    source = tmp_path / "cong-van-vni.docx"
    source.write_bytes(_legacy_letter("VNI-Times", "VNI-Times", encode_vni))
    profile = (tmp_path / f"lo-{uuid.uuid4().hex}").as_uri()
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    from consultkit.readers.replies import read_reply

    rows = read_reply(tmp_path / "cong-van-vni.doc").rows
    expected = _rows(letter_docx(body=BODY), "u.docx")
    assert [(r["unit_raw"], r["letter_number"], r["text"]) for r in rows] == \
        [(r["unit_raw"], r["letter_number"], r["text"]) for r in expected]
    assert "VNI-Times" in rows[0]["notes"] and "LibreOffice" in rows[0]["notes"]
