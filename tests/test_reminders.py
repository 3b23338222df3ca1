"""Reminder letters (công văn đôn đốc) and the mail log."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from click.testing import CliRunner

from consultkit import schema
from consultkit import text as vt
from consultkit.errors import ConsultkitError
from consultkit.readers.dispatch import load_dispatch
from consultkit.writers.letters import LOG_NAME, MERGED_NAME, reminder_log, write_reminders
from consultkit.writers.style import check_document
from conftest import SEED, needs_soffice
from docx_helpers import (all_text, assert_house_fonts, assert_nd30_page, open_doc, paragraphs_with,
                          pdf_text, render_pdf)

NAMES = ["Bệnh viện Bạch Mai", "Bệnh viện Răng – Hàm – Mặt trung ương TP. Hồ Chí Minh",
         "Sở Y tế Hà Nội", "Bệnh viện E", "Y tế các Bộ, Ngành"]


@pytest.fixture(scope="module")
def dispatch(seed_path):
    return load_dispatch(SEED)


@pytest.fixture
def responses():
    rows = []
    for i, name in enumerate(NAMES):
        replied = name == "Bệnh viện E"
        placeholder = name.startswith("Y tế các")
        rows.append(dict(unit_id=vt.slugify(name), name=name, group="IV", group_title="Nhóm", kind="other",
                         placeholder=placeholder, replied=replied, first_reply=None, last_reply=None,
                         late=False, n_comments=int(replied), stance="agree" if replied else "none",
                         needs_reminder=not replied and not placeholder))
    return schema.conform(rows, schema.RESPONSES)


def test_one_letter_per_unit_not_replied(tmp_path, dispatch, responses):
    files = write_reminders({"dispatch": dispatch, "responses": responses}, tmp_path / "out",
                            new_deadline=dt.date(2021, 7, 2))
    assert [f.name for f in files] == ["001-benh-vien-bach-mai.docx",
                                       "002-benh-vien-rang-ham-mat-trung-uong-tp-ho-chi-minh.docx",
                                       "003-so-y-te-ha-noi.docx"]
    assert all(f.name.isascii() for f in files)
    doc = open_doc(files[1])
    assert_nd30_page(doc, landscape=False)
    assert_house_fonts(doc)
    assert check_document(files[1]) == []
    text = all_text(doc)
    assert "Kính gửi: Bệnh viện Răng – Hàm – Mặt trung ương TP. Hồ Chí Minh." in text
    assert "Công văn số …/CNTT-THKCB ngày … tháng … năm 2021" in text
    assert "trước ngày 02 tháng 7 năm 2021" in text
    assert "trước ngày 18 tháng 6 năm 2021" in text  # the original deadline, cited
    assert "tuyentv.cntt@moh.gov.vn" in text and "Ngõ 135, phố Núi Trúc" in text
    assert "Số: …/CNTT-THKCB" in text and "V/v đôn đốc góp ý dự thảo Thông tư" in text
    assert "Hà Nội, ngày … tháng … năm 2021" in text
    assert paragraphs_with(doc, "CỤC TRƯỞNG") and paragraphs_with(doc, "Trần Quý Tường")
    assert "- Lưu: VT, CNTT." in text
    assert "Bệnh viện E" not in text and "Y tế các Bộ" not in text


def test_given_number_and_date_are_used(tmp_path, dispatch, responses):
    files = write_reminders({"dispatch": dispatch, "responses": responses}, tmp_path,
                            new_deadline=dt.date(2021, 7, 2), date=dt.date(2021, 6, 21), number="7")
    text = all_text(open_doc(files[0]))
    assert "Số: 07/CNTT-THKCB" in text and "Hà Nội, ngày 21 tháng 6 năm 2021" in text


def test_original_dispatch_with_number_and_date_is_cited(tmp_path, dispatch, responses):
    issued = dataclasses.replace(dispatch, number="1234/CNTT-THKCB", date=dt.date(2021, 6, 4))
    files = write_reminders({"dispatch": issued, "responses": responses}, tmp_path,
                            new_deadline=dt.date(2021, 7, 2))
    assert "Công văn số 1234/CNTT-THKCB ngày 04 tháng 6 năm 2021" in all_text(open_doc(files[0]))
    with pytest.raises(ConsultkitError, match="không sau ngày ban hành công văn"):
        write_reminders({"dispatch": issued, "responses": responses}, tmp_path,
                        new_deadline=dt.date(2021, 6, 1))


def test_merged_file_one_section_per_letter(tmp_path, dispatch, responses):
    files = write_reminders({"dispatch": dispatch, "responses": responses}, tmp_path / "m",
                            new_deadline=dt.date(2021, 7, 2), merged=True)
    assert files == [tmp_path / "m" / MERGED_NAME]
    doc = open_doc(files[0])
    assert len(doc.sections) == 3
    assert all(s.different_first_page_header_footer for s in doc.sections)
    text = all_text(doc)
    assert text.count("Kính gửi:") == 3 and text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 3
    assert_nd30_page(doc, landscape=False)


def test_mail_log(tmp_path, dispatch, responses):
    files = write_reminders({"dispatch": dispatch, "responses": responses}, tmp_path,
                            new_deadline=dt.date(2021, 7, 2))
    log = pd.read_csv(tmp_path / LOG_NAME, encoding="utf-8-sig", dtype=str)
    assert log.columns.tolist() == ["STT", "Đơn vị", "Nhóm", "Dòng địa chỉ", "Tệp"]
    assert log["Đơn vị"].tolist() == [NAMES[0], NAMES[1], NAMES[2]]
    assert log["Tệp"].tolist() == [f.name for f in files]
    assert log["Dòng địa chỉ"].iloc[0] == "Kính gửi: Bệnh viện Bạch Mai"
    frame = reminder_log(responses)
    assert frame["STT"].tolist() == [1, 2, 3] and (frame["Tệp"] == "").all()


def test_nobody_to_remind_writes_only_the_log(tmp_path, dispatch, responses):
    everyone = responses.assign(needs_reminder=False)
    assert write_reminders({"dispatch": dispatch, "responses": everyone},
                           tmp_path, new_deadline=dt.date(2021, 7, 2)) == []
    assert len(pd.read_csv(tmp_path / LOG_NAME)) == 0


def test_cli_reminders_on_the_bundled_workspace(workspace, tmp_path):
    from consultkit.cli import main
    from consultkit.workspace import open_consultation

    expected = int(open_consultation(workspace).responses()["needs_reminder"].sum())
    out = tmp_path / "don-doc"
    result = CliRunner().invoke(main, ["report", "reminders", str(workspace), "-o", str(out),
                                       "--deadline", "2021-07-02", "--merged"])
    assert result.exit_code == 0, result.output
    doc = open_doc(out / MERGED_NAME)
    assert len(doc.sections) == expected > 100
    assert len(pd.read_csv(out / LOG_NAME, encoding="utf-8-sig")) == expected


@needs_soffice
@pytest.mark.libreoffice
def test_reminder_renders_with_libreoffice(tmp_path, dispatch, responses):
    files = write_reminders({"dispatch": dispatch, "responses": responses}, tmp_path,
                            new_deadline=dt.date(2021, 7, 2))
    pdf = render_pdf(files[0], tmp_path)
    text = pdf_text(pdf)
    if text is not None:
        assert "Kính gửi: Bệnh viện Bạch Mai" in text and "02 tháng 7 năm 2021" in text
