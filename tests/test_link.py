"""Clause linking: citations are facts, similarity gives suggestions only."""

from __future__ import annotations

import pytest

from consultkit import schema
from consultkit.comments.link import MIN_SCORE, ClauseIndex, citations, link_clauses, link_details


def clauses():
    rows = [
        ("_header.1", "", "header", "", "", "BỘ Y TẾ"),
        ("IV", "", "annex_section", "IV.", "Tiêu chí RIS-PACS", ""),
        ("IV.1", "IV", "annex_section", "1.", "Hạ tầng kỹ thuật",
         "Máy chủ, thiết bị lưu trữ và mạng kết nối các máy trạm chẩn đoán hình ảnh."),
        ("IV.2", "IV", "annex_section", "2.", "Lưu trữ", "Lưu trữ hình ảnh y tế của người bệnh."),
        ("IV.2.1", "IV.2", "annex_section", "2.1.", "",
         "Thời hạn lưu trữ hình ảnh tại cơ sở tối đa 01 năm, sau đó chuyển về hệ thống lưu trữ tập trung."),
        ("IV.2.2", "IV.2", "annex_section", "2.2.", "",
         "Trao đổi dữ liệu với hệ thống thông tin bệnh viện theo chuẩn HL7."),
        ("IV.3", "IV", "annex_section", "3.", "An toàn thông tin",
         "Bảo đảm an toàn, bảo mật thông tin và dữ liệu hình ảnh theo quy định."),
    ]
    return schema.conform([
        {"clause_id": c, "parent_id": p, "kind": k, "number": n, "heading": h, "text": t, "order": i,
         "level": c.count("."), "location": f"line {i}", "cells": None}
        for i, (c, p, k, n, h, t) in enumerate(rows)], schema.CLAUSES)


def test_bare_clause_id_in_a_clause_column_is_a_citation():
    assert citations("IV.2.1", clauses()) == (("IV.2.1",), ("IV.2.1",))
    ids, suggestions, raw = link_details(["Đề nghị sửa."], clauses(), refs_raw=["IV.2.2"])
    assert ids == [("IV.2.2",)] and suggestions == [()] and raw == ["IV.2.2"]


def test_explicit_citations_through_parse_refs():
    import consultkit.clauses.refs  # noqa: F401  (fails, not skips, when missing)
    text = "Tại mục 2.1 phần IV: đề nghị tăng thời hạn lưu trữ."
    ids, suggestions, raw = link_details([text], clauses())
    assert ids == [("IV.2.1",)]
    assert suggestions == [()]                    # cited: no guessing
    assert raw == ["mục 2.1 phần IV"]


def test_several_citation_forms_resolve_each_once():
    import consultkit.clauses.refs  # noqa: F401  (fails, not skips, when missing)
    texts = ["Đề nghị sửa mục 2.1 phần IV và mục IV.2.2.", "mục 2.1 phần IV: nhất trí", "Tiêu chí số 9 chưa rõ."]
    ids, suggestions, raw = link_details(texts, clauses())
    assert ids[0] == ("IV.2.1", "IV.2.2")
    assert ids[1] == ("IV.2.1",)
    assert ids[2] == ()                           # cited but unresolved: no clause, no guess
    assert raw[2] == "Tiêu chí số 9"
    assert suggestions[2] == ()


def test_suggestions_for_uncited_comments_are_ranked_and_scored():
    texts = ["Đề nghị kéo dài thời hạn lưu trữ hình ảnh tại cơ sở, 01 năm là quá ngắn.",
             "Cần quy định rõ chuẩn HL7 khi trao đổi dữ liệu với hệ thống thông tin bệnh viện.",
             "Xin cảm ơn quý Cục.",
             "Nhất trí với nội dung dự thảo."]
    ids, suggestions = link_clauses(texts, clauses(), suggest=[True, True, True, False])
    assert ids == [(), (), (), ()]
    assert suggestions[0][0][0] == "IV.2.1"
    assert suggestions[1][0][0] == "IV.2.2"
    assert suggestions[2] == ()                   # nothing similar enough
    assert suggestions[3] == ()                   # not asked
    for pairs in suggestions:
        assert len(pairs) <= 3
        scores = [s for _, s in pairs]
        assert scores == sorted(scores, reverse=True)
        assert all(MIN_SCORE <= s <= 100 for s in scores)
        assert all(not c.startswith("_") for c, _ in pairs)


def test_no_clauses_no_links():
    ids, suggestions = link_clauses(["Đề nghị sửa khoản 2."], None)
    assert ids == [()] and suggestions == [()]


def test_index_skips_non_clause_blocks():
    index = ClauseIndex(clauses())
    assert "_header.1" not in index.ids and "IV.2.1" in index.ids
    assert all(not c.startswith("_") for c, _ in index.suggest(["BỘ Y TẾ"])[0])


LAW = """Điều 3. Giải thích từ ngữ
1. Văn bản là thông tin thành văn.
2. Các thành phần chính:
a) Quốc hiệu và Tiêu ngữ.
b) Tên cơ quan ban hành.
Điều 5. Thể thức
1. Thể thức là tập hợp các thành phần.
2. Thành phần chính."""


def test_relative_citations_take_the_comments_own_first_citation_as_context():
    from consultkit import parse_clauses

    law = parse_clauses(LAW)
    texts = ["Đề nghị sửa khoản 2 Điều 3: khoản này nên bổ sung điểm c.",
             "Điều 5 quá chung; đề nghị tách khoản 2 Điều này.",
             "Khoản này chưa rõ.",
             "Đề nghị sửa điểm b."]
    ids, suggestions, raw = link_details(texts, law, refs_raw=["", "", "Điều 3 khoản 1", "khoản 2 Điều 3"])
    assert ids[0] == ("D3.k2",)                   # "khoản này" is khoản 2 Điều 3 itself
    assert ids[1] == ("D5", "D5.k2")
    assert ids[2] == ("D3.k1",)                   # the clause column is the context
    assert ids[3] == ("D3.k2", "D3.k2.b")         # "điểm b" of the column's khoản
    assert citations("khoản này", law) == ((), ("khoản này",))   # no context: nothing guessed
    assert citations("khoản này", law, context="D5.k1") == (("D5.k1",), ("khoản này",))


def test_bare_numbers_in_a_clause_column():
    ids, suggestions, raw = link_details(["Đề nghị sửa.", "Nhất trí.", "Bỏ.", "Sửa."], clauses(),
                                         refs_raw=["2.1", "IV.2.", "9.9", "Mục 3"])
    assert ids == [("IV.2.1",), ("IV.2",), (), ("IV.3",)]
    assert raw == ["2.1", "IV.2.", "9.9", "Mục 3"]
    assert suggestions[2] == ()                   # cited (unresolved): no guesses


def test_the_unit_a_comment_opens_with_is_its_target():
    """'1. Tiểu mục 5.2: … như đã nêu tại tiểu mục 4.1': 4.1 is mentioned, not commented on;
    citations inside the target (its criteria rows) still count."""
    from consultkit import parse_clauses
    from conftest import BUNDLED

    clauses = parse_clauses(BUNDLED / "versions" / "du-thao-2.md")
    ids, _ = link_clauses(["1. Tiểu mục 5.2: đề nghị bỏ cụm từ vì đã nêu tại tiểu mục 4.1.",
                           "Mục 3: đề nghị sửa tiêu chí số 6 và tiêu chí số 7.",
                           "Đề nghị gộp tiểu mục 2.2 và 2.3."], clauses)
    assert ids == [("IV.5.2",), ("IV.3", "IV.3.r6", "IV.3.r7"), ("IV.2.2", "IV.2.3")]
