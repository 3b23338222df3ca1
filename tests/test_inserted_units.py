"""Units inserted the amending way ("Điều 5a.", "1a.", "d1)", "2.2a."): own rows, own ids,
document order; look-alike text stays text. Ids follow the scheme in consultkit.clauses.parse."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from consultkit import parse_clauses
from consultkit.clauses.parse import document_text, joined_text, read_source_blocks, squeeze

ARTICLES = """Điều 2. Phạm vi
1. Khoản một.
a) Điểm a.
1a. Khoản bổ sung sau khoản 1.
a) Điểm a của khoản 1a.
1b.Khoản bổ sung thứ hai, không có dấu cách.
2. Khoản hai, trong đó có 1a. giữa câu.
c) Điểm c.
c1) Điểm bổ sung c1.
c2) Điểm bổ sung c2.
d) Điểm d.
đ) Điểm đ.
đ1) Điểm bổ sung đ1.
i1) Không có điểm i đứng trước.
a1) = b1 + c1
5a/2021/TT-BYT ngày 1 tháng 1 năm 2021.
3. Khoản ba.
Điều 3. Tiếp
Điều 3a. Điều bổ sung
1. Khoản một của Điều 3a.
18a. Không có khoản 18 đứng trước.
Điều 4. Cuối"""


def test_inserted_units_get_their_own_rows_and_ids_in_order():
    frame = parse_clauses(ARTICLES)
    rows = frame[~frame.clause_id.str.startswith("_")]
    assert list(rows.clause_id) == [
        "D2", "D2.k1", "D2.k1.a", "D2.k1a", "D2.k1a.a", "D2.k1b", "D2.k2", "D2.k2.c",
        "D2.k2.c1", "D2.k2.c2", "D2.k2.d", "D2.k2.đ", "D2.k2.đ1", "D2.k3", "D3", "D3a",
        "D3a.k1", "D4"]
    by_id = frame.set_index("clause_id")
    assert by_id.loc["D2.k1a", "parent_id"] == "D2"
    assert by_id.loc["D2.k1a", "number"] == "1a."
    assert by_id.loc["D2.k1a", "text"] == "Khoản bổ sung sau khoản 1."
    assert by_id.loc["D2.k2.c1", "parent_id"] == "D2.k2"
    assert by_id.loc["D2.k2.đ1", "number"] == "đ1)"
    assert by_id.loc["D3a", "heading"] == "Điều bổ sung"
    # look-alikes are text of the unit before them, reported, never lost
    assert by_id.loc["D2.k2", "text"] == "Khoản hai, trong đó có 1a. giữa câu."
    assert by_id.loc["D2.k2.đ1", "text"].splitlines() == [
        "Điểm bổ sung đ1.", "i1) Không có điểm i đứng trước.", "a1) = b1 + c1",
        "5a/2021/TT-BYT ngày 1 tháng 1 năm 2021."]
    assert "18a. Không có khoản 18" in by_id.loc["D3a.k1", "text"]
    issues = " ".join(frame.attrs["parse_issues"])
    assert "“i1)”" in issues and "“18a.”" in issues and "“a1)”" in issues
    assert "bỏ số" not in issues and "sai thứ tự" not in issues
    assert squeeze(joined_text(frame)) == squeeze(ARTICLES)


def test_unsuffixed_siblings_keep_their_ids():
    plain = parse_clauses(ARTICLES.replace("1a. Khoản bổ sung sau khoản 1.\na) Điểm a của khoản 1a.\n"
                                           "1b.Khoản bổ sung thứ hai, không có dấu cách.\n", "")
                          .replace("c1) Điểm bổ sung c1.\nc2) Điểm bổ sung c2.\n", ""))
    amended = parse_clauses(ARTICLES)
    common = set(plain.clause_id)
    assert common <= set(amended.clause_id)
    a = amended.set_index("clause_id")
    for row in plain.itertuples():
        if not row.clause_id.startswith("_"):
            assert a.loc[row.clause_id, "number"] == row.number


def test_annex_items_and_sections_inserted():
    text = ("Phụ lục 1\nIV. TIÊU CHÍ\n1. Phạm vi\n1.3. Báo cáo\n1.3a. Báo cáo bổ sung\n"
            "2. Hạ tầng\n2.2. Lưu trữ\n2.2a. Lưu trữ dự phòng\na) Có sao lưu\n2.3. Máy trạm\n"
            "Chương II\nMục 1. Chung\nMục 1a. Bổ sung\nĐiều 9. X")
    frame = parse_clauses(text)
    ids = [c for c in frame.clause_id if not c.startswith("_")]
    assert ids == ["PL1", "IV", "IV.1", "IV.1.3", "IV.1.3a", "IV.2", "IV.2.2", "IV.2.2a",
                   "IV.2.2a.a", "IV.2.3", "C2", "C2.M1", "C2.M1a", "D9"]
    f = frame.set_index("clause_id")
    assert f.loc["IV.2.2a", "parent_id"] == "IV.2"
    assert f.loc["C2.M1a", "heading"] == "Bổ sung"


def _numbered_docx(items: list[tuple[str, str | None, int]]) -> io.BytesIO:
    """Paragraphs (text, numId, ilvl); numId 1: "%1." then "%2)" letters; numId 2 the same
    abstract with "%1a." level text; numId 3 points "d%1)" — inserted units numbered by Word."""
    document = docx.Document()
    numbering = document.part.numbering_part.element

    def abstract(aid, levels):
        body = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{text}"/></w:lvl>'
                       for i, (start, fmt, text) in enumerate(levels))
        return parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">{body}'
                         '</w:abstractNum>')

    first = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for aid, levels in [("70", [(1, "decimal", "%1."), (1, "lowerLetter", "%2)")]),
                        ("71", [(1, "decimal", "%1a.")]),
                        ("72", [(1, "decimal", "d%1)")])]:
        if first is not None:
            first.addprevious(abstract(aid, levels))
        else:
            numbering.append(abstract(aid, levels))
    for nid, aid in [("1", "70"), ("2", "71"), ("3", "72")]:
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}0">'
                                   f'<w:abstractNumId w:val="{aid}"/></w:num>'))
    for text, nid, ilvl in items:
        p = document.add_paragraph(text)
        if nid:
            p._p.get_or_add_pPr().insert(0, parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                f'<w:numId w:val="{nid}0"/></w:numPr>'))
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


def test_inserted_units_in_word_automatic_numbering():
    data = _numbered_docx([("Điều 2. Phạm vi", None, 0), ("Khoản một.", "1", 0),
                           ("Khoản bổ sung.", "2", 0), ("Khoản hai.", "1", 0),
                           ("Điểm a.", "1", 1), ("d) Điểm d.", None, 0), ("Điểm d1 bổ sung.", "3", 0),
                           ("Điểm d2 bổ sung.", "3", 0)]).getvalue()
    frame = parse_clauses(io.BytesIO(data))
    assert list(frame.clause_id) == ["D2", "D2.k1", "D2.k1a", "D2.k2", "D2.k2.a", "D2.k2.d",
                                     "D2.k2.d1", "D2.k2.d2"]
    assert list(frame.number) == ["Điều 2.", "1.", "1a.", "2.", "a)", "d)", "d1)", "d2)"]
    blocks = read_source_blocks(io.BytesIO(data))
    assert squeeze(joined_text(frame)) == squeeze(document_text(blocks))
