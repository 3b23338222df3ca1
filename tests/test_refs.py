"""Citations in free text: a table of phrasings with the clause ids they must resolve to."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultkit import parse_clauses, parse_refs
from consultkit.clauses.refs import RefResolver, find_parts, resolver_for

from conftest import BUNDLED

LAW_TEXT = """NGHỊ ĐỊNH
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về công tác văn thư.
Điều 2. Đối tượng áp dụng
1. Cơ quan nhà nước.
2. Tổ chức chính trị - xã hội.
Điều 3. Giải thích từ ngữ
1. Văn bản là thông tin thành văn.
2. Các thành phần chính:
a) Quốc hiệu và Tiêu ngữ.
b) Tên cơ quan ban hành.
c) Số, ký hiệu của văn bản.
d) Địa danh và thời gian ban hành.
đ) Tên loại và trích yếu.
3. Văn bản đi.
4. Văn bản đến.
Chương II
SOẠN THẢO VĂN BẢN
Mục 1
THỂ THỨC VĂN BẢN
Điều 5. Thể thức
1. Thể thức là tập hợp các thành phần.
2. Thành phần chính.
3. Thành phần khác:
a) Phụ lục.
b) Dấu chỉ độ mật.
"""


@pytest.fixture(scope="module")
def law():
    return parse_clauses(LAW_TEXT)


AMENDED_TEXT = """Điều 2. Phạm vi
1. Khoản một.
1a. Khoản bổ sung.
2. Khoản hai.
Điều 5. Thể thức
1. Thành phần:
d) Điểm d.
d1) Điểm bổ sung d1.
d2) Điểm bổ sung d2.
Điều 7. Trình tự
2. Các bước:
c) Bước c.
c1) Bước bổ sung c1.
Điều 11. Lưu trữ
Điều 11a. Lưu trữ điện tử
Phụ lục 1
IV. TIÊU CHÍ
2. Hạ tầng
2.2. Lưu trữ
2.2a. Lưu trữ dự phòng
"""


@pytest.fixture(scope="module")
def amended():
    return parse_clauses(AMENDED_TEXT)


@pytest.fixture(scope="module")
def draft():
    return parse_clauses(BUNDLED / "versions" / "du-thao-2.md")


# (text, frame, context, expected clause ids; () = must stay unresolved)
CASES = [
    # small to large
    ("điểm a khoản 2 Điều 3", "law", None, ("D3.k2.a",)),
    ("điểm đ khoản 2 Điều 3", "law", None, ("D3.k2.đ",)),
    ("điểm b khoản 3 Điều 5", "law", None, ("D5.k3.b",)),
    ("Khoản 2 Điều 2", "law", None, ("D2.k2",)),
    ("tại khoản 2 Điều 2 Nghị định này", "law", None, ("D2.k2",)),
    ("điểm a khoản 2 Điều 3 của Nghị định", "law", None, ("D3.k2.a",)),
    # lists and ranges
    ("khoản 2 và khoản 3 Điều 5", "law", None, ("D5.k2", "D5.k3")),
    ("khoản 1, 2 Điều 2", "law", None, ("D2.k1", "D2.k2")),
    ("khoản 1 hoặc khoản 2 Điều 2", "law", None, ("D2.k1", "D2.k2")),
    ("Điều 2 và Điều 3", "law", None, ("D2", "D3")),
    ("các điểm a, b, c khoản 2", "law", "D3.k1", ("D3.k2.a", "D3.k2.b", "D3.k2.c")),
    ("từ khoản 2 đến khoản 4 Điều 3", "law", None, ("D3.k2", "D3.k3", "D3.k4")),
    ("từ điểm a đến điểm đ khoản 2 Điều 3", "law", None,
     ("D3.k2.a", "D3.k2.b", "D3.k2.c", "D3.k2.d", "D3.k2.đ")),
    # parts separated by commas or a dash, as letters write them
    ("điểm a, khoản 2, Điều 3", "law", None, ("D3.k2.a",)),
    ("Điều 3, khoản 2, điểm b", "law", None, ("D3.k2.b",)),
    ("khoản 2 - Điều 5", "law", None, ("D5.k2",)),
    ("các khoản 1, 2, Điều 2", "law", None, ("D2.k1", "D2.k2")),
    # large to small
    ("Điều 3 khoản 2", "law", None, ("D3.k2",)),
    ("Điều 3 khoản 2 điểm b", "law", None, ("D3.k2.b",)),
    # relative to the context
    ("khoản này", "law", "D3.k2.b", ("D3.k2",)),
    ("Điều này", "law", "D3.k2.b", ("D3",)),
    ("điểm này", "law", "D3.k2.b", ("D3.k2.b",)),
    ("khoản 3 Điều này", "law", "D5.k1", ("D5.k3",)),
    ("khoản 2", "law", "D5.k3.a", ("D5.k2",)),
    ("điểm b", "law", "D5.k3.a", ("D5.k3.b",)),
    # chapters and sections of a decree
    ("Chương II", "law", None, ("C2",)),
    ("Mục 1 Chương II", "law", None, ("C2.M1",)),
    # must stay unresolved
    ("khoản này", "law", None, ()),
    ("Điều này", "law", None, ()),
    ("các điểm a, b, c khoản 2", "law", None, ()),
    ("khoản 2", "law", None, ()),
    ("Điều 9", "law", None, ()),
    ("khoản 7 Điều 3", "law", None, ()),
    ("điểm e khoản 2 Điều 3", "law", None, ()),
    ("điểm f khoản 2 Điều 3", "law", None, ()),
    ("Chương V", "law", None, ()),
    ("khoản 2 Điều 3 Thông tư số 54/2017/TT-BYT", "law", None, ()),      # another document
    ("theo Điều 3 của Nghị định số 30/2020/NĐ-CP", "law", None, ()),
    ("Điều 5 Luật Khám bệnh, chữa bệnh", "law", None, ()),
    # annex numbering (the illustrative draft)
    ("mục 2.1 phần IV", "draft", None, ("IV.2.1",)),
    ("mục 2.2 phần IV", "draft", None, ("IV.2.2",)),
    ("tiểu mục 2.1", "draft", None, ("IV.2.1",)),
    ("mục IV.2.1", "draft", None, ("IV.2.1",)),
    ("Mục IV", "draft", None, ("IV",)),
    ("Mục 2", "draft", None, ("IV.2",)),
    ("tại mục 4.2 của dự thảo", "draft", None, ("IV.4.2",)),
    ("các mục 4.1, 4.2 và 4.3", "draft", None, ("IV.4.1", "IV.4.2", "IV.4.3")),
    ("từ mục 7.1 đến mục 7.3", "draft", None, ("IV.7.1", "IV.7.2", "IV.7.3")),
    ("mục 7.1-7.3", "draft", None, ("IV.7.1", "IV.7.2", "IV.7.3")),
    ("tiêu chí số 5 – 7", "draft", None, ("IV.3.r5", "IV.3.r6", "IV.3.r7")),
    ("điểm a mục 2.2", "draft", None, ("IV.2.2.a",)),
    ("điểm b", "draft", "IV.7.3.a", ("IV.7.3.b",)),
    ("mục này", "draft", "IV.2.2.b", ("IV.2.2",)),
    ("tiêu chí số 5", "draft", None, ("IV.3.r5",)),
    ("tiêu chí số 5 mục 3", "draft", None, ("IV.3.r5",)),
    ("STT 5 mục 3", "draft", None, ("IV.3.r5",)),
    ("Phụ lục 1", "draft", None, ("PL1",)),
    ("Phụ lục I", "draft", None, ("PL1",)),
    # a Roman "Mục IV" after decimal sections encloses them: one clause, not also IV
    ("điểm a tiểu mục 2.2 Mục IV", "draft", None, ("IV.2.2.a",)),
    ("mục 5.1 Mục IV", "draft", None, ("IV.5.1",)),
    ("các mục 4.1, 4.2 thuộc Mục IV", "draft", None, ("IV.4.1", "IV.4.2")),
    ("mục 2.1 và Mục IV", "draft", None, ("IV", "IV.2.1")),   # a list cites IV itself
    ("tiểu mục 2.1 mục 2 phần IV", "draft", None, ("IV.2.1",)),
    ("điểm a tiểu mục 2.2 mục 2 Mục IV", "draft", None, ("IV.2.2.a",)),
    # "khoản"/"điểm" said loosely for an annex's numbered items
    ("khoản 2 mục IV", "draft", None, ("IV.2",)),
    ("điểm a khoản 2 mục IV.2", "draft", None, ("IV.2.2.a",)),
    ("Điểm b khoản 7.3", "draft", None, ("IV.7.3.b",)),        # dotted: an annex item
    ("khoản 7.3", "draft", None, ("IV.7.3",)),
    ("khoản 9.9", "draft", None, ()),                          # no such item: unresolved
    ("khoản 3 Mục IV", "draft", None, ("IV.3",)),
    ("khoản 2.1 mục IV", "draft", None, ("IV.2.1",)),
    ("mục 4.3.c", "draft", None, ("IV.4.3.c",)),
    ("điểm 2.2 mục IV", "draft", None, ("IV.2.2",)),
    ("Mục IV.4.3.b", "draft", None, ("IV.4.3.b",)),
    ("mục 2.1 (phần IV)", "draft", None, ("IV.2.1",)),
    ("Điều 3 (khoản 2)", "law", None, ("D3.k2",)),
    # annex: must stay unresolved
    ("khoản 9 mục IV", "draft", None, ()),
    ("điểm a khoản 9 mục IV.2", "draft", None, ()),
    ("tại mục 3.2 của dự thảo", "draft", None, ()),
    ("tiêu chí số 12", "draft", None, ()),
    ("Phụ lục II", "draft", None, ()),
    ("phần V", "draft", None, ()),
    ("điểm đ mục 2.2", "draft", None, ()),
    ("mục 4.3.đ", "draft", None, ()),
    ("khoản 2", "draft", None, ()),
    ("điểm a", "draft", None, ()),
    # units inserted the amending way, with and without diacritics
    ("khoản 1a Điều 2", "amended", None, ("D2.k1a",)),
    ("điểm c1 khoản 2 Điều 7", "amended", None, ("D7.k2.c1",)),
    ("các điểm d1, d2 khoản 1", "amended", "D5", ("D5.k1.d1", "D5.k1.d2")),
    ("các điểm d1 và d2 khoản 1 Điều 5", "amended", None, ("D5.k1.d1", "D5.k1.d2")),
    ("Điều 11a", "amended", None, ("D11a",)),
    ("khoản 2.2a mục IV", "amended", None, ("IV.2.2a",)),
    ("mục 2.2a", "amended", None, ("IV.2.2a",)),
    ("tiểu mục 2.2a mục IV", "amended", None, ("IV.2.2a",)),
    ("tieu muc 2.2a muc IV", "amended", None, ("IV.2.2a",)),
    ("khoan 1a dieu 2", "amended", None, ("D2.k1a",)),
    ("diem c1 khoan 2 dieu 7", "amended", None, ("D7.k2.c1",)),
    ("cac diem d1, d2 khoan 1 dieu 5", "amended", None, ("D5.k1.d1", "D5.k1.d2")),
    ("Dieu 11a", "amended", None, ("D11a",)),
    ("khoan nay", "amended", "D2.k1a", ("D2.k1a",)),
    ("khoản 1a", "amended", None, ()),                 # which article?
    ("điểm d3 khoản 1 Điều 5", "amended", None, ()),    # no such point
    ("Điều 11b", "amended", None, ()),
]


@pytest.mark.parametrize("text,frame,context,expected", CASES,
                         ids=[f"{c[0]}|{c[2]}" for c in CASES])
def test_phrasing(text, frame, context, expected, request):
    clauses = request.getfixturevalue(frame)
    refs = parse_refs(text, clauses, context=context)
    assert len(refs) == 1, refs
    row = refs.iloc[0]
    assert text[row.start:row.end] == row.span
    if expected:
        assert row.resolved, row.issue
        assert row.clause_ids == expected
        assert row.issue == ""
    else:
        assert not row.resolved
        assert row.issue
        assert not set(row.clause_ids) - set(clauses.clause_id)   # never an invented id


def test_table_is_large_enough():
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if not c[3]) >= 10


def test_parts_from_small_to_large_and_spans(law):
    text = "Đề nghị sửa điểm a khoản 2 Điều 3 và bỏ Điều 5; xem Điều 3 khoản 2."
    refs = parse_refs(text, law)
    assert list(refs.span) == ["điểm a khoản 2 Điều 3", "Điều 5", "Điều 3 khoản 2"]
    assert refs.parts.iloc[2] == (("clause", "2"), ("article", "3"))
    assert all(text[s:e] == span for s, e, span in zip(refs.start, refs.end, refs.span))
    assert list(refs.clause_ids) == [("D3.k2.a",), ("D5",), ("D3.k2",)]


def test_inserted_units_cited_in_a_sentence(amended):
    text = ("Đề nghị sửa khoản 1a Điều 2 và các điểm d1, d2 khoản 1 Điều 5; "
            "bo sung diem c1 khoan 2 dieu 7.")
    refs = parse_refs(text, amended)
    assert list(refs.span) == ["khoản 1a Điều 2", "các điểm d1, d2 khoản 1 Điều 5",
                               "diem c1 khoan 2 dieu 7"]
    assert list(refs.clause_ids) == [("D2.k1a",), ("D5.k1.d1", "D5.k1.d2"), ("D7.k2.c1",)]
    other = parse_refs("Dieu 11a Thong tu so 54/2017/TT-BYT", amended).iloc[0]
    assert not other.resolved and "văn bản khác" in other.issue


def test_no_citation_in_ordinary_words():
    text = "Điều kiện triển khai phần mềm, mục tiêu và phần lớn các điều khoản đều hợp lý."
    assert parse_refs(text).empty
    assert parse_refs("Dieu kien trien khai, muc tieu va phan lon cac dieu khoan hop ly").empty
    assert find_parts("mục đích của chương trình") == []


def test_ambiguous_and_partial_citations_say_why(nd30):
    annex = parse_clauses(nd30 / "nd30_Phuluc1.docx")
    ambiguous = parse_refs("mục 2 phần II", annex).iloc[0]
    assert not ambiguous.resolved and "P2.I.2" in ambiguous.issue and "P2.II.2" in ambiguous.issue
    in_annex = parse_refs("Mục IV Phần I Phụ lục này", annex, context="P1.II.1.c").iloc[0]
    assert in_annex.resolved and in_annex.clause_ids == ("P1.IV",)
    law = parse_clauses(LAW_TEXT)
    partial = parse_refs("khoản 2 và khoản 7 Điều 5", law).iloc[0]
    assert not partial.resolved and partial.clause_ids == ("D5.k2",) and "khoản 7" in partial.issue
    bad_context = parse_refs("khoản này", law, context="D99").iloc[0]
    assert not bad_context.resolved and "D99" in bad_context.issue


def test_without_clauses_nothing_is_resolved():
    refs = parse_refs("điểm a khoản 2 Điều 3")
    assert list(refs.columns)[:4] == ["start", "end", "span", "parts"]
    assert not refs.resolved.iloc[0] and refs.clause_ids.iloc[0] == ()
    assert parse_refs("").empty and parse_refs(None).empty


_WORDS = ["điểm", "khoản", "Điều", "mục", "tiểu mục", "phần", "Phần", "Chương", "Phụ lục", "-",
          "STT", "–", "2-3", "IV.2",
          "tiêu chí số", "các", "từ", "đến", "và", ",", "hoặc", "này", "của", "tại", "a", "đ",
          "f", "1", "2", "3", "2.1", "IV", "IV.2.1", "II", "5", "Thông tư số 54/2017/TT-BYT",
          "Luật Khám bệnh", "đề nghị", "sửa", ".", "(", ")", "kiện", "thứ hai",
          "1a", "c1", "d2", "2.2a", "khoan", "dieu", "diem", "va", "nay", "11a"]


@given(st.lists(st.sampled_from(_WORDS), max_size=25),
       st.sampled_from([None, "D3.k2.b", "D5", "IV.2.2.a", "nope"]))
def test_any_text_never_raises_and_never_invents(words, context):
    law = parse_clauses(LAW_TEXT)
    text = " ".join(words)
    frame_ids = set(law.clause_id)
    refs = parse_refs(text, law, context=context)
    for row in refs.itertuples():
        assert text[row.start:row.end] == row.span
        assert set(row.clause_ids) <= frame_ids
        assert row.resolved == (not row.issue and bool(row.clause_ids))


def test_enclosing_section_gives_one_citation_only(draft):
    refs = parse_refs("Đề nghị sửa điểm a tiểu mục 2.2 Mục IV và mục 5.1 Mục IV.", draft)
    assert list(refs.clause_ids) == [("IV.2.2.a",), ("IV.5.1",)]
    assert refs.parts.iloc[0] == (("point", "a"), ("section", "IV.2.2"))


def test_loose_khoan_in_an_annex_says_which_item_it_looked_for(draft):
    row = parse_refs("khoản 9 mục IV", draft).iloc[0]
    assert not row.resolved and "IV.9" in row.issue


def test_loose_khoan_never_replaces_a_real_article_clause(law):
    # a decree has articles: "khoản 2" needs its Điều, never an annex item
    assert not parse_refs("khoản 2", law).resolved.iloc[0]
    assert parse_refs("khoản 2 Điều 5", law).clause_ids.iloc[0] == ("D5.k2",)


def test_resolver_is_built_once_per_frame_and_agrees_with_parse_refs(law, draft):
    assert resolver_for(law) is resolver_for(law)
    assert resolver_for(draft) is not resolver_for(law)
    resolver = RefResolver(draft)
    for text, frame, context, _ in CASES:
        if frame == "draft":
            mine = resolver.refs(text, context=context)
            theirs = parse_refs(text, draft, context=context)
            assert mine.equals(theirs), text
    assert RefResolver(None).refs("khoản 2 Điều 3").clause_ids.iloc[0] == ()
    assert RefResolver(draft).refs("").empty and RefResolver(draft).refs(None).empty


def test_resolver_cache_notices_a_different_frame_with_the_same_rows(law):
    copy = law.copy()
    assert resolver_for(copy) is not resolver_for(law)
    assert resolver_for(copy).refs("Điều 5").clause_ids.iloc[0] == ("D5",)


def test_comma_between_parts_keeps_each_citation_whole(law):
    refs = parse_refs("Đề nghị sửa Điều 3, khoản 2 Điều 5; bỏ khoản 2, bổ sung Điều 2.", law)
    assert list(refs.span) == ["Điều 3", "khoản 2 Điều 5", "khoản 2", "Điều 2"]
    assert list(refs.clause_ids) == [("D3",), ("D5.k2",), (), ("D2",)]
