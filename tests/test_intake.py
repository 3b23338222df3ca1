"""load_comments: every source, conservation, stable ids, matching, duplicates."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
from hypothesis import given, strategies as st

from consultkit import schema
from consultkit.comments.intake import load_comments
from letter_docs import blank_pdf, eml, letter_docx


BODY = ("Phúc đáp Công văn số 512/CNTT-THKCB của Cục Công nghệ thông tin, Bệnh viện Bạch Mai góp ý như sau:",
        "1. Tại mục 2.1 phần IV: đề nghị tăng thời hạn lưu trữ hình ảnh lên 5 năm.",
        "2. Đề nghị bổ sung yêu cầu kết nối HL7 FHIR với hệ thống thông tin bệnh viện.",
        "Trân trọng./.")


@pytest.fixture(scope="module")
def roster():
    from consultkit.workspace import open_consultation
    return open_consultation().roster


def make_inbox(root):
    inbox = root / "inbox"
    (inbox / "thu").mkdir(parents=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Góp ý"
    sheet.append(["Dữ liệu mẫu tổng hợp (không phải ý kiến thật)"])
    sheet.append(["STT", "Đơn vị", "Ngày nhận", "Số văn bản", "Điều khoản", "Nội dung góp ý", "Kênh"])
    sheet.append([1, "BHXH Việt Nam", dt.datetime(2021, 6, 16), "2001/BHXH-CNTT", "", "Nhất trí với dự thảo.",
                  "Bưu điện"])
    sheet.append([2, "Sở Y tế tỉnh Thanh Hoá", "hôm qua", "", "", "Đề nghị sửa khoản 2.", "Email"])
    sheet.append([None] * 7)
    sheet.append([3, "Công ty ABC", "17/6/2021", "", "", '=HYPERLINK("http://x","<script>x</script>")', ""])
    book.save(inbox / "so-theo-doi.xlsx")
    (inbox / "them.csv").write_text("Unit;Date received;Comment\nBenh vien K;20/06/2021;Khong co y kien khac\n",
                                    encoding="utf-8-sig")
    letter = letter_docx(organs=("BỘ Y TẾ", "BỆNH VIỆN BẠCH MAI"), number="45/BM-CNTT",
                         place_date="Hà Nội, ngày 14 tháng 6 năm 2021", body=BODY)
    (inbox / "bach-mai.docx").write_bytes(letter)
    (inbox / "thu" / "bach-mai.eml").write_bytes(
        eml(sender="BV Bạch Mai <vanthu@bachmai.gov.vn>", attachments=[("../../bach-mai.docx", letter)]))
    (inbox / "thu" / "nghe-an.eml").write_bytes(eml(attachments=[("cv.docx", letter_docx())]))
    (inbox / "scan.pdf").write_bytes(blank_pdf())     # a scan: pages, no text layer
    (inbox / "hong.docx").write_bytes(b"PK\x03\x04 truncated")
    (inbox / "ghi-chu.txt").write_text("notes", encoding="utf-8")
    return inbox


def test_everything_read_is_a_comment_or_a_reject(tmp_path, roster):
    inbox = make_inbox(tmp_path)
    result = load_comments([inbox], roster=roster)
    comments, rejects = result.comments, result.rejects
    assert list(comments.columns[:len(schema.COMMENTS)]) == list(schema.COMMENTS)
    assert result.read == len(comments) + len(rejects)
    assert result.empty == 1
    assert len(comments) == 2 + 1 + 2 + 2 + 1     # sheet, csv, letter, e-mailed letter, Nghệ An
    by_reason = dict(zip(rejects["source"], rejects["reason"]))
    assert set(by_reason) == {"inbox/so-theo-doi.xlsx#Góp ý!R4", "inbox/scan.pdf", "inbox/hong.docx",
                              "inbox/ghi-chu.txt"}
    assert "không phải là ngày hợp lệ" in by_reason["inbox/so-theo-doi.xlsx#Góp ý!R4"]
    assert "bản quét không có lớp chữ" in by_reason["inbox/scan.pdf"]
    assert "hỏng" in by_reason["inbox/hong.docx"]
    # formulas and HTML are kept as text
    assert '=HYPERLINK("http://x","<script>x</script>")' in set(comments["text"])
    # nothing written anywhere by the '../../' attachment
    assert not (tmp_path / "bach-mai.docx").exists()
    assert "inbox/thu/bach-mai.eml#bach-mai.docx#p3" in set(comments["source"])


def test_units_stance_channels_and_duplicates(tmp_path, roster):
    result = load_comments([make_inbox(tmp_path)], roster=roster)
    c = result.comments.set_index("source")
    assert c.loc["inbox/so-theo-doi.xlsx#Góp ý!R3", "unit_id"] == "bao-hiem-xa-hoi-viet-nam"
    assert c.loc["inbox/so-theo-doi.xlsx#Góp ý!R3", "stance"] == "agree"
    assert c.loc["inbox/so-theo-doi.xlsx#Góp ý!R3", "channel"] == "post"
    assert c.loc["inbox/them.csv#R2", "unit_id"] == "benh-vien-k"
    assert c.loc["inbox/them.csv#R2", "received"] == dt.date(2021, 6, 20)
    # a unit not in the roster stays unmatched
    abc = c.loc["inbox/so-theo-doi.xlsx#Góp ý!R6"]
    assert abc["unit_id"] == "" and abc["match_method"] in ("none", "needs_decision")
    nghe_an = c.loc["inbox/thu/nghe-an.eml#cv.docx#p2"]
    assert nghe_an["unit_id"] == "so-y-te-nghe-an" and nghe_an["channel"] == "email"
    # Bạch Mai: the letter by post (dated 14/6) and by e-mail (received 12/6)
    post = c.loc[["inbox/bach-mai.docx#p3", "inbox/bach-mai.docx#p4"]]
    mail = c.loc[["inbox/thu/bach-mai.eml#bach-mai.docx#p3", "inbox/thu/bach-mai.eml#bach-mai.docx#p4"]]
    assert set(post["unit_id"]) == set(mail["unit_id"]) == {"benh-vien-bach-mai"}
    assert list(mail["duplicate_of"]) == ["", ""]
    assert list(post["duplicate_of"]) == list(mail["comment_id"])
    assert set(post["stance"]) == {"substantive"}
    assert set(post["letter_number"]) == {"45/BM-CNTT"}


def test_reimporting_gives_the_same_ids(tmp_path, roster):
    inbox = make_inbox(tmp_path)
    first = load_comments([inbox], roster=roster).comments
    second = load_comments([inbox], roster=roster).comments
    assert list(first["comment_id"]) == list(second["comment_id"])
    assert first["comment_id"].is_unique
    # a copy of the inbox elsewhere: same files, same ids
    other = tmp_path / "copy"
    shutil.copytree(inbox, other / "inbox")
    third = load_comments([other / "inbox"], roster=roster).comments
    assert list(third["comment_id"]) == list(first["comment_id"])


def test_appending_to_a_running_log_keeps_the_old_ids(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Đơn vị,Nội dung góp ý\nBV E,Đề nghị A\nBV E,Đề nghị A\n", encoding="utf-8")
    before = list(load_comments([path]).comments["comment_id"])
    assert len(set(before)) == 2                  # identical rows still get two ids
    path.write_text("Đơn vị,Nội dung góp ý\nBV K,Đề nghị mới\nBV E,Đề nghị A\nBV E,Đề nghị A\n",
                    encoding="utf-8")
    after = list(load_comments([path]).comments["comment_id"])
    assert after[1:] == before


def test_missing_sources_and_empty_folders(tmp_path):
    (tmp_path / "rong").mkdir()
    result = load_comments([tmp_path / "rong", tmp_path / "khong-co.xlsx"])
    assert len(result.comments) == 0
    assert list(result.rejects["source"]) == ["khong-co.xlsx"]
    assert result.read == 1
    assert list(result.comments.columns[:len(schema.COMMENTS)]) == list(schema.COMMENTS)


def test_progress_bar(tmp_path, capsys):
    make_inbox(tmp_path)
    load_comments(tmp_path / "inbox", progress=True)
    assert "Đọc góp ý" in capsys.readouterr().err


def test_clause_links_with_a_clause_frame(tmp_path):
    clauses = schema.conform([
        {"clause_id": "IV.2.1", "parent_id": "IV.2", "kind": "item", "number": "2.1", "heading": "",
         "text": "Thời hạn lưu trữ hình ảnh tại cơ sở tối đa 01 năm.", "order": 0, "level": 2,
         "location": "line 1", "cells": None},
        {"clause_id": "IV.2.2", "parent_id": "IV.2", "kind": "item", "number": "2.2", "heading": "",
         "text": "Kết nối HL7 với hệ thống thông tin bệnh viện.", "order": 1, "level": 2,
         "location": "line 2", "cells": None}], schema.CLAUSES)
    path = tmp_path / "s.csv"
    path.write_text("Đơn vị,Điều khoản,Nội dung góp ý\nBV E,IV.2.1,Đề nghị sửa.\n"
                    "BV K,,Đề nghị bổ sung kết nối HL7 FHIR với hệ thống thông tin bệnh viện.\n"
                    "BV C,,Nhất trí với dự thảo.\n", encoding="utf-8")
    c = load_comments([path], clauses=clauses).comments
    assert list(c["clause_ids"]) == [("IV.2.1",), (), ()]
    assert c["clause_suggestions"][0] == ()
    assert c["clause_suggestions"][1][0][0] == "IV.2.2"
    assert c["clause_suggestions"][2] == ()       # "agree" comments get no suggestions


# --- the bundled synthetic sample inbox -------------------------------------------------

LABEL = "Dữ liệu mẫu tổng hợp (không phải ý kiến thật)"


@pytest.fixture(scope="module")
def sample(bundled, roster):
    from consultkit.workspace import open_consultation
    consultation = open_consultation(bundled)
    return load_comments([bundled / "inbox"], roster=roster, clauses=consultation.versions["du-thao-2"])


def test_sample_inbox_conservation_and_rejects(sample):
    assert sample.read == len(sample.comments) + len(sample.rejects)
    assert len(sample.files) >= 15
    assert list(sample.rejects["reason"].str.contains("31/06/2021")) == [True]
    assert sample.empty == 1


def test_sample_inbox_content(sample, roster):
    c = sample.comments
    listed = roster[~roster["placeholder"]]
    replied = set(c["unit_id"]) - {""}
    assert 0.4 * len(listed) <= len(replied) <= 0.6 * len(listed)
    assert (c["stance"] == "agree").sum() >= 25
    assert set(c["channel"]) >= {"email", "post", "sheet"}
    assert (c["received"] > dt.date(2021, 6, 18)).sum() >= 5              # late replies
    cited = c[c["clause_ids"].map(len) > 0]
    assert len(cited) >= 20 and all(i.startswith("IV.") for ids in cited["clause_ids"] for i in ids)
    assert (c["clause_suggestions"].map(len) > 0).sum() >= 3
    # the same letter by e-mail and by post
    duplicates = c[c["duplicate_of"] != ""]
    assert list(duplicates["unit_id"]) == ["so-y-te-nghe-an"]
    first = c.set_index("comment_id").loc[duplicates["duplicate_of"].iloc[0]]
    assert first["channel"] == "email" and duplicates["channel"].iloc[0] == "post"
    # near-identical comments from several units
    groups = c[c["group_id"] != ""].groupby("group_id")["unit_id"].nunique()
    assert (groups >= 3).any()
    # names as people write them
    by_raw = dict(zip(c["unit_raw"], c["unit_id"]))
    for raw, unit in [("Sở Y tế tỉnh Thanh Hoá", "so-y-te-thanh-hoa"),
                      ("BV Bạch Mai", "benh-vien-bach-mai"), ("BHXH Việt Nam", "bao-hiem-xa-hoi-viet-nam"),
                      ("Benh vien K", "benh-vien-k"), ("Sở Y tế TP.HCM", "so-y-te-ho-chi-minh"),
                      ("BVĐK TƯ Cần Thơ", "benh-vien-da-khoa-trung-uong-can-tho"),
                      ("SỞ Y TẾ TỈNH NGHỆ AN", "so-y-te-nghe-an")]:
        assert by_raw[raw] == unit
    assert by_raw["Hội Điện quang và Y học hạt nhân Việt Nam"] == ""


def test_sample_files_are_labelled_synthetic(bundled):
    import docx
    from email import message_from_bytes, policy
    inbox = bundled / "inbox"
    for path in sorted(inbox.iterdir()):
        if path.suffix == ".docx":
            document = docx.Document(path)
            assert document.paragraphs[0].text == LABEL
            assert document.core_properties.title == LABEL
        elif path.suffix == ".eml":
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            assert message["X-Consultkit-Sample"] == "synthetic"
            assert LABEL in message.get_body(("plain",)).get_content()
        elif path.suffix == ".xlsx":
            sheet = openpyxl.load_workbook(path, read_only=True).active
            assert next(sheet.iter_rows(values_only=True))[0] == LABEL
        elif path.suffix == ".csv":
            assert LABEL in path.read_text(encoding="utf-8-sig").splitlines()[0]
        elif path.suffix == ".jpg":            # scans by scripts/make_sample_scans.py
            from PIL import Image

            assert Image.open(path).info["comment"].startswith(b"synthetic scan")
        elif path.suffix == ".pdf":
            import pypdf

            metadata = pypdf.PdfReader(path).metadata
            assert metadata["/Subject"].startswith("synthetic scan")
            assert metadata["/Title"].startswith("BẢN QUÉT TỔNG HỢP")
        else:
            pytest.fail(f"unexpected file in the sample inbox: {path.name}")


def test_sample_script_is_deterministic_and_matches_the_committed_files(tmp_path, bundled):
    import importlib.util
    from pathlib import Path
    script = Path(__file__).resolve().parent.parent / "scripts" / "make_sample_inbox.py"
    spec = importlib.util.spec_from_file_location("make_sample_inbox", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first = {p.name: p.read_bytes() for p in module.build(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in module.build(tmp_path / "b")}
    assert first == second
    # the scans and the returned draft come from scripts/make_sample_scans.py (LibreOffice
    # renders them, so their bytes depend on its version): left out of this byte comparison
    scans = _load_script("make_sample_scans")
    committed = {p.name: p.read_bytes() for p in (bundled / "inbox").iterdir()
                 if p.name not in scans.NAMES}
    assert set(scans.NAMES) <= {p.name for p in (bundled / "inbox").iterdir()}
    assert first == committed, "regenerate with: python scripts/make_sample_inbox.py"


def _load_script(name: str):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_units_are_matched_on_the_date_of_the_reply(tmp_path, roster):
    """After the 2025 merger, "Sở Y tế tỉnh Tuyên Quang" also stands for the old Hà Giang."""
    old, new = tmp_path / "2021.csv", tmp_path / "2026.csv"
    old.write_text("Đơn vị,Ngày nhận,Nội dung góp ý\nSở Y tế tỉnh Tuyên Quang,15/06/2021,Nhất trí.\n",
                   encoding="utf-8")
    new.write_text("Đơn vị,Ngày nhận,Nội dung góp ý\nSở Y tế Tuyên Quang,15/03/2026,Nhất trí.\n",
                   encoding="utf-8")
    c = load_comments([old, new], roster=roster).comments.set_index("source")
    assert c.loc["2021.csv#R2", "unit_id"] == "so-y-te-tuyen-quang"
    assert c.loc["2026.csv#R2", "unit_id"] == ""
    assert c.loc["2026.csv#R2", "match_method"] == "needs_decision"


row = st.tuples(st.sampled_from(["BV E", "SYT Huế", "", "Công ty X", "BHXH VN"]),
                st.sampled_from(["10/6/2021", "", "99/99/2021", "2021-06-20"]),
                st.sampled_from(["", "Nhất trí.", "Đề nghị sửa mục 2.1 phần IV.", "=HYPERLINK(\"a\")",
                                 "<b>x</b>", "   "]))


@given(st.lists(row, max_size=20))
def test_conservation_and_stable_ids_for_any_sheet(tmp_path_factory, rows):
    import csv
    import io
    folder = tmp_path_factory.mktemp("p")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Đơn vị", "Ngày nhận", "Nội dung góp ý"])
    writer.writerows(rows)
    (folder / "s.csv").write_text(out.getvalue(), encoding="utf-8")
    first = load_comments([folder])
    again = load_comments([folder])
    assert first.read == len(first.comments) + len(first.rejects)
    assert first.read + first.empty == len(rows)
    assert list(first.comments["comment_id"]) == list(again.comments["comment_id"])
    assert first.comments["comment_id"].is_unique
