"""The dispatch checker: the real 2021 seed and crafted bad drafts."""

from __future__ import annotations

import dataclasses
import io
import datetime as dt

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm

from consultkit import schema
from consultkit.lint import format_findings, lint_dispatch
from consultkit.readers.dispatch import AnnexGroup, load_dispatch
from conftest import SEED

ISSUE_DAY = dt.date(2021, 6, 1)


@pytest.fixture(scope="module")
def seed_text(seed_path):
    return SEED.read_text(encoding="utf-8")


def lint_text(tmp_path, text, name="draft.md", **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    kw.setdefault("today", ISSUE_DAY)
    return lint_dispatch(path, **kw)


def rules(frame, severity=None):
    if severity:
        frame = frame[frame["severity"] == severity]
    return set(frame["rule"])


# ------------------------------------------------------------------ the real seed

def test_seed_findings(seed_path):
    frame = lint_dispatch(SEED, today=ISSUE_DAY)
    assert list(frame.columns) == list(schema.LINT)
    assert rules(frame, "error") == {"subject.title-mismatch", "annex.group-duplicate"}
    mismatch = frame[frame["rule"] == "subject.title-mismatch"].iloc[0]
    assert "Quy định về thực hiện y tế từ xa" in mismatch["message"]
    assert "RIS-PACS" in mismatch["suggestion"]
    assert mismatch["location"] == "line 25"
    duplicate = frame[frame["rule"] == "annex.group-duplicate"].iloc[0]
    assert "“IV”" in duplicate["message"] and duplicate["location"] == "line 72"


def test_seed_placeholders_are_todo_not_errors(seed_path):
    frame = lint_dispatch(SEED, today=ISSUE_DAY)
    todo = frame[frame["severity"] == "todo"]
    assert {"form.number-blank", "form.date-blank", "annex.note-blank"} <= set(todo["rule"])
    assert todo["message"].str.contains("cần hoàn thiện khi ban hành").all()
    assert not frame[frame["severity"] == "error"]["rule"].str.startswith("form.").any()


def test_seed_addressees_match_the_annex_groups(seed_path):
    """“Các bệnh viện trực thuộc Bộ Y tế” ~ “Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế”."""
    frame = lint_dispatch(SEED, today=ISSUE_DAY)
    assert not rules(frame) & {"annex.addressee-missing", "annex.group-not-addressed"}


def test_seed_deadline_measured_from_today_when_the_date_is_blank(seed_path):
    frame = lint_dispatch(SEED, today=dt.date(2021, 6, 14))
    period = frame[frame["rule"] == "deadline.period"].iloc[0]
    assert "4 ngày" in period["message"] and "ngày công văn để trống" in period["message"]
    assert period["severity"] == "warning"
    late = lint_dispatch(SEED, today=dt.date(2021, 7, 1))
    assert "deadline.passed" in rules(late, "error")
    issued = lint_dispatch(SEED, issue_date=dt.date(2021, 6, 1), min_days=30)
    assert "ngày dự kiến ban hành 01/06/2021" in issued[issued["rule"] == "deadline.period"].iloc[0]["message"]


def test_seed_month_written_with_a_zero(seed_path):
    frame = lint_dispatch(SEED, today=ISSUE_DAY)
    row = frame[frame["rule"] == "format.date"].iloc[0]
    assert row["severity"] == "info" and "tháng 6" in row["suggestion"]


# ------------------------------------------------------------------ crafted drafts

def fixed(seed_text):
    """The seed with its two errors corrected."""
    text = seed_text.replace("“Quy định về thực hiện y tế từ xa”",
                             "“Sửa đổi, bổ sung tiêu chí kỹ thuật và hướng dẫn triển khai hệ thống "
                             "lưu trữ và truyền tải hình ảnh (RIS-PACS) tại cơ sở khám bệnh, chữa bệnh”")
    return text.replace("#### IV. Các Bệnh viện, Viện có giường", "#### V. Các Bệnh viện, Viện có giường")


def test_corrected_seed_has_no_errors(tmp_path, seed_text):
    frame = lint_text(tmp_path, fixed(seed_text))
    assert rules(frame, "error") == set(), frame.to_string()


def test_other_draft_kind_in_body(tmp_path, seed_text):
    text = fixed(seed_text).replace("bản dự thảo Thông tư “Sửa đổi", "bản dự thảo Nghị định “Sửa đổi")
    assert "subject.kind-mismatch" in rules(lint_text(tmp_path, text), "error")


def test_deadline_before_the_dispatch_date(tmp_path, seed_text):
    text = fixed(seed_text).replace("Hà Nội, ngày tháng năm 2021", "Hà Nội, ngày 20 tháng 6 năm 2021")
    frame = lint_text(tmp_path, text)
    assert "deadline.before-date" in rules(frame, "error")
    assert "form.date-blank" not in rules(frame)


def test_impossible_deadline(tmp_path, seed_text):
    text = fixed(seed_text).replace("ngày 18 tháng 06 năm 2021", "ngày 31 tháng 6 năm 2021")
    frame = lint_text(tmp_path, text)
    row = frame[frame["rule"] == "deadline.invalid"].iloc[0]
    assert row["severity"] == "error" and "không phải ngày có thật" in row["message"]


def test_missing_deadline(tmp_path, seed_text):
    text = fixed(seed_text).replace(" trước **ngày 18 tháng 06 năm 2021**", "")
    assert "deadline.missing" in rules(lint_text(tmp_path, text), "error")


def test_short_period_is_configurable(tmp_path, seed_text):
    text = fixed(seed_text).replace("Hà Nội, ngày tháng năm 2021", "Hà Nội, ngày 10 tháng 6 năm 2021")
    assert "deadline.period" in rules(lint_text(tmp_path, text, min_days=10))
    assert "deadline.period" not in rules(lint_text(tmp_path, text, min_days=5))


def test_group_sequence_entries_and_duplicates(tmp_path, seed_text):
    text = fixed(seed_text).replace("- III. Sở Y tế", "- VI. Sở Y tế") \
        .replace("3\tVụ Trang thiết bị", "4\tVụ Trang thiết bị") \
        .replace("9\tVăn phòng Bộ", "9\tVụ Pháp chế")
    frame = lint_text(tmp_path, text)
    errors = frame[frame["severity"] == "error"]
    assert {"annex.group-sequence", "annex.entry-sequence", "annex.unit-duplicate"} <= set(errors["rule"])
    seq = errors[errors["rule"] == "annex.entry-sequence"]
    assert seq["message"].str.contains("cần là 3").any()
    assert errors[errors["rule"] == "annex.unit-duplicate"]["message"].str.contains("Vụ Pháp chế").any()


def test_addressee_without_annex_group_and_the_reverse(tmp_path, seed_text):
    text = fixed(seed_text).replace("- Y tế các Bộ, Ngành;\n", "- Y tế các Bộ, Ngành;\n- Các trường đại học Y;\n") \
        .replace("- I. Bảo hiểm xã hội Việt Nam\n", "- I. Bảo hiểm xã hội Việt Nam\n- II. Y tế các Bộ, Ngành\n") \
        .replace("- II. Y tế các Bộ, Ngành\n- III.", "- III. Viện Hàn lâm Khoa học\n- III.")
    frame = lint_text(tmp_path, text)
    missing = frame[frame["rule"] == "annex.addressee-missing"]
    assert missing["message"].str.contains("Các trường đại học Y").any()
    assert frame[frame["rule"] == "annex.group-not-addressed"]["message"].str.contains("Viện Hàn lâm").any()


def _with_provinces(dispatch, *names, day):
    group = AnnexGroup(number="V", title="Sở Y tế các tỉnh", entries=tuple((str(i + 1), n) for i, n in enumerate(names)))
    return dataclasses.replace(dispatch, annex=dispatch.annex + (group,), date=day,
                               deadline=day + dt.timedelta(days=20))


def test_province_names_checked_on_the_dispatch_date(seed_path):
    base = load_dispatch(SEED)
    in_2021 = _with_provinces(base, "Sở Y tế tỉnh Hà Giang", "Sở Y tế Thành phố Hồ Chí Minh",
                              "Sở Y tế Thanh Hoá", "Sở Y tế tỉnh Hà Tây", day=dt.date(2021, 6, 1))
    frame = lint_dispatch(in_2021, check_style=False)
    bad = frame[frame["rule"] == "annex.province"]
    assert bad["message"].str.contains("Hà Tây").tolist() == [True]  # merged into Hà Nội in 2008
    in_2025 = _with_provinces(base, "Sở Y tế tỉnh Hà Giang", "Sở Y tế tỉnh Tuyên Quang",
                              day=dt.date(2025, 9, 1))
    bad = lint_dispatch(in_2025)
    bad = bad[bad["rule"] == "annex.province"]
    assert bad["message"].str.contains("Hà Giang").tolist() == [True]
    assert "01/09/2025" in bad.iloc[0]["message"]


def test_roster_duplicates(seed_path):
    roster = schema.conform([dict(unit_id=f"u{i}", group="I", group_title="g", seq=i, name=n, kind="other",
                                  province_code="", placeholder=False, source="x")
                             for i, n in enumerate(["Bệnh viện E", "Bệnh viện K", "BỆNH VIỆN E"])],
                            schema.ROSTER)
    frame = lint_dispatch(load_dispatch(SEED), roster=roster, today=ISSUE_DAY)
    assert frame[frame["rule"] == "roster.duplicate"]["message"].str.contains("BỆNH VIỆN E").any()


# ------------------------------------------------------------------ .docx

def test_docx_rendered_in_house_style_has_no_style_findings(tmp_path, seed_path):
    from consultkit.writers.letters import write_dispatch

    path = write_dispatch(load_dispatch(SEED), None, tmp_path / "cv.docx")
    frame = lint_dispatch(path, today=ISSUE_DAY)
    assert not [r for r in rules(frame) if r.startswith(("page.", "font."))]
    assert {"subject.title-mismatch", "annex.group-duplicate"} <= rules(frame, "error")


def test_docx_with_wrong_paper_margins_and_font(tmp_path, seed_path):
    from consultkit.writers.letters import write_dispatch

    path = write_dispatch(load_dispatch(SEED), None, tmp_path / "cv.docx")
    doc = docx.Document(str(path))
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    section.left_margin = Mm(20)
    for p in doc.paragraphs:
        for r in p.runs:
            r.font.name = "Arial"
    doc.save(path)
    frame = lint_dispatch(path, today=ISSUE_DAY)
    found = frame[frame["rule"].str.startswith(("page.", "font."))]
    assert {"page.size", "page.margins", "font.family"} <= set(found["rule"])
    assert (found.loc[found["rule"] == "page.margins", "message"].str.contains("Lề trái 20.0 mm")).any()


# ------------------------------------------------------------------ output

def test_format_findings_is_a_readable_table(seed_path):
    text = format_findings(lint_dispatch(SEED, today=ISSUE_DAY))
    assert text.startswith("8 phát hiện — LỖI: 2, CẦN HOÀN THIỆN: 3, GHI CHÚ: 3")
    assert "LỖI" in text and "dòng 25" in text and "→ Sửa tên dự thảo" in text
    assert format_findings(schema.empty(schema.LINT)) == "Không phát hiện vấn đề nào."


def test_cli_lint_exit_codes(tmp_path, seed_text, seed_path):
    from consultkit.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["lint", str(SEED), "--today", "2021-06-01"])
    assert result.exit_code == 1 and "subject.title-mismatch" in result.output
    good = tmp_path / "good.md"
    good.write_text(fixed(seed_text), encoding="utf-8")
    result = runner.invoke(main, ["lint", str(good), "--today", "2021-06-01", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(schema.LINT)
    assert "todo,form.number-blank" in result.output
    result = runner.invoke(main, ["lint", str(tmp_path / "missing.docx")])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_unquoted_draft_title_is_checked_too(tmp_path, seed_text):
    wrong = fixed(seed_text).replace(
        "bản dự thảo Thông tư “Sửa đổi, bổ sung tiêu chí kỹ thuật và hướng dẫn triển khai hệ thống lưu trữ "
        "và truyền tải hình ảnh (RIS-PACS) tại cơ sở khám bệnh, chữa bệnh”",
        "bản dự thảo Thông tư quy định về thực hiện y tế từ xa")
    assert "subject.title-mismatch" in rules(lint_text(tmp_path, wrong), "error")
    right = fixed(seed_text).replace("“Sửa đổi, bổ sung", "sửa đổi, bổ sung").replace("chữa bệnh” để", "chữa bệnh để")
    assert "subject.title-mismatch" not in rules(lint_text(tmp_path, right))


def test_weekend_deadline_is_noted(tmp_path, seed_text):
    text = fixed(seed_text).replace("ngày 18 tháng 06 năm 2021", "ngày 20 tháng 6 năm 2021")
    row = lint_text(tmp_path, text)
    row = row[row["rule"] == "deadline.weekend"].iloc[0]
    assert row["severity"] == "info" and "Chủ nhật" in row["message"]


def test_other_departments_are_not_read_as_provinces(seed_path):
    base = load_dispatch(SEED)
    d = _with_provinces(base, "Sở Khoa học và Công nghệ Hà Nội", "Bảo hiểm xã hội Việt Nam",
                        "Sở Y tế Thành phố Hồ Chí Minh", "Sở Y tế TP. Hồ Chí Minh", day=dt.date(2021, 6, 1))
    assert "annex.province" not in rules(lint_dispatch(d, check_style=False))


def test_addressed_as_the_attached_list(seed_path):
    d = dataclasses.replace(load_dispatch(SEED), addressees=("Các đơn vị có tên trong danh sách kèm theo",))
    assert not rules(lint_dispatch(d, today=ISSUE_DAY)) & {"annex.addressee-missing", "annex.group-not-addressed"}


@pytest.mark.parametrize("location, expected", [
    ("line 25", "dòng 25"), ("p9", "đoạn 9"), ("section 1", "trang in, phần 1"),
    ("addressees", "Kính gửi"), ("annex group IV", "phụ lục, nhóm IV"), ("t1.r2", "bảng 1, hàng 2")])
def test_places_in_vietnamese(location, expected):
    from consultkit.lint import place_vi

    assert place_vi(location) == expected


def test_issued_dispatch_has_no_todo_and_the_annex_note_must_agree(tmp_path, seed_text):
    issued = fixed(seed_text).replace("Số: /CNTT-THKCB", "Số: 1234/CNTT-THKCB") \
        .replace("Hà Nội, ngày tháng năm 2021", "Hà Nội, ngày 04 tháng 6 năm 2021")
    good = issued.replace("(Kèm theo Công văn số /CNTT-THKCB ngày tháng năm 2021)",
                          "(Kèm theo Công văn số 1234/CNTT-THKCB ngày 04 tháng 6 năm 2021)")
    frame = lint_text(tmp_path, good)
    assert not (frame["severity"] == "todo").any() and not (frame["severity"] == "error").any()
    bad = issued.replace("(Kèm theo Công văn số /CNTT-THKCB ngày tháng năm 2021)",
                         "(Kèm theo Công văn số 1243/CNTT-THKCB ngày 14 tháng 6 năm 2021)")
    messages = lint_text(tmp_path, bad, name="bad.md").query("rule == 'annex.note-mismatch'")["message"]
    assert len(messages) == 2 and messages.str.contains("1243").any() and messages.str.contains("14/06/2021").any()


def test_recipients_and_signer(tmp_path, seed_text):
    text = fixed(seed_text).replace("- Lưu: VT, CNTT.\n", "").replace("**Trần Quý Tường**", "")
    frame = lint_text(tmp_path, text)
    assert {"recipients.storage", "signature.missing"} <= rules(frame, "warning")
    assert not rules(lint_text(tmp_path, fixed(seed_text), name="ok.md")) & {
        "recipients.storage", "signature.missing", "recipients.as-above"}


def test_any_provincial_agency_and_former_province_names(seed_path):
    from consultkit.lint.annex import provinces

    names = ("Tỉnh Hà Giang", "Sở Tư pháp tỉnh Yên Bái", "Bệnh viện Đa khoa tỉnh Hà Giang",
             "UBND thành phố Vinh", "Thành phố Huế", "Trung tâm Y tế thành phố Vinh", "Công an tỉnh Lào Cai",
             "Sở Y tế tỉnh Hà Tây")
    d = _with_provinces(load_dispatch(SEED), *names, day=dt.date(2025, 9, 1))
    d = dataclasses.replace(d, addressees=d.addressees + ("UBND tỉnh Bắc Giang",))
    found = {(f["message"].split("”")[0].lstrip("“"), f["severity"]) for f in provinces(d, on=d.date)}
    assert found == {("Hà Giang", "error"), ("Yên Bái", "error"), ("Hà Tây", "error"),
                     ("Bệnh viện Đa khoa tỉnh Hà Giang", "warning"), ("Bắc Giang", "error")}
    hints = " ".join(f["suggestion"] for f in provinces(d, on=d.date))
    assert "ghi “Sở Tư pháp tỉnh Lào Cai”" in hints
    assert "ghi “UBND tỉnh Bắc Ninh”" in hints
    # the same names were all valid before the 2025 merger, except Hà Tây (merged in 2008)
    assert [f["message"][:8] for f in provinces(d, on=dt.date(2021, 6, 1))] == ["“Hà Tây”"]


@pytest.mark.parametrize("date, expected", [
    ("ngày 05 tháng 3 năm 2021", None), ("ngày 5 tháng 3 năm 2021", "warning"),
    ("ngày 15 tháng 1 năm 2021", "warning"), ("ngày 15 tháng 01 năm 2021", None),
    ("ngày 15 tháng 06 năm 2021", "info"),
])
def test_date_line_written_as_nd30_says(tmp_path, seed_text, date, expected):
    text = fixed(seed_text).replace("Hà Nội, ngày tháng năm 2021", f"Hà Nội, {date}")
    frame = lint_text(tmp_path, text)
    found = frame[(frame["rule"] == "format.date") & (frame["location"] == "line 5")]
    assert list(found["severity"]) == ([expected] if expected else [])


@pytest.mark.parametrize("title, fires", [
    ("KT. BỘ TRƯỞNG THỨ TRƯỞNG", False), ("KT. BỘ TRƯỞNG", True),
    ("TL. BỘ TRƯỞNG KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG", False), ("TL. BỘ TRƯỞNG KT. CỤC TRƯỞNG", True),
    ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", False), ("TM. ỦY BAN NHÂN DÂN", True),
    ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", False), ("CỤC TRƯỞNG", False), ("Q. CỤC TRƯỞNG", False),
])
def test_signing_authority_is_followed_by_the_signers_title(seed_path, title, fires):
    d = dataclasses.replace(load_dispatch(SEED), signer_title=title)
    frame = lint_dispatch(d, check_style=False)
    assert ("signature.authority" in set(frame["rule"])) == fires


@pytest.mark.parametrize("written, example", [("trước ngày 20/6", "trước ngày 20/6/2021"),
                                              ("trước ngày 20 tháng 6", "trước ngày 20 tháng 6 năm 2021")])
def test_deadline_without_a_year_is_a_warning_not_a_guess(tmp_path, seed_text, written, example):
    text = fixed(seed_text).replace("trước **ngày 18 tháng 06 năm 2021**", written)
    frame = lint_text(tmp_path, text)
    row = frame[frame["rule"] == "deadline.no-year"].iloc[0]
    assert row["severity"] == "warning" and example in row["suggestion"]
    assert load_dispatch(tmp_path / "draft.md").deadline is None


def test_lines_the_reader_could_not_place_are_shown(tmp_path, seed_text):
    text = fixed(seed_text).replace("Hà Nội, ngày tháng năm 2021",
                                    "Hà Nội, ngày tháng năm 2021\n\nBản gửi kèm theo email").replace(
        "20\tViện Chiến lược và Chính sách y tế", "20\tViện Chiến lược và Chính sách y tế\nGhi chú: xem thêm")
    frame = lint_text(tmp_path, text)
    notes = frame[frame["rule"].isin(["reading.unrecognized", "annex.reading"])]
    assert sorted(notes["rule"]) == ["annex.reading", "reading.unrecognized"]
    assert set(notes["severity"]) == {"info"}
    assert notes["message"].str.contains("Bản gửi kèm theo email|Ghi chú: xem thêm").all()
    assert "error" not in set(notes["severity"])
    assert rules(frame, "error") == set()


@pytest.mark.parametrize("subject, rule", [
    ("V/v xin ý kiến góp ý dự thảo Thông tư", "subject.draft-unnamed"),
    ("V/v góp ý dự thảo văn bản", "subject.draft-unnamed"),
    ("V/v góp ý dự thảo Thông tư quy định về khám bệnh từ xa", None),
    ("V/v góp ý dự thảo Thông tư về giá dịch vụ xét nghiệm", "subject.title-mismatch"),
])
def test_a_subject_naming_no_draft_is_not_a_mismatch(subject, rule):
    text = (f"Số: 1/KCB-NV\nHà Nội, ngày 02 tháng 02 năm 2024\n{subject}\n\nKính gửi: Bộ Tài chính\n\n"
            "Cục đề nghị góp ý dự thảo Thông tư quy định về khám bệnh từ xa và gửi về Cục trước ngày "
            "20/02/2024.\n\nCỤC TRƯỞNG\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nNguyễn Văn A\n")
    found = set(lint_dispatch(io.BytesIO(text.encode()))["rule"]) & {
        "subject.draft-unnamed", "subject.title-mismatch"}
    assert found == ({rule} if rule else set())


@pytest.mark.parametrize("addressee", ["Các cơ quan, đơn vị theo danh sách gửi kèm",
                                       "Các đơn vị tại Phụ lục đính kèm", "Các đơn vị có tên tại Phụ lục"])
def test_addressed_as_the_attached_list_in_other_words(seed_path, addressee):
    d = dataclasses.replace(load_dispatch(SEED), addressees=(addressee,))
    assert not rules(lint_dispatch(d, today=ISSUE_DAY)) & {"annex.addressee-missing", "annex.group-not-addressed"}
    d = dataclasses.replace(load_dispatch(SEED), addressees=("Bộ Tài chính",))
    assert "annex.addressee-missing" in rules(lint_dispatch(d, today=ISSUE_DAY))


def test_date_line_in_short_form_is_read_and_flagged(tmp_path, seed_text):
    text = fixed(seed_text).replace("Hà Nội, ngày tháng năm 2021", "Hà Nội, ngày 5/6/2021")
    frame = lint_text(tmp_path, text)
    row = frame[frame["rule"] == "format.date"].iloc[0]
    assert row["location"] == "line 5" and row["severity"] == "warning"
    assert "Hà Nội, ngày 05 tháng 6 năm 2021" in row["suggestion"]
    assert load_dispatch(tmp_path / "draft.md").date == dt.date(2021, 6, 5)
    assert "form.date-missing" not in rules(frame)
