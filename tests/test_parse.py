"""Clause trees: real decree and annex, the illustrative versions, numbering issues, round trip."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consultkit import parse_clauses
from consultkit.clauses.parse import (document_text, is_clause, joined_text, read_source_blocks,
                                      squeeze)
from consultkit.errors import ConsultkitError
from consultkit.readers.plaintext import text_blocks
from consultkit.text import VIETNAMESE_POINT_LETTERS
from consultkit.workspace import open_consultation

from conftest import BUNDLED

VERSIONS = BUNDLED / "versions"
NAMES = ["hien-hanh", "du-thao-1", "du-thao-2"]


def round_trip_holds(source) -> bool:
    blocks = read_source_blocks(source)
    return squeeze(joined_text(parse_clauses(source))) == squeeze(document_text(blocks))


def _expected_from_txt(path):
    """Articles and their khoản/điểm numbers read from the .txt twin with plain regexes."""
    expected: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line).strip()
        m = re.match(r"Điều (\d+)\.", line)
        if m:
            current = m.group(1)
            expected[current] = []
            clause = None
            continue
        if current is None:
            continue
        m = re.match(r"(\d+)\.\s", line)
        if m:
            clause = m.group(1)
            expected[current].append(clause)
            continue
        m = re.match(r"([a-zđ])\)\s", line)
        if m:
            expected[current].append(f"{clause}.{m.group(1)}" if clause else m.group(1))
    return expected


# ----------------------------------------------------------------- the real decree
@pytest.fixture(scope="module")
def decree(nd30):
    return parse_clauses(nd30 / "nd30_30_2020_ND_CP.docx")


def test_decree_chapters_sections_articles(decree):
    chapters = decree[decree.kind == "chapter"]
    assert list(chapters.clause_id) == [f"C{i}" for i in range(1, 8)]
    assert chapters.heading.iloc[0] == "QUY ĐỊNH CHUNG"
    assert chapters.heading.iloc[4] == ("QUẢN LÝ, SỬ DỤNG CON DẤU VÀ THIẾT BỊ LƯU KHÓA BÍ MẬT "
                                        "TRONG CÔNG TÁC VĂN THƯ")
    sections = decree[decree.kind == "section"]
    assert all(p.startswith("C") for p in sections.parent_id)
    assert list(sections.clause_id)[:2] == ["C2.M1", "C2.M2"]
    articles = decree[decree.kind == "article"]
    assert list(articles.clause_id) == [f"D{i}" for i in range(1, 39)]
    assert articles.heading.iloc[0] == "Phạm vi điều chỉnh"
    assert set(articles.parent_id) <= set(chapters.clause_id) | set(sections.clause_id)
    assert decree.attrs["parse_issues"] == []


def test_decree_khoan_and_diem_in_order(decree, nd30):
    expected = _expected_from_txt(nd30 / "nd30_30_2020_ND_CP.txt")
    assert len(expected) == 38
    for article, numbers in expected.items():
        aid = f"D{article}"
        got = []
        for row in decree[decree.clause_id.str.startswith(aid + ".")].itertuples():
            if row.kind == "clause":
                got.append(row.number.rstrip("."))
            elif row.kind == "point":
                parent = decree.set_index("clause_id").loc[row.parent_id]
                prefix = parent.number.rstrip(".") + "." if parent.kind == "clause" else ""
                got.append(prefix + row.number.rstrip(")"))
        assert got == numbers, aid
    point = decree.set_index("clause_id").loc["D4.k2.đ"]
    assert point.kind == "point" and point.text.startswith("Người được giao giải quyết")


def test_decree_front_and_back_matter_are_not_clauses(decree):
    kinds = dict(zip(decree.clause_id, decree.kind))
    assert kinds["_header.1"] == "header"
    assert kinds["_title.1"] == "title"
    assert kinds["_preamble.1"] == "preamble"
    back = decree[decree.kind.isin(["signature", "recipients"])]
    assert set(back.kind) == {"signature", "recipients"}
    assert back.text.str.contains("Nơi nhận").any()
    assert back.text.str.contains("Nguyễn Xuân Phúc").any()
    assert not is_clause(decree[decree.kind.isin(["header", "title", "signature"])]).any()
    assert decree.order.tolist() == list(range(len(decree)))
    assert decree.clause_id.is_unique


def test_decree_round_trip_and_txt_twin(nd30, decree):
    assert round_trip_holds(nd30 / "nd30_30_2020_ND_CP.docx")
    txt = parse_clauses(nd30 / "nd30_30_2020_ND_CP.txt")
    body = lambda f: [c for c in f.clause_id if not c.startswith("_")]  # noqa: E731
    assert body(txt) == body(decree)


def test_annex_numbering(nd30):
    annex = parse_clauses(nd30 / "nd30_Phuluc1.docx")
    by_id = annex.set_index("clause_id")
    assert by_id.loc["PL1", "kind"] == "annex"
    assert by_id.loc["PL1", "heading"].startswith("THỂ THỨC, KỸ THUẬT TRÌNH BÀY VĂN BẢN HÀNH CHÍNH")
    assert list(annex[annex.kind == "part"].clause_id) == ["P1", "P2"]
    romans = annex[(annex.kind == "annex_section") & annex.number.str.match(r"^[IVX]+\.$")]
    assert list(romans.clause_id) == ["P1.I", "P1.II", "P1.III", "P1.IV", "P1.V", "P2.I", "P2.II"]
    assert by_id.loc["P1.II.1.a", "parent_id"] == "P1.II.1"
    assert by_id.loc["P1.I.7", "text"].startswith("Số trang văn bản")
    assert list(annex[annex.parent_id == "P1.II.6"].number)[:6] == ["a)", "b)", "c)", "d)", "đ)",
                                                                     "e)"]
    rows = annex[annex.kind == "table_row"]
    assert "P1.V.r5.a" in set(rows.clause_id)            # sub-row "a" under STT 5
    assert rows.set_index("clause_id").loc["P1.V.r3", "cells"]["STT"] == "3"
    assert annex.clause_id.is_unique
    assert round_trip_holds(nd30 / "nd30_Phuluc1.docx")


# ----------------------------------------------------------------- illustrative versions
@pytest.mark.parametrize("name", NAMES)
def test_versions_md_and_docx_parse_alike(name):
    md = parse_clauses(VERSIONS / f"{name}.md")
    word = parse_clauses(VERSIONS / f"{name}.docx")
    cols = ["clause_id", "parent_id", "kind", "number", "heading", "text"]
    assert md[cols].values.tolist() == word[cols].values.tolist()
    assert int(is_clause(md).sum()) >= 40
    assert md.kind.iloc[0] == "note" and md.text.iloc[0].startswith("Văn bản minh họa")
    assert {"IV", "IV.2.2.a", "IV.3.r1", "IV.2.3-1"} <= set(md.clause_id)
    row = md.set_index("clause_id").loc["IV.3.r1"]
    assert row.cells["Tiêu chí"] == "Tiếp nhận chỉ định" and row.cells["STT"] == "1"
    assert round_trip_holds(VERSIONS / f"{name}.md")
    assert round_trip_holds(VERSIONS / f"{name}.docx")


def test_versions_docx_use_word_numbering():
    from consultkit.readers.word import read_blocks

    blocks = read_blocks(VERSIONS / "du-thao-1.docx")
    numbered = [b for b in blocks if b.number]
    assert any(b.number == "2.2." and not b.text.startswith("2.2") for b in numbered)
    assert any(b.number == "d)" for b in numbered)
    assert any(b.kind == "table_row" and b.cells[0] == "STT" for b in blocks)


def test_workspace_versions_by_name():
    versions = open_consultation(BUNDLED).versions
    assert list(versions) == NAMES
    assert all(int(is_clause(v).sum()) >= 40 for v in versions.values())


def _changes():
    rows = []
    for line in (VERSIONS / "CHANGES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in NAMES:
            rows.append(cells[:5])
    return rows


def test_changes_table_is_the_truth():
    """Every difference between successive versions is listed, and nothing else."""
    changes = _changes()
    kinds = {c[4] for c in changes}
    assert kinds == {"modified", "added", "deleted", "moved", "renumbered", "split", "merged"}
    frames = {n: parse_clauses(VERSIONS / f"{n}.md") for n in NAMES}
    for old_name, new_name in zip(NAMES, NAMES[1:]):
        old = frames[old_name][is_clause(frames[old_name])].set_index("clause_id")
        new = frames[new_name][is_clause(frames[new_name])].set_index("clause_id")
        pair = [c for c in changes if c[:2] == [old_name, new_name]]
        assert {c[4] for c in pair} >= {"modified", "added", "deleted", "moved", "renumbered",
                                        "split", "merged"}
        listed_old = {c[2] for c in pair if c[2]}
        listed_new = {c[3] for c in pair if c[3]}
        assert listed_old <= set(old.index) and listed_new <= set(new.index)
        assert set(old.index) - set(new.index) <= listed_old
        assert set(new.index) - set(old.index) <= listed_new
        words = lambda f, i: (f.loc[i, "heading"], f.loc[i, "text"])  # noqa: E731
        for cid in set(old.index) & set(new.index):
            if words(old, cid) != words(new, cid):
                assert cid in listed_old | listed_new, cid
        for _, _, old_id, new_id, change in pair:
            if change in ("renumbered", "moved"):
                assert words(old, old_id) == words(new, new_id), (old_id, new_id)
                assert old_id != new_id
            if change == "modified":
                assert old_id == new_id and words(old, old_id) != words(new, new_id)
            if change == "moved":
                assert old.loc[old_id, "parent_id"] != new.loc[new_id, "parent_id"]


# ----------------------------------------------------------------- numbering issues
def test_duplicates_and_skips_are_kept_and_reported():
    text = "\n".join(["Điều 1. Một", "1. A", "2. B", "2. B lặp", "4. D", "a) x", "c) y",
                      "Điều 3. Ba", "Điều 3. Ba lặp", "1. Khoản của Điều 3 lặp"])
    frame = parse_clauses(text)
    assert list(frame.clause_id) == ["D1", "D1.k1", "D1.k2", "D1.k2~2", "D1.k4", "D1.k4.a",
                                     "D1.k4.c", "D3", "D3~2", "D3~2.k1"]
    assert list(frame.number) == ["Điều 1.", "1.", "2.", "2.", "4.", "a)", "c)", "Điều 3.",
                                  "Điều 3.", "1."]
    issues = " ".join(frame.attrs["parse_issues"])
    assert "D1.k2~2" in issues and "D3~2" in issues
    assert "“4.”" in issues and "“c)”" in issues and "“Điều 3.”" in issues   # skips


def test_dotted_numbers_name_their_own_path():
    frame = parse_clauses("IV. TÊN\n1. Một\n1.1. A\n2.3. Không có 2\n2. Hai\n2.1. B\na) p\n- g\n+ c")
    by_id = frame.set_index("clause_id")
    assert by_id.loc["IV.1.1", "parent_id"] == "IV.1"
    assert "IV.2.3" in by_id.index and by_id.loc["IV.2.3", "parent_id"] != "IV.2"
    assert by_id.loc["IV.2.1.a-1+1", "parent_id"] == "IV.2.1.a-1"
    assert any("2.3." in issue for issue in frame.attrs["parse_issues"])


def test_bold_numbered_line_is_a_heading_and_continuations_join():
    frame = parse_clauses("**1. Phạm vi**\n1.1. Nội dung\nđoạn tiếp theo\n| STT | A |\n|---|---|\n"
                          "| 1 | x |\nsau bảng")
    by_id = frame.set_index("clause_id")
    assert by_id.loc["1", "heading"] == "Phạm vi" and by_id.loc["1", "text"] == ""
    assert by_id.loc["1.1", "text"] == "Nội dung\nđoạn tiếp theo"
    assert by_id.loc["1.1.r1", "text"] == "x"          # the table belongs to the open unit
    assert frame.kind.iloc[-1] == "text" and frame.text.iloc[-1] == "sau bảng"


def test_sources_path_stream_text_and_errors(tmp_path):
    md = (VERSIONS / "hien-hanh.md").read_text(encoding="utf-8")
    from_text = parse_clauses(md)
    from_stream = parse_clauses(io.BytesIO((VERSIONS / "hien-hanh.docx").read_bytes()))
    from_text_stream = parse_clauses(io.StringIO(md))
    assert list(from_text.clause_id) == list(from_stream.clause_id) == \
        list(from_text_stream.clause_id)
    tabbed = parse_clauses("3. Bảng\nSTT\tTiêu chí\tYêu cầu\n1\tA\tB\n2\tC\tD")
    assert list(tabbed.clause_id) == ["3", "_text.1", "3.r1", "3.r2"]
    assert tabbed.cells.iloc[2] == {"STT": "1", "Tiêu chí": "A", "Yêu cầu": "B"}
    empty = parse_clauses("")
    assert empty.empty and list(empty.columns)[:3] == ["clause_id", "parent_id", "kind"]
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ConsultkitError):
        parse_clauses(bad)
    with pytest.raises(ConsultkitError):
        parse_clauses(tmp_path / "missing.md")


# ----------------------------------------------------------------- property: never raises, no text lost
_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
_junk = st.text(alphabet=_LETTERS + "0123456789 .,;:()-+*|#>_\t\u00a0" + "ạảấầẩẫậắằẳẵặ",
                max_size=40)
_number = st.one_of(
    st.integers(1, 40).map(lambda n: f"{n}."),
    st.tuples(st.integers(1, 9), st.integers(1, 9)).map(lambda t: f"{t[0]}.{t[1]}."),
    st.sampled_from(VIETNAMESE_POINT_LETTERS + ("f", "w")).map(lambda c: f"{c})"),
    st.sampled_from(["-", "+", "•", "◦", "▪", "➢"]),
    st.integers(1, 12).map(lambda n: f"{n})"),
    # units inserted the amending way, and look-alikes that are text
    st.sampled_from(["1a.", "18a.", "3b.", "2.2a.", "1.3a.", "a1)", "d1)", "d2)", "đ1)", "i1)",
                     "Điều 5a.", "Mục 1a.", "5a/2021/TT-BYT", "1a.5", "a1)="]),
)
_line = st.one_of(
    _junk,
    st.tuples(_number, _junk).map(lambda t: f"{t[0]} {t[1]}"),
    st.integers(1, 12).map(lambda n: f"Điều {n}. Tên điều"),
    st.sampled_from(["Chương I", "Chương II", "CHƯƠNG III", "Mục 1", "Mục 2", "Phần I",
                     "PHẦN THỨ HAI", "Phụ lục I", "PHỤ LỤC II", "IV. TÊN MỤC", "I.", "QUY ĐỊNH",
                     "(Kèm theo Thông tư)", "Nơi nhận:", "- Như trên;", "TM. CHÍNH PHỦ",
                     "Văn bản minh họa", "Căn cứ Luật;", "Số: 1/2020/TT-BYT", "____", "",
                     "| STT | Tiêu chí | Yêu cầu |", "|---|---|---|", "| 1 | A | B |",
                     "| 2 |  | C |", "| | x |", "STT\tA\tB", "1\tx\ty", "# 1. Tiêu đề",
                     "**2. Đậm**", "> trích", "| Nơi nhận: - A; - Lưu: VT. | TM. CHÍNH PHỦ |",
                     "KT. BỘ TRƯỞNG", "Nguyễn Văn A", "- Lưu: VT",
                     "1. Sửa đổi khoản 2 Điều 3 như sau:", "“2. Trích dẫn", "a) hết.”",
                     "“Điều 5. Trích", '"3. thẳng."', "kết thúc.”;"]),
    st.tuples(_number, _junk).map(lambda t: f"**{t[0]} {t[1]}**"),
)


@given(st.lists(_line, max_size=40))
def test_any_text_parses_and_loses_nothing(lines):
    text = "\n".join(lines)
    frame = parse_clauses(text)
    assert squeeze(joined_text(frame)) == squeeze(document_text(text_blocks(text)))
    assert frame.clause_id.is_unique
    assert frame.order.tolist() == list(range(len(frame)))
    ids = set(frame.clause_id)
    assert all(p == "" or p in ids for p in frame.parent_id)
    assert all(isinstance(i, str) for i in frame.attrs["parse_issues"])


def test_criteria_table_with_a_title_row():
    frame = parse_clauses("1. Bảng\n| BẢNG TIÊU CHÍ | | |\n|---|---|---|\n| STT | Tiêu chí | Yêu cầu |\n"
                          "| 1 | A | B |\n| 2 | C | D |")
    rows = frame[frame.kind == "table_row"]
    assert list(rows.clause_id) == ["1.r1", "1.r2"]
    assert rows.cells.iloc[1] == {"STT": "2", "Tiêu chí": "C", "Yêu cầu": "D"}


def _docx_from_lines(lines: list[tuple[str, int | None]]):
    """A .docx whose paragraphs are ``lines``; (text, level) pairs with a level are
    numbered by Word (one multi-level list %1. / %1.%2. / %3))."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate([("decimal", "%1."), ("decimal", "%1.%2."),
                                          ("lowerLetter", "%3)")]))
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="300">'
                               '<w:abstractNumId w:val="80"/></w:num>'))
    for text, level in lines:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().insert(0, parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="300"/></w:numPr>'))
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream


@settings(max_examples=20)
@given(st.lists(st.tuples(_line.filter(lambda s: "|" not in s and "\t" not in s),
                          st.one_of(st.none(), st.integers(0, 2))), max_size=25))
def test_any_word_document_parses_and_loses_nothing(lines):
    data = _docx_from_lines(lines).getvalue()
    frame = parse_clauses(io.BytesIO(data))
    blocks = read_source_blocks(io.BytesIO(data))
    assert squeeze(joined_text(frame)) == squeeze(document_text(blocks))
    assert frame.clause_id.is_unique


def test_headings_in_lower_case_need_a_separator_or_style():
    frame = parse_clauses("Chương I\n**Quy định chung**\nĐiều 1. A\nMục 1. Quy định riêng\n"
                          "Điều 2. B\nMục 2 quy định tại Điều 1 được áp dụng.")
    by_id = frame.set_index("clause_id")
    assert by_id.loc["C1", "heading"] == "Quy định chung"          # bold line under Chương I
    assert by_id.loc["C1.M1", "heading"] == "Quy định riêng"
    assert by_id.loc["D2", "parent_id"] == "C1.M1"
    assert "C1.M2" not in by_id.index                                # a sentence, not a Mục
    assert by_id.loc["D2", "text"] == "Mục 2 quy định tại Điều 1 được áp dụng."


@pytest.mark.parametrize("name", ["nd30_Phuluc2.docx", "nd30_Phuluc3.txt", "nd30_30_2020_ND_CP.txt"])
def test_round_trip_on_other_real_files(nd30, name):
    assert round_trip_holds(nd30 / name)


def test_dispatch_files_round_trip_and_keep_the_duplicate_group():
    folder = BUNDLED / "dispatch"
    assert round_trip_holds(folder / "cong-van-xin-y-kien.txt")
    assert round_trip_holds(folder / "cong-van-xin-y-kien.docx")
    frame = parse_clauses(folder / "cong-van-xin-y-kien.docx")
    assert {"IV", "IV~2"} <= set(frame.clause_id)           # the annex uses "IV." twice
    assert any("IV~2" in issue for issue in frame.attrs["parse_issues"])
    assert set(frame.kind) >= {"header", "recipients", "signature"}


def test_grouped_criteria_rows_are_not_duplicates():
    frame = parse_clauses("3. Bảng\n| TT | Tiêu chí |\n|---|---|\n| I | Hạ tầng |\n| 1 | a |\n"
                          "| 2 | b |\n| 2.1 | b1 |\n| II | Phần mềm |\n| 1 | c |\n| 2 | d |")
    rows = frame[frame.kind == "table_row"]
    assert list(rows.clause_id) == ["3.rI", "3.rI.1", "3.rI.2", "3.rI.2.1", "3.rII", "3.rII.1",
                                    "3.rII.2"]
    assert list(rows.number) == ["I", "1", "2", "2.1", "II", "1", "2"]
    assert not any("trùng" in issue for issue in frame.attrs["parse_issues"])


AMENDING = """BỘ Y TẾ
Số: 12/2021/TT-BYT
THÔNG TƯ
Sửa đổi, bổ sung một số điều của Thông tư số 54/2017/TT-BYT
Căn cứ Nghị định số 75/2017/NĐ-CP;
Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 54/2017/TT-BYT
1. Sửa đổi khoản 2 Điều 3 như sau:
“2. Cơ sở khám bệnh, chữa bệnh phải triển khai RIS-PACS.
a) Lưu trữ hình ảnh “DICOM” tối thiểu 10 năm;
b) Kết nối HIS.”
2. Điều 5 được sửa đổi, bổ sung như sau:
“Điều 5. Trách nhiệm của Sở Y tế
1. Hướng dẫn.
2. Kiểm tra.”
3. Bãi bỏ điểm c khoản 1 Điều 6.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực từ ngày 01 tháng 3 năm 2022."""


def test_quoted_provisions_are_text_of_the_amending_clause():
    frame = parse_clauses(AMENDING)
    clauses = frame[is_clause(frame)]
    assert list(clauses.clause_id) == ["D1", "D1.k1", "D1.k2", "D1.k3", "D2"]
    k1 = frame.set_index("clause_id").loc["D1.k1", "text"]
    assert k1.splitlines() == ["Sửa đổi khoản 2 Điều 3 như sau:",
                               "“2. Cơ sở khám bệnh, chữa bệnh phải triển khai RIS-PACS.",
                               "a) Lưu trữ hình ảnh “DICOM” tối thiểu 10 năm;", "b) Kết nối HIS.”"]
    assert "“Điều 5. Trách nhiệm" in frame.set_index("clause_id").loc["D1.k2", "text"]
    assert frame.attrs["parse_issues"] == []
    assert round_trip_holds(AMENDING)


def test_an_unclosed_quotation_is_reported_and_read_as_structure():
    text = AMENDING.replace("b) Kết nối HIS.”", "b) Kết nối HIS.")
    frame = parse_clauses(text)
    assert "D1.k1.b" in set(frame.clause_id) and "D2" in set(frame.clause_id)
    assert any("ngoặc kép" in issue for issue in frame.attrs["parse_issues"])
    assert round_trip_holds(text)


def test_quotes_only_after_an_announcing_line():
    text = "Điều 1. Từ ngữ\n1. Thuật ngữ:\n“PACS” là hệ thống lưu trữ.\n2. Khoản hai."
    assert "D1.k2" in set(parse_clauses(text).clause_id)


PAREN = """Điều 4. Trách nhiệm
1. Cục có trách nhiệm:
a) Hướng dẫn:
1) các bệnh viện;
2) các sở y tế;
b) Kiểm tra.
2. Góp ý cụ thể:
1) Về mục 2.1:
a) Thời hạn lưu trữ.
b) Chuẩn kết nối.
2) Về mục 3: nhất trí.
4) Bỏ số."""


def test_parenthesised_numbers_are_items():
    frame = parse_clauses(PAREN).set_index("clause_id")
    assert list(frame.index) == ["D4", "D4.k1", "D4.k1.a", "D4.k1.a.1)", "D4.k1.a.2)", "D4.k1.b",
                                 "D4.k2", "D4.k2.1)", "D4.k2.1).a", "D4.k2.1).b", "D4.k2.2)",
                                 "D4.k2.4)"]
    assert frame.loc["D4.k1.a.2)", "parent_id"] == "D4.k1.a"      # under a point: below it
    assert frame.loc["D4.k2.1).b", "parent_id"] == "D4.k2.1)"     # elsewhere: points below it
    assert (frame.loc["D4.k2.2)", ["kind", "number", "text"]].tolist()
            == ["item", "2)", "Về mục 3: nhất trí."])
    issues = parse_clauses(PAREN).attrs["parse_issues"]
    assert [i for i in issues if "4)" in i] == [issues[-1]] and "bỏ số" in issues[-1]
    assert round_trip_holds(PAREN)


FIXTURE_DOCS = BUNDLED.parent.parent.parent / "tests" / "fixtures" / "docs"
#: official numbers of each corpus file (scripts/build_fixture_docs.py), read off the .fodt
CORPUS_IDS = {
    "thong-tu": ["C1", "D1", "D1.k1", "D1.k2", "D1.k2.a", "D1.k2.b", "D2", "D2.k1", "D2.k1.a",
                 "D2.k1.a-1", "D2.k1.a-1+1", "D2.k1.b", "C2", "C2.M1", "D3", "D3.k1", "D3.k2",
                 "C2.M2", "D4", "D4.1)", "D4.1).a", "D4.1).b", "D4.2)", "D4.3)", "D5", "D5.k1",
                 "D5.k2"],
    "phu-luc-tieu-chi": ["PL1", "IV", "IV.1", "IV.1.1", "IV.1.2", "IV.1.2.a", "IV.1.2.a-1",
                         "IV.1.2.a-2", "IV.1.2.b", "IV.2", "IV.2.1", "IV.2.2", "IV.3",
                         "IV.3.r1", "IV.3.r2", "IV.3.r3", "IV.3.r4", "IV.3.r5"],
    "quyet-dinh": ["D1", "D2", "D3", "PL", "I", "II", "II-1", "II-1+1", "II-1+2", "II-2", "III",
                   "III.1", "III.2"],
    "phan-thu": ["P1", "C1", "C1.M1", "D1", "D1.k1", "D1.k1.a", "D1.k1.b", "D1.k1.b.1)",
                 "D1.k1.b.2)", "D1.k2", "D2", "D2-1", "D2-1+1", "D2-1+2", "D2-2", "C1.M2", "D3",
                 "D3.k1", "D3.k2", "P2", "C2", "D4", "D4.1)", "D4.2)"],
    "sua-doi": ["D1", "D1.k1", "D1.k2", "D2", "D2.k1"],     # quoted wording is the khoản's text
    "ke-hoach": ["I", "I.1", "I.2", "I.2.a", "I.2.b", "II", "II.r1", "II.r2", "II.r3", "II-1",
                 "II-2"],                                   # from HTML: "a." points, "•"
}


@pytest.mark.parametrize("name", sorted(CORPUS_IDS))
def test_corpus_made_by_libreoffice_parses_to_official_numbers(name):
    path = FIXTURE_DOCS / f"{name}.docx"
    frame = parse_clauses(path)
    assert list(frame[is_clause(frame)].clause_id) == CORPUS_IDS[name]
    assert frame.attrs["parse_issues"] == []
    assert round_trip_holds(path)
    assert frame.clause_id.is_unique and set(frame.parent_id) <= set(frame.clause_id) | {""}


def test_corpus_criteria_table_rows_and_merged_cells():
    frame = parse_clauses(FIXTURE_DOCS / "phu-luc-tieu-chi.docx").set_index("clause_id")
    row = frame.loc["IV.3.r1"]
    assert row.cells == {"STT": "1", "Tiêu chí": "Máy chủ", "Yêu cầu": "Có",
                         "Mức cơ bản": "Bắt buộc", "Mức nâng cao": "Dự phòng"}
    assert frame.loc["IV.3.r2", "cells"]["Mức cơ bản"] == ""   # continues the merged cell
    groups = frame[frame.text.str.startswith("NHÓM")]         # merged title rows: not criteria
    assert list(groups.kind) == ["text", "text"] and set(groups.parent_id) == {"IV.3"}


def test_unnumbered_annex_title_opens_the_annex():
    frame = parse_clauses("Điều 1. A\nKT. BỘ TRƯỞNG\nPHỤ LỤC\nDANH MỤC\nI. MỘT\n1. Hai.")
    assert list(frame[is_clause(frame)].clause_id) == ["D1", "PL", "I", "I.1"]
    assert frame.set_index("clause_id").loc["PL", "heading"] == "DANH MỤC"


def test_points_written_with_a_dot():
    frame = parse_clauses("Điều 3. Từ ngữ\n1. Các thành phần:\na. Quốc hiệu;\nb. Tên cơ quan;\n"
                          "d. Số.\n2. Khoản hai.")
    clauses = frame[is_clause(frame)]
    assert list(clauses.clause_id) == ["D3", "D3.k1", "D3.k1.a", "D3.k1.b", "D3.k1.d", "D3.k2"]
    assert any("“d.”" in issue and "bỏ số" in issue for issue in frame.attrs["parse_issues"])


def test_numbered_lines_copied_with_a_tab_are_paragraphs_not_tables():
    text = ("Điều 1.\tPhạm vi\n1.\tKhoản một.\na)\tĐiểm a.\n2.\tKhoản hai.\n\n"
            "STT\tTiêu chí\tYêu cầu\n1.\tMáy chủ\tCó\n2.\tLưu trữ\n")
    blocks = text_blocks(text)
    assert [b.kind for b in blocks] == ["paragraph"] * 4 + ["table_row"] * 3
    assert blocks[4].cells == ("STT", "Tiêu chí", "Yêu cầu") and blocks[6].cells == ("2.", "Lưu trữ")
    frame = parse_clauses(text)
    assert list(frame[is_clause(frame)].clause_id)[:4] == ["D1", "D1.k1", "D1.k1.a", "D1.k2"]
    assert round_trip_holds(text)


def test_quotation_opening_on_the_announcing_line():
    text = ("Điều 1. Sửa đổi\n1. Sửa đổi khoản 2 Điều 3 như sau: “2. Cơ sở phải:\na) Lưu trữ;\n"
            "b) Kết nối.”\n2. Sửa đổi khoản 4 như sau: “4. Một dòng.”\n3. Bãi bỏ khoản 5.")
    frame = parse_clauses(text)
    assert list(frame.clause_id) == ["D1", "D1.k1", "D1.k2", "D1.k3"]
    assert frame.text[1].endswith("a) Lưu trữ;\nb) Kết nối.”")
    assert frame.attrs["parse_issues"] == [] and round_trip_holds(text)


def test_corpus_amending_circular_keeps_quoted_wording_and_table_as_text():
    frame = parse_clauses(FIXTURE_DOCS / "sua-doi.docx").set_index("clause_id")
    assert frame.loc["D1.k1", "text"].splitlines()[1:] == [
        "“2. Cơ sở khám bệnh, chữa bệnh phải triển khai RIS-PACS:",
        "a) Lưu trữ hình ảnh “DICOM” tối thiểu 10 năm;", "b) Kết nối với HIS.”"]
    assert frame.loc["D1.k2", "text"].splitlines()[1:] == [
        "“IV. TIÊU CHÍ RIS-PACS", "STT | Tiêu chí | Yêu cầu", "1 | Máy chủ | Có", "Hết mục IV.”"]


def test_definitions_starting_with_a_quoted_term_are_not_quotations():
    text = ("Điều 1. Giải thích từ ngữ\nCác từ ngữ dưới đây được hiểu như sau:\n"
            "“RIS” là hệ thống thông tin chẩn đoán hình ảnh.\n“PACS” là hệ thống lưu trữ.\n"
            "Điều 2. Nguyên tắc\n1. Bảo đảm “an toàn”.")
    frame = parse_clauses(text)
    assert list(frame.clause_id) == ["D1", "D2", "D2.k1"]
    assert frame.attrs["parse_issues"] == [] and round_trip_holds(text)


def test_word_bullet_levels_nest():
    text = "I. MỤC TIÊU\n• Một\n◦ một a\n▪ một a i\n◦ một b\n• Hai\n➢ Ba"
    frame = parse_clauses(text).set_index("clause_id")
    assert list(frame.index) == ["I", "I-1", "I-1+1", "I-1+1+1", "I-1+2", "I-2", "I-3"]
    assert frame.loc["I-1+1+1", "parent_id"] == "I-1+1"


@pytest.fixture(scope="module")
def corpus_blocks():
    """Blocks of every corpus file, tables and paragraphs renumbered to stay unique."""
    from dataclasses import replace

    out = []
    for d, name in enumerate(sorted(CORPUS_IDS), start=1):
        for b in read_source_blocks(FIXTURE_DOCS / f"{name}.docx"):
            if b.kind == "table_row":
                table = d * 100 + b.meta["table"]
                b = replace(b, location=f"t{table}.r{b.meta['row']}",
                            meta={**b.meta, "table": table})
            else:
                b = replace(b, location=f"p{d * 1000 + int(b.location[1:])}")
            out.append(b)
    return out


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(0, 10_000), max_size=80))
def test_any_selection_of_real_blocks_parses_and_loses_nothing(corpus_blocks, picks):
    """Any blocks of the LibreOffice corpus, kept in order (deleted paragraphs, rows, whole
    sections; documents run together): never raises, every character kept."""
    from consultkit.clauses.parse import parse_blocks

    blocks = [corpus_blocks[i] for i in sorted({i % len(corpus_blocks) for i in picks})]
    frame = parse_blocks(blocks)
    assert squeeze(joined_text(frame)) == squeeze(document_text(blocks))
    assert frame.clause_id.is_unique
    assert set(frame.parent_id) <= set(frame.clause_id) | {""}
