"""Scanned letters: OCR (Tesseract, Vietnamese) then the same letter reader as digital letters.

Inputs and what must come out:
* a reply letter (.docx) and its scanned twins made by scripts/make_scans.py (LibreOffice
  PDF, 300 dpi; clean as a PNG, and noisy + skewed + stamped + signed as an image-only PDF)
  → the same sender unit (after the roster check), số/ký hiệu, date and comments as the
  digital letter, word for word except words marked doubtful; each row ``ocr`` with its
  confidence and page;
* red stamp and blue signature pixels → white; a page turned by 2° → measured back;
* OCR readings of unit names, clause numbers and dates → corrected against the roster, the
  draft's clause numbers and the date window, each correction written out.
Tesseract runs under ``nice``-friendly sizes: two pages in this file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import importlib.util
import shutil

import pytest
from PIL import Image, ImageDraw

from conftest import BUNDLED, ROOT, needs_soffice
from consultkit.readers.letters import Letter
from consultkit.readers.ocr import drop_ink, recognise_pages, skew_angle
from consultkit.readers.ocr_fix import correct_letter
from consultkit.readers.replies import read_reply
from letter_docs import letter_docx

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed: run 'make system-deps'")

BODY = ("Sở Y tế Nghệ An có ý kiến như sau:",
        "1. Tại điểm a mục 2.2: đề nghị sửa thời gian lưu trữ hình ảnh tại cơ sở thành tối "
        "thiểu 10 năm.",
        "2. Đối với mục 4.3: đề nghị bổ sung công cụ so sánh hình ảnh giữa các lần chụp.",
        "Trên đây là ý kiến của Sở Y tế Nghệ An.")


def _scans_module():
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "scripts" / "make_scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def consultation():
    from consultkit.workspace import open_consultation

    return open_consultation(BUNDLED)


@pytest.fixture(scope="module")
def twins(tmp_path_factory, consultation):
    if shutil.which("tesseract") is None or shutil.which("soffice") is None:
        pytest.skip("Tesseract and LibreOffice are needed to make and read the scans")
    folder = tmp_path_factory.mktemp("scans")
    letter = folder / "cong-van.docx"
    letter.write_bytes(letter_docx(body=BODY, number="206/SYT-NVY",
                                   place_date="Nghệ An, ngày 11 tháng 6 năm 2021"))
    scans = _scans_module()
    clean = scans.save(scans.scan_pages(letter, quality="clean"), folder / "ban-quet-sach.png")
    noisy = scans.save(scans.scan_pages(letter, quality="noisy", seed=7, skew=1.8),
                       folder / "ban-quet-nhieu.pdf")
    clauses = consultation.versions["du-thao-2"]
    kwargs = {"roster": consultation.roster, "clauses": clauses}
    return {"digital": read_reply(letter).rows,
            "clean": read_reply(clean, **kwargs).rows,
            "noisy": read_reply(noisy, **kwargs).rows}


def _same_modulo_doubtful(digital: str, scanned: str, doubtful) -> list:
    """Differences between the texts that are not explained by a doubtful word."""
    a, b = digital.split(), scanned.split()
    unexplained = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if not b[j1:j2] or not all(w in doubtful for w in b[j1:j2]):
            unexplained.append((a[i1:i2], b[j1:j2]))
    return unexplained


@pytest.mark.slow
@needs_soffice
@needs_tesseract
@pytest.mark.parametrize("quality", ["clean", "noisy"])
def test_scanned_twin_gives_the_same_comments(twins, quality, consultation):
    digital, scanned = twins["digital"], twins[quality]
    assert len(scanned) == len(digital) == 2
    for d, s in zip(digital, scanned):
        assert s["letter_number"] == d["letter_number"] == "206/SYT-NVY"
        assert s["received"] == d["received"] == dt.date(2021, 6, 11)
        assert _same_modulo_doubtful(d["text"], s["text"], s["doubtful"]) == [], s["notes"]
        assert s["source_kind"] == "ocr" and d["source_kind"] == "digital"
        assert 0 < s["confidence"] <= 100 and s["source"].endswith("#page1")
        assert "OCR" in s["notes"]
    if quality == "noisy":
        assert "đã chỉnh nghiêng" in scanned[0]["notes"]
    from consultkit.comments.match import match_units

    units = match_units([digital[0]["unit_raw"], scanned[0]["unit_raw"]], consultation.roster)
    assert units["unit_id"].iloc[0] == units["unit_id"].iloc[1] != ""


def test_stamp_and_signature_colours_are_dropped():
    image = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 60, 40), fill=(20, 20, 20))       # text: black
    draw.rectangle((40, 20, 120, 80), fill=(210, 30, 35))     # stamp: red, over the text
    draw.line((100, 10, 190, 90), fill=(30, 50, 170), width=5)  # signature: blue
    grey = drop_ink(image)
    assert grey.getpixel((20, 15)) < 60                       # black text kept
    assert grey.getpixel((80, 60)) == 255 and grey.getpixel((145, 50)) == 255


def _text_page(angle: float) -> Image.Image:
    from PIL import ImageFont

    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    try:
        font = ImageFont.truetype("DejaVuSerif.ttf", 28)
    except OSError:
        font = ImageFont.load_default()
    for i in range(30):
        draw.text((120, 150 + i * 44), "Đề nghị bổ sung yêu cầu lưu trữ hình ảnh tối thiểu "
                  f"10 năm theo mục {i}.", fill=0, font=font)
    return page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)


@pytest.mark.parametrize("angle", [0.0, 2.0, -3.0])
def test_skew_is_measured_back(angle):
    assert abs(skew_angle(_text_page(angle)) + angle) <= 0.3


@needs_tesseract
def test_pages_in_parallel_processes_give_the_same_words():
    pages = [_text_page(0).crop((0, 100, 1240, 400)).convert("RGB"),
             _text_page(1.0).crop((0, 100, 1240, 420)).convert("RGB")]
    one = recognise_pages(pages)
    two = recognise_pages(pages, workers=2)
    assert [[w.text for w in p.words] for p in one] == [[w.text for w in p.words] for p in two]
    assert [p.number for p in two] == [1, 2]
    assert "lưu" in [w.text for w in two[0].words]


def test_ocr_readings_corrected_against_the_consultation(consultation):
    letter = Letter(sender="SỞ Y TẾ TlNH NGHỆ AN s", parent="", number="2O6/SYT-NVY",
                    place="Nghệ An", date=dt.date(2201, 6, 11), subject="",
                    comments=("Tại mục IV.2.l: đề nghị sửa.", "Về mục TIV.3: giữ nguyên.",
                              "Về khoản 2 của Thông tư 54/2017: không có ý kiến."),
                    refs=("", "", ""), locations=("p1", "p2", "p3"), source="scan.pdf")
    fixed, notes = correct_letter(letter, roster=consultation.roster,
                                  clauses=consultation.versions["du-thao-2"])
    assert fixed.comments[0] == "Tại mục IV.2.1: đề nghị sửa."
    assert fixed.comments[1] == "Về mục IV.3: giữ nguyên."
    assert fixed.comments[2] == letter.comments[2]                     # nothing to correct
    assert fixed.number == "206/SYT-NVY" and fixed.date is None
    assert fixed.sender in set(consultation.roster["name"])
    assert any("“SỞ Y TẾ TlNH NGHỆ AN s” → “Sở Y tế Nghệ An”" in n for n in notes)
    assert any("“mục IV.2.l” → “mục IV.2.1”" in n for n in notes)
    assert any("ngoài khoảng" in n for n in notes) and len(notes) == 5


def test_a_date_outside_the_consultation_window_is_left_blank(consultation):
    letter = Letter(sender="SỞ Y TẾ TỈNH NGHỆ AN", parent="", number="206/SYT-NVY", place="Nghệ An",
                    date=dt.date(2012, 6, 11), subject="", comments=("Nhất trí.",), refs=("",),
                    locations=("p1",), source="scan.pdf")
    window = (dt.date(2021, 6, 4), dt.date(2021, 12, 31))
    fixed, notes = correct_letter(letter, dates=window)
    assert fixed.date is None and notes == ["ngày đọc được 11/06/2012 nằm ngoài khoảng "
                                            "04/06/2021–31/12/2021: để trống, cần xem lại bản quét"]
    inside = dataclasses.replace(letter, date=dt.date(2021, 6, 11))
    assert correct_letter(inside, dates=window) == (inside, [])
