"""consultkit.readers.dispatch: the bundled dispatch (.txt and LibreOffice .docx) and small inline cases."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import hashlib
import io
import subprocess
import sys
import unicodedata
import zipfile

import pytest

from consultkit.errors import ParseError, UnsupportedFormatError
from consultkit.readers import annex, dispatch as dispatch_module, issuer, plain
from consultkit.readers.dispatch import AnnexGroup, Dispatch, load_dispatch
from conftest import ROOT, SEED_SHA256, needs_soffice

TXT = "dispatch/cong-van-xin-y-kien.txt"
DOCX = "dispatch/cong-van-xin-y-kien.docx"
SUBJECT = ("V/v xin ý kiến góp ý dự thảo Thông tư sửa đổi, bổ sung tiêu chí kỹ thuật và hướng dẫn "
           "triển khai hệ thống lưu trữ và truyền tải hình ảnh (RIS-PACS) tại cơ sở khám bệnh, "
           "chữa bệnh")


@pytest.fixture(scope="module")
def seed(bundled) -> Dispatch:
    return load_dispatch(bundled / TXT)


@pytest.fixture(scope="module")
def from_docx(bundled) -> Dispatch:
    return load_dispatch(bundled / DOCX)


def test_seed_is_bundled_verbatim(bundled):
    # SHA-256 of ../shared/seeds/000_580fa3392af2ef92.txt (data/README.md)
    assert hashlib.sha256((bundled / TXT).read_bytes()).hexdigest() == SEED_SHA256


def test_seed_header_fields(seed):
    assert seed.issuer == "Cục Công nghệ thông tin"
    assert seed.parent_issuer == "Bộ Y tế"
    assert seed.number is None
    assert seed.number_symbol == "CNTT-THKCB"
    assert seed.place == "Hà Nội"
    assert seed.date is None and seed.year == 2021
    assert seed.subject == SUBJECT


def test_seed_issuer_derivation_is_recorded(seed):
    derived = [i for i in seed.issues if "suy ra" in i]
    assert len(derived) == 1
    assert "CNTT" in derived[0] and "Cục Công nghệ thông tin, Bộ Y tế" in derived[0]


def test_seed_addressees_body_contact(seed):
    assert seed.addressees == (
        "Bảo hiểm xã hội Việt Nam", "Các đơn vị thuộc Bộ Y tế", "Y tế các Bộ, Ngành",
        "Các bệnh viện trực thuộc Bộ Y tế", "Sở Y tế các tỉnh/thành phố trực thuộc Trung ương")
    assert seed.deadline == dt.date(2021, 6, 18)
    assert seed.contact_email == "tuyentv.cntt@moh.gov.vn"
    assert seed.postal_address == "Ngõ 135, phố Núi Trúc, Ba Đình, TP. Hà Nội"
    assert seed.body[1].startswith("Nhằm triển khai Quyết định số 5316/QĐ-BYT")
    assert seed.body[-1] == "Trân trọng cảm ơn sự hợp tác của Quý Đơn vị./."
    assert "trước ngày 18 tháng 06 năm 2021 để Cục CNTT" in seed.body[3]


def test_seed_signature_and_cc(seed):
    assert seed.signer_title == "CỤC TRƯỞNG"
    assert seed.signer_name == "Trần Quý Tường"
    assert seed.cc == ("Như trên", "Bộ trưởng (để b/c)", "TT Trần Văn Thuán (để b/c)", "Lưu: VT, CNTT")


def test_seed_annex_as_written(seed):
    assert seed.annex_title == "DANH SÁCH CÁC ĐƠN VỊ GỬI CÔNG VĂN"
    assert seed.annex_note == "(Kèm theo Công văn số /CNTT-THKCB ngày tháng năm 2021)"
    numbers = [g.number for g in seed.annex]
    assert numbers == ["I", "II", "III", "IV", "IV"]          # the duplicated IV is kept
    assert [len(g.entries) for g in seed.annex] == [0, 0, 0, 20, 43]
    hospitals = seed.annex[4]
    assert hospitals.title == "Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế"
    assert [s for s, _ in hospitals.entries] == [str(i) for i in range(1, 44)]
    assert hospitals.entries[26] == ("27", "Bệnh viện Răng – Hàm – Mặt trung ương TP. Hồ Chí Minh")
    assert hospitals.entries[27] == ("28", "Bệnh viện Tai – Mũi – Họng trung ương")
    assert hospitals.entries[40] == ("41", "Bệnh viện Đại học y Dược Huế")   # not "corrected"
    assert hospitals.location == "line 72" and hospitals.line == 72
    assert hospitals.entry_locations[27] == "line 102"
    assert any("101" in issue and "trống" in issue for issue in seed.annex_issues)


def test_all_text_is_nfc_without_markup(seed, from_docx):
    for dispatch in (seed, from_docx):
        texts = [dispatch.issuer, dispatch.parent_issuer, dispatch.subject, dispatch.signer_title,
                 dispatch.signer_name, dispatch.postal_address, dispatch.contact_email,
                 dispatch.annex_title, *dispatch.addressees, *dispatch.body, *dispatch.cc]
        texts += [g.title for g in dispatch.annex] + [n for g in dispatch.annex for _, n in g.entries]
        for text in texts:
            assert unicodedata.is_normalized("NFC", text), text
            for mark in ("**", "<b>", "</b>", "](mailto", "####", "*(", ")*"):
                assert mark not in text, (mark, text)
            assert text == text.strip() and "  " not in text


def test_txt_and_docx_load_to_the_same_dispatch(seed, from_docx):
    assert from_docx.source.endswith(".docx") and seed.source.endswith(".txt")
    for field in dataclasses.fields(Dispatch):
        if field.name in {"source", "issues", "annex_issues"}:
            continue
        assert getattr(seed, field.name) == getattr(from_docx, field.name), field.name
    assert dataclasses.replace(seed, source="") == dataclasses.replace(from_docx, source="")


def test_docx_issuer_comes_from_the_header(from_docx):
    # the .docx has "BỘ Y TẾ / CỤC CÔNG NGHỆ THÔNG TIN": nothing to derive
    assert not any("suy ra" in i for i in from_docx.issues)
    assert from_docx.annex[3].location.startswith("p")
    assert from_docx.annex[4].entry_locations[0].startswith("t")


def test_docx_was_written_by_libreoffice_like_a_real_cong_van(bundled):
    import docx

    path = bundled / DOCX
    with zipfile.ZipFile(path) as package:
        app = package.read("docProps/app.xml").decode("utf-8")
    assert "LibreOffice" in app
    document = docx.Document(str(path))
    header = document.tables[0]
    assert len(header.columns) == 2
    assert "BỘ Y TẾ" in header.cell(0, 0).text and "CỤC CÔNG NGHỆ THÔNG TIN" in header.cell(0, 0).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert "Độc lập - Tự do - Hạnh phúc" in header.cell(0, 1).text
    assert "Số:" in header.cell(1, 0).text and "Hà Nội, ngày" in header.cell(1, 1).text
    annex_table = document.tables[2]
    assert [c.text for c in annex_table.rows[0].cells] == ["STT", "Tên đơn vị"]
    assert len(annex_table.rows) == 21


@needs_soffice
@pytest.mark.libreoffice
def test_build_script_reproduces_an_equal_dispatch(bundled, tmp_path):
    out = tmp_path / "rebuilt.docx"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_dispatch_docx.py"),
                    str(bundled / TXT), str(out)], check=True, capture_output=True, timeout=300)
    rebuilt = load_dispatch(out)
    assert dataclasses.replace(rebuilt, source="") == dataclasses.replace(load_dispatch(bundled / TXT),
                                                                          source="")


def test_file_objects(bundled, seed):
    with open(bundled / TXT, "rb") as handle:
        assert dataclasses.replace(load_dispatch(handle), source="") == dataclasses.replace(seed, source="")
    stream = io.BytesIO((bundled / DOCX).read_bytes())
    stream.name = "cong-van.docx"
    assert load_dispatch(stream).issuer == "Cục Công nghệ thông tin"
    anonymous = io.BytesIO((bundled / DOCX).read_bytes())       # no name: sniffed as a zip
    assert load_dispatch(anonymous).deadline == dt.date(2021, 6, 18)


FILLED = """\
SỞ Y TẾ TỈNH NGHỆ AN

Số: 123/SYT-NVY

Vinh, ngày 05 tháng 8 năm 2025

V/v góp ý dự thảo
quy chế

Kính gửi: Các bệnh viện trong tỉnh

Đề nghị các đơn vị gửi ý kiến về địa chỉ: 18 Trường Thi, TP. Vinh; email: [vp@syt.vn](mailto:vp@syt.vn) chậm nhất là ngày 20/8/2025.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Nơi nhận:
- Như trên;
- Lưu: VT.

Nguyễn Văn An
"""


def test_filled_form_inline():
    d = load_dispatch(io.BytesIO(FILLED.encode("utf-8")))
    assert d.issuer == "Sở Y tế tỉnh Nghệ An"      # upper-case header, not in the body: cased by rule
    assert d.parent_issuer is None
    assert d.number == "123/SYT-NVY" and d.number_symbol == "SYT-NVY"
    assert d.place == "Vinh" and d.date == dt.date(2025, 8, 5) and d.year == 2025
    assert d.subject == "V/v góp ý dự thảo quy chế"
    assert d.addressees == ("Các bệnh viện trong tỉnh",)
    assert d.deadline == dt.date(2025, 8, 20)
    assert d.contact_email == "vp@syt.vn"
    assert d.postal_address == "18 Trường Thi, TP. Vinh"
    assert d.signer_title == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    assert d.signer_name == "Nguyễn Văn An"
    assert d.cc == ("Như trên", "Lưu: VT")
    assert d.annex == () and d.annex_title is None


def test_nfd_input_gives_nfc_fields():
    nfd = unicodedata.normalize("NFD", FILLED)
    d = load_dispatch(io.BytesIO(nfd.encode("utf-8")))
    assert d.subject == "V/v góp ý dự thảo quy chế"
    assert unicodedata.is_normalized("NFC", d.signer_name)


def test_missing_deadline_and_subject_are_reported_not_guessed():
    text = "Kính gửi: Sở Y tế Hà Nội\n\nĐề nghị góp ý sớm.\n"
    d = load_dispatch(io.BytesIO(text.encode()))
    assert d.deadline is None and d.subject == "" and d.issuer == ""
    assert any("hạn góp ý" in i for i in d.issues)
    assert any("trích yếu" in i for i in d.issues)


def test_not_a_dispatch_is_a_parse_error(tmp_path):
    path = tmp_path / "ghi-chu.md"
    path.write_text("# Ghi chú\n\nKhông phải công văn.\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_dispatch(path)
    assert "ghi-chu.md" in str(info.value) and "Kính gửi" in str(info.value)


def test_unknown_extension(tmp_path):
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnsupportedFormatError) as info:
        load_dispatch(path)
    assert "cong-van.pdf" in str(info.value)


def test_annex_table_rows_with_group_cells_and_pipe_tables():
    text = ("Kính gửi: Các đơn vị\n\nNội dung trước ngày 01/02/2022.\n\n"
            "PHỤ LỤC\n\n| STT | Tên đơn vị |\n|---|---|\n| I | Nhóm một |\n| 1 | Đơn vị A |\n"
            "| 3 | Đơn vị B |\n\n5. Đơn vị C\n")
    d = load_dispatch(io.BytesIO(text.encode()))
    assert d.annex == (AnnexGroup("I", "Nhóm một", (("1", "Đơn vị A"), ("3", "Đơn vị B"),
                                                     ("5", "Đơn vị C"))),)


def test_doctests_of_reader_modules():
    for module in (dispatch_module, annex, plain, issuer):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


def test_docx_with_line_breaks_and_inline_addressee(tmp_path):
    """A Word file written by python-docx: addressees on soft line breaks of one paragraph."""
    import docx

    document = docx.Document()
    document.add_paragraph("BỘ Y TẾ")
    document.add_paragraph("VỤ PHÁP CHẾ")
    document.add_paragraph("Số: 45/PC-VB")
    document.add_paragraph("V/v góp ý dự thảo\nThông tư")
    document.add_paragraph("Hà Nội, ngày 3 tháng 3 năm 2022")
    paragraph = document.add_paragraph("Kính gửi:")
    run = paragraph.add_run()
    run.add_break()
    paragraph.add_run("- Cục Quản lý Dược;")
    paragraph.add_run().add_break()
    paragraph.add_run("- Cục Y tế dự phòng.")
    document.add_paragraph("Đề nghị Vụ Pháp chế nhận góp ý trước ngày 10/3/2022.")
    document.add_paragraph("VỤ TRƯỞNG")
    document.add_paragraph("Lê Văn Bình")
    path = tmp_path / "cong-van.docx"
    document.save(path)
    d = load_dispatch(path)
    assert d.issuer == "Vụ Pháp chế" and d.parent_issuer == "Bộ Y tế"
    assert d.number == "45/PC-VB" and d.subject == "V/v góp ý dự thảo Thông tư"
    assert d.addressees == ("Cục Quản lý Dược", "Cục Y tế dự phòng")
    assert d.deadline == dt.date(2022, 3, 10) and d.date == dt.date(2022, 3, 3)
    assert d.signer_title == "VỤ TRƯỞNG" and d.signer_name == "Lê Văn Bình"
    assert d.body == ("Đề nghị Vụ Pháp chế nhận góp ý trước ngày 10/3/2022.",)


PDF_COPY = """BỘ TƯ PHÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/BTP-VĐCXDPL Hà Nội, ngày 05 tháng 3 năm 2024
V/v góp ý dự thảo Nghị định

Kính gửi: Bộ Tài chính;
Bộ Nội vụ;
Bộ Công an.

Bộ Tư pháp đề nghị góp ý, gửi về Bộ Tư pháp trước 17h00 ngày 20/3/2024.
Trân trọng cảm ơn./.

Nơi nhận: KT. BỘ TRƯỞNG
- Như trên; THỨ TRƯỞNG
- Lưu: VT, VĐCXDPL.

Nguyễn Thanh Tịnh
"""


def test_text_copied_from_a_pdf_with_two_columns_run_together():
    d = load_dispatch(io.BytesIO(PDF_COPY.encode()))
    assert (d.issuer, d.number, d.place, d.date) == ("Bộ Tư pháp", "1234/BTP-VĐCXDPL", "Hà Nội",
                                                      dt.date(2024, 3, 5))
    assert d.addressees == ("Bộ Tài chính", "Bộ Nội vụ", "Bộ Công an")
    assert d.deadline == dt.date(2024, 3, 20)
    assert (d.signer_title, d.signer_name) == ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG", "Nguyễn Thanh Tịnh")
    assert d.cc == ("Như trên", "Lưu: VT, VĐCXDPL")
    assert d.body[0].startswith("Bộ Tư pháp đề nghị") and not d.issues


def test_columns_are_not_split_inside_ordinary_lines():
    lines = [plain.Line(t, f"line {k}") for k, t in enumerate([
        "- Lưu: VT, KCB.", "- Bộ trưởng (để b/c);", "Số: 12/BYT-KCB", "CỤC TRƯỞNG"], start=1)]
    assert dispatch_module.unfold_columns(lines) == lines


def test_flat_annex_list_and_unbulleted_addressees():
    text = ("Số: 45/K2ĐT-ĐT\nHà Nội, ngày 07 tháng 01 năm 2025\nV/v góp ý\n\nKính gửi:\n"
            "Trường Đại học Y Hà Nội;\nTrường Đại học Dược Hà Nội.\n\nXin gửi chậm nhất là ngày "
            "25/01/2025.\n\nQ. CỤC TRƯỞNG\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nLê Thị A\n\n"
            "PHỤ LỤC\nDANH SÁCH CÁC TRƯỜNG\n(Kèm theo Công văn số 45/K2ĐT-ĐT)\n\n"
            "1. Trường Đại học Y Hà Nội\n2. Trường Đại học Dược Hà Nội\n- Trường Đại học Y Dược Huế\n")
    d = load_dispatch(io.BytesIO(text.encode()))
    assert d.addressees == ("Trường Đại học Y Hà Nội", "Trường Đại học Dược Hà Nội")
    assert d.signer_title == "Q. CỤC TRƯỞNG" and d.deadline == dt.date(2025, 1, 25)
    assert d.annex_title == "PHỤ LỤC DANH SÁCH CÁC TRƯỜNG"
    assert [(g.number, g.entries) for g in d.annex] == [("", (
        ("1", "Trường Đại học Y Hà Nội"), ("2", "Trường Đại học Dược Hà Nội"),
        ("", "Trường Đại học Y Dược Huế")))]
    assert d.issuer == "" and d.annex_issues == ()
    assert [i for i in d.issues if "cơ quan ban hành" not in i] == []


def test_relative_and_impossible_deadlines_are_kept_as_written_not_guessed():
    base = "Số: 1/BYT-KCB\nHà Nội, ngày 02 tháng 02 năm 2024\nV/v góp ý\n\nKính gửi: Bộ Tài chính\n\n{}\n"
    relative = load_dispatch(io.BytesIO(base.format(
        "Xin gửi về thư điện tử kcb@moh.gov.vn trong thời hạn 10 ngày kể từ ngày nhận được công văn.")
        .encode()))
    assert relative.deadline is None and relative.postal_address is None
    assert relative.deadline_text == "trong thời hạn 10 ngày kể từ ngày nhận được công văn"
    assert any("tính từ ngày nhận" in i for i in relative.issues)
    invalid = load_dispatch(io.BytesIO(base.format("Xin gửi trước ngày 30/02/2024.").encode()))
    assert invalid.deadline is None and invalid.deadline_text == "trước ngày 30/02/2024"
    assert any("không phải ngày có thật" in i for i in invalid.issues)


@pytest.mark.parametrize("upper, proper", [
    ("UBND TỈNH TUYÊN QUANG", "UBND tỉnh Tuyên Quang"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("BẢO HIỂM XÃ HỘI VIỆT NAM", "Bảo hiểm xã hội Việt Nam"),
    ("BỘ TƯ PHÁP", "Bộ Tư pháp"),
    ("SỞ Y TẾ", "Sở Y tế"),
])
def test_issuer_casing_without_the_body(upper, proper):
    assert issuer.proper_case(upper, "") == proper


def test_several_addressees_on_the_kinh_gui_line_and_ve_viec():
    text = ("Số: 1/BYT-KCB\nHà Nội, ngày 02 tháng 02 năm 2024\nVề việc góp ý dự thảo\n\n"
            "Kính gửi: Bộ Tài chính; Bộ Tư pháp; Bộ Công an.\n\nXin gửi trước ngày 20/02/2024.\n")
    d = load_dispatch(io.BytesIO(text.encode()))
    assert d.subject == "Về việc góp ý dự thảo"
    assert d.addressees == ("Bộ Tài chính", "Bộ Tư pháp", "Bộ Công an")
