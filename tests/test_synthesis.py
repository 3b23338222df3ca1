"""Bản tổng hợp, tiếp thu, giải trình: the table, its numbers, the .docx and the CLI."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, strategies as st
from click.testing import CliRunner

from consultkit import schema
from consultkit import text as vt
from consultkit.writers.style import check_document
from consultkit.writers.synthesis_doc import listed_units
from consultkit.writers.synthesis import (COLUMNS, summary_paragraphs, synthesis_numbers,
                                          synthesis_table, write_synthesis)
from conftest import needs_soffice
from docx_helpers import (all_text, assert_house_fonts, assert_nd30_page, open_doc,
                          pdf_page_size, pdf_text, render_pdf)


def comment(cid, unit, text, clauses=(), *, unit_id=None, stance="substantive", status="pending",
            response="", dup="", group="", received=dt.date(2021, 6, 10)):
    return dict(comment_id=cid, unit_raw=unit, unit_id=vt.slugify(unit) if unit_id is None else unit_id,
                match_score=100.0, match_method="exact", received=received, letter_number="",
                channel="letter", text=text, refs_raw="", clause_ids=tuple(clauses),
                clause_suggestions=(), stance=stance, duplicate_of=dup, group_id=group,
                source=f"inbox/{cid}", status=status, response=response)


UNITS = ["Bảo hiểm xã hội Việt Nam", "Bệnh viện Bạch Mai", "Bệnh viện E", "Sở Y tế Hà Nội",
         "Bệnh viện K", "Bệnh viện Chợ Rẫy"]


def responses_for(comments: pd.DataFrame) -> pd.DataFrame:
    """Built with the real tracking module from a roster of UNITS."""
    from consultkit.tracking import responses

    roster = schema.conform([dict(unit_id=vt.slugify(n), group="I", group_title="Nhóm", seq=i + 1,
                                  name=n, kind="other", province_code="", placeholder=False,
                                  source="test") for i, n in enumerate(UNITS)], schema.ROSTER)
    return responses(roster, comments, dt.date(2021, 6, 18))


@pytest.fixture
def frames():
    comments = schema.conform([
        comment("c1", "Bệnh viện Bạch Mai", "Đề nghị bổ sung yêu cầu lưu trữ hình ảnh 10 năm.", ["D2.k1"],
                status="accepted", response="Đã bổ sung tại khoản 1 Điều 2."),
        comment("c2", "Bệnh viện E", "Đề nghị  bổ sung yêu cầu lưu trữ hình ảnh 10 năm.", ["D2.k1"]),
        comment("c3", "Sở Y tế Hà Nội", "Nhất trí với dự thảo.", stance="agree"),
        comment("c4", "Bệnh viện K", "Cần làm rõ phạm vi áp dụng.", stance="general",
                status="explained", response="Phạm vi đã quy định tại Điều 1."),
        comment("c5", "Bệnh viện K", "=cmd|' /C calc'!A0 sửa Điều 1", ["D1"], status="partly_accepted",
                response="Tiếp thu một phần."),
        comment("c6", "Bệnh viện Bạch Mai", "Đề nghị bổ sung yêu cầu lưu trữ hình ảnh 10 năm.", ["D2.k1"],
                dup="c1"),
        comment("c7", "Bảo hiểm xã hội Việt Nam", "Bổ sung mã hóa dữ liệu khi truyền.", ["D3", "D1"]),
    ], schema.COMMENTS)
    clauses = schema.conform([
        dict(clause_id=cid, parent_id=parent, kind=kind, number=num, heading=head, text=text,
             order=i, level=1 if parent else 0, location=f"p{i}", cells=None)
        for i, (cid, parent, kind, num, head, text) in enumerate([
            ("D1", "", "article", "Điều 1.", "Phạm vi điều chỉnh", "Thông tư này quy định tiêu chí RIS-PACS."),
            ("D2", "", "article", "Điều 2.", "Lưu trữ", ""),
            ("D2.k1", "D2", "clause", "1.", "", "Thời gian lưu trữ hình ảnh tối thiểu 5 năm."),
            ("D3", "", "article", "Điều 3.", "Bảo mật", "Dữ liệu được bảo mật."),
        ])], schema.CLAUSES)
    return comments, clauses, responses_for(comments)


def test_table_groups_by_clause_in_draft_order_general_first(frames):
    comments, clauses, responses = frames
    table = synthesis_table(comments, clauses, responses)
    assert list(table.columns[:5]) == COLUMNS
    assert table["STT"].tolist() == list(range(1, len(table) + 1))
    assert table["clause_id"].tolist() == ["", "D1", "D1", "D2.k1"]
    assert table.iloc[0][COLUMNS[1]] == "Ý kiến chung"
    assert table.iloc[0][COLUMNS[4]] == "Giải trình: Phạm vi đã quy định tại Điều 1."
    assert table.iloc[0]["Tình trạng xử lý"] == "Giải trình/Không tiếp thu"
    # a comment citing D3 and D1 sits under the earlier clause in the draft, naming both
    row = table[table["comment_ids"].map(lambda ids: "c7" in ids)].iloc[0]
    assert row["clause_id"] == "D1" and row[COLUMNS[1]].startswith("Điều 1, Điều 3")
    assert "Thông tư này quy định tiêu chí RIS-PACS" in row[COLUMNS[1]]
    # within a clause, units in roster order (BHXH before Bệnh viện K)
    d1 = table[table["clause_id"] == "D1"]
    assert d1[COLUMNS[2]].tolist() == ["Bảo hiểm xã hội Việt Nam", "Bệnh viện K"]


def test_identical_comments_from_several_units_are_one_row(frames):
    comments, clauses, responses = frames
    table = synthesis_table(comments, clauses, responses)
    merged = table[table["clause_id"] == "D2.k1"]
    assert len(merged) == 1
    row = merged.iloc[0]
    assert row[COLUMNS[2]] == "Bệnh viện Bạch Mai;\nBệnh viện E"
    assert set(row["comment_ids"]) == {"c1", "c2"} and row["n_units"] == 2
    assert row[COLUMNS[4]] == "Tiếp thu: Đã bổ sung tại khoản 1 Điều 2."
    assert "Khoản 1 Điều 2" in row[COLUMNS[1]]


def test_agreements_and_duplicate_copies_are_not_rows(frames):
    comments, clauses, responses = frames
    ids = {i for ids in synthesis_table(comments, clauses, responses)["comment_ids"] for i in ids}
    assert "c3" not in ids and "c6" not in ids
    assert ids == {"c1", "c2", "c4", "c5", "c7"}


def test_near_identical_comments_share_a_group_id(frames):
    comments, clauses, responses = frames
    extra = schema.conform([comment("c8", "Bệnh viện Chợ Rẫy", "Nên cho phép lưu trữ đám mây.", ["D3"], group="g1"),
                            comment("c9", "Bệnh viện E", "Nên cho phép lưu trữ trên đám mây!", ["D3"], group="g1")],
                           schema.COMMENTS)
    both = pd.concat([comments, extra], ignore_index=True)
    table = synthesis_table(both, clauses, responses_for(both))
    d3 = table[table["clause_id"] == "D3"]
    assert len(d3) == 1 and d3.iloc[0]["n_units"] == 2


def test_without_clauses_frame_ids_sort_naturally():
    comments = schema.conform([comment("a", "Bệnh viện E", "x", ["IV.10"]),
                               comment("b", "Bệnh viện E", "y", ["IV.2"]),
                               comment("c", "Bệnh viện E", "z", ["III.1"])], schema.COMMENTS)
    table = synthesis_table(comments)
    assert table["clause_id"].tolist() == ["III.1", "IV.2", "IV.10"]
    assert table[COLUMNS[2]].tolist() == ["Bệnh viện E"] * 3


def test_empty_comments_give_the_columns():
    table = synthesis_table(schema.empty(schema.COMMENTS))
    assert list(table.columns[:5]) == COLUMNS and len(table) == 0


def test_numbers_agree_with_tracking_and_register(frames):
    from consultkit.tracking import summary

    comments, _, responses = frames
    numbers = synthesis_numbers(comments, responses)
    totals = summary(responses)[["consulted", "replied", "late", "to_remind"]].sum()
    assert numbers["units_consulted"] == totals["consulted"] == len(UNITS)
    assert numbers["units_replied"] == totals["replied"] == 5
    assert numbers["units_not_replied"] == totals["to_remind"] == 1
    assert numbers["units_agreed"] == ["Sở Y tế Hà Nội"]
    assert sorted(numbers["units_substantive"]) == sorted(
        ["Bảo hiểm xã hội Việt Nam", "Bệnh viện Bạch Mai", "Bệnh viện E", "Bệnh viện K"])
    assert numbers["comments_received"] == len(comments) == 7 and numbers["duplicates"] == 1
    assert responses["n_comments"].sum() == numbers["comments_received"] - numbers["duplicates"]
    assert numbers["comments_in_table"] == 5
    assert (numbers["accepted"], numbers["partly_accepted"], numbers["explained"],
            numbers["pending"]) == (1, 1, 1, 2)


def test_summary_prose_names_the_units_and_numbers(frames):
    comments, _, responses = frames
    text = "\n".join(summary_paragraphs(synthesis_numbers(comments, responses)))
    assert "đã xin ý kiến góp ý dự thảo văn bản của 6 cơ quan, đơn vị" in text
    assert "5/6 cơ quan, đơn vị" in text
    assert "nhất trí với dự thảo, không có ý kiến khác: Sở Y tế Hà Nội." in text
    assert "tiếp thu 1 ý kiến; tiếp thu một phần 1 ý kiến; giải trình, không tiếp thu 1 ý kiến; chưa xử lý 2 ý kiến" in text
    assert vt.nfc(text) == text


def test_write_synthesis_docx_and_xlsx(tmp_path, frames):
    comments, clauses, responses = frames
    path = write_synthesis({"comments": comments, "responses": responses, "clauses": clauses},
                           tmp_path / "th.docx", date=dt.date(2021, 7, 5), xlsx=tmp_path / "th.xlsx")
    doc = open_doc(path)
    assert_nd30_page(doc, landscape=True)
    assert_house_fonts(doc)
    assert check_document(path) == []
    text = all_text(doc)
    assert "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in text
    assert "Hà Nội, ngày 05 tháng 7 năm 2021" in text
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == COLUMNS
    assert len(table.rows) == 1 + 4
    assert table.rows[1].cells[2].text == "Bệnh viện K"
    ws = openpyxl.load_workbook(tmp_path / "th.xlsx").active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][:5] == COLUMNS
    assert any(str(v).startswith("'=cmd") for row in values for v in row)


@pytest.fixture
def consultation(workspace):
    """The bundled workspace with comments in its real register and dispositions set."""
    from consultkit.workspace import open_consultation

    c = open_consultation(workspace)
    roster = c.roster
    units = roster[~roster["placeholder"]].head(6)
    rows = []
    for i, rec in enumerate(units.to_dict("records")):
        stance = "agree" if i == 0 else "substantive"
        text = "Nhất trí với dự thảo." if i == 0 else f"Đề nghị sửa mục IV.2 ý kiến số {i % 3}."
        rows.append(comment(f"w{i}", rec["name"], text, () if i == 0 else ["IV.2"],
                            unit_id=rec["unit_id"], stance=stance,
                            received=dt.date(2021, 6, 10 + i * 3)))
    frame = schema.conform(rows, schema.COMMENTS).drop(columns=["status", "response"])
    c.register.add_comments(frame)
    d = c.register.disposition("w1")
    c.register.set_disposition("w1", status="accepted", response="Đã sửa.", who="test",
                               expected_version=d["version"])
    return c


def test_bundled_consultation_numbers_match_responses_and_register(consultation, tmp_path):
    responses = consultation.responses()
    comments = consultation.comments
    numbers = synthesis_numbers(comments, responses)
    assert numbers["units_consulted"] == len(responses) == len(consultation.roster)
    assert numbers["units_replied"] == int(responses["replied"].sum()) == 6
    assert numbers["units_late"] == int(responses["late"].sum())
    assert numbers["units_not_replied"] == int(responses["needs_reminder"].sum())
    assert numbers["comments_received"] == len(consultation.register) == 6
    assert numbers["accepted"] == 1 and numbers["pending"] == 4
    path = write_synthesis(consultation, tmp_path / "bundled.docx")
    doc = open_doc(path)
    assert_nd30_page(doc, landscape=True)
    text = all_text(doc)
    consulted, replied = listed_units(numbers)
    assert consulted == int((~responses["placeholder"]).sum())   # the number the charts show
    assert f"{replied}/{consulted} cơ quan, đơn vị" in text
    assert ("Cục Công nghệ thông tin đã có Công văn số …/CNTT-THKCB ngày … tháng … năm 2021 "
            f"gửi {consulted} cơ quan, đơn vị và Y tế các Bộ, Ngành xin ý kiến góp ý dự thảo") in text
    assert "dự thảo Thông tư sửa đổi, bổ sung tiêu chí kỹ thuật" in text


def test_summary_names_a_group_without_list_beside_the_numbers(frames):
    comments, _, responses = frames
    numbers = {**synthesis_numbers(comments, responses), "placeholder_groups": ["Y tế các Bộ, Ngành"],
               "placeholders_not_replied": []}
    numbers["units_consulted"] += 1
    numbers["units_replied"] += 1
    assert listed_units(numbers) == (6, 5)
    text = "\n".join(summary_paragraphs(numbers))
    assert "của 6 cơ quan, đơn vị và Y tế các Bộ, Ngành" in text
    assert "5/6 cơ quan, đơn vị và của Y tế các Bộ, Ngành" in text


def test_cli_report_synthesis(consultation, tmp_path):
    from consultkit.cli import main

    out, xlsx = tmp_path / "out" / "tong-hop.docx", tmp_path / "out" / "tong-hop.xlsx"
    result = CliRunner().invoke(main, ["report", "synthesis", str(consultation.path), "-o", str(out),
                                       "--xlsx", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and xlsx.is_file()
    assert "6/" in result.output and "tiếp thu 1" in result.output


def test_cli_report_synthesis_bad_workspace(tmp_path):
    from consultkit.cli import main

    result = CliRunner().invoke(main, ["report", "synthesis", str(tmp_path / "nope"), "-o",
                                       str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "Traceback" not in result.output


@needs_soffice
@pytest.mark.libreoffice
def test_synthesis_renders_as_a4_landscape(tmp_path, frames):
    comments, clauses, responses = frames
    path = write_synthesis({"comments": comments, "responses": responses, "clauses": clauses},
                           tmp_path / "render.docx")
    pdf = render_pdf(path, tmp_path)
    text = pdf_text(pdf)
    if text is not None:
        assert "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH" in text and "Bệnh viện Bạch Mai" in text
    size = pdf_page_size(pdf)
    if size is not None:
        assert abs(size[0] - 841.9) < 2 and abs(size[1] - 595.3) < 2


_comment_rows = st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(["a", "b", "c ", "C"]),
                                   st.lists(st.sampled_from(["D1", "D2.k1", "D3", "IV.2"]), max_size=2),
                                   st.sampled_from(["agree", "substantive", "general"]),
                                   st.booleans()), max_size=25)


@given(_comment_rows)
def test_every_comment_in_exactly_one_row(rows):
    from consultkit.writers.synthesis import table_comments

    comments = schema.conform([comment(f"x{i}", u, t, c, stance=s, dup=f"x{i - 1}" if d and i else "")
                               for i, (u, t, c, s, d) in enumerate(rows)], schema.COMMENTS)
    table = synthesis_table(comments)
    ids = [i for row in table["comment_ids"] for i in row]
    assert sorted(ids) == sorted(table_comments(comments)["comment_id"]) if len(comments) else ids == []
    assert table["STT"].tolist() == list(range(1, len(table) + 1))
    general = (table["clause_id"] == "").tolist()
    assert general == sorted(general, reverse=True)  # general comments first
    for rec in table.to_dict("records"):
        units = {comments.set_index("comment_id").loc[i, "unit_raw"] for i in rec["comment_ids"]}
        assert rec["n_units"] == len(units) == len(rec[COLUMNS[2]].split(";\n"))
