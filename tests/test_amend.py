"""Amending wording: citations and the choice of formula."""

from __future__ import annotations

import pytest

from clause_frames import NEW, OLD, frame
from consultkit import parse_clauses
from consultkit.comparison.amend import amending_articles, cite
from consultkit.comparison.core import compare


@pytest.mark.parametrize("clause_id, expected", [
    ("D8", "Điều 8"),
    ("D8.k2", "khoản 2 Điều 8"),
    ("D8.k2.a", "điểm a khoản 2 Điều 8"),
    ("D8.k2.đ", "điểm đ khoản 2 Điều 8"),
    ("C2.D8.k1", "khoản 1 Điều 8"),
    ("C2", "Chương II"),
    ("C2.M1", "Mục 1 Chương II"),
    ("D3.k1.a-2", "gạch đầu dòng thứ hai điểm a khoản 1 Điều 3"),
    ("D8.k2~2", "khoản 2 Điều 8"),
    ("IV", "mục IV"),
    ("IV.2", "tiểu mục 2 mục IV"),
    ("IV.2.1", "tiểu mục 2.1 mục IV"),
    ("IV.2.1.a", "điểm a tiểu mục 2.1 mục IV"),
])
def test_citations(clause_id, expected):
    assert cite(clause_id) == expected


def test_citation_with_document():
    assert cite("IV.2", "Phụ lục 1") == "tiểu mục 2 mục IV Phụ lục 1"


@pytest.fixture(scope="module")
def items():
    return amending_articles(compare(frame(OLD), frame(NEW)))


def test_phrase_change_gets_phrase_formula():
    old = frame(OLD[:3])
    new = frame(OLD[:2] + [("D1.k1", "D1", "clause", "1.", "Cơ sở khám bệnh, chữa bệnh phải lưu "
                            "trữ hình ảnh trong một năm")])
    items = amending_articles(compare(old, new))
    assert items == ["Bổ sung cụm từ “, chữa bệnh” vào sau cụm từ “khám bệnh” tại khoản 1 Điều 1."]


def test_replacement_of_a_phrase():
    old = frame([("D2", "", "article", "Điều 2", "Thời hạn"),
                 ("D2.k1", "D2", "clause", "1.", "Hình ảnh được lưu trữ tại cơ sở trong thời hạn "
                  "một năm kể từ ngày chụp")])
    new = frame([("D2", "", "article", "Điều 2", "Thời hạn"),
                 ("D2.k1", "D2", "clause", "1.", "Hình ảnh được lưu trữ tại cơ sở trong thời hạn "
                  "tối đa hai năm kể từ ngày chụp")])
    out = amending_articles(compare(old, new))
    assert out == ["Thay thế cụm từ “một” bằng cụm từ “tối đa hai” tại khoản 1 Điều 2."]


def test_renumbered_units_restate_their_article_once(items):
    # khoản 2 split into 2 and 3, khoản 3 deleted, khoản 4 added, old 4 now 5: an amending
    # document never shifts numbers, so Điều 1 is restated in full (with every khoản)
    restated = [i for i in items if i.startswith("Sửa đổi, bổ sung Điều 1 như sau:")]
    assert len(restated) == 1
    assert "\n2. Hệ thống phải hỗ trợ chuẩn DICOM" in restated[0]
    assert "\n3. Đồng thời phải kết nối" in restated[0]
    assert "\n5. Bảo đảm an toàn thông tin" in restated[0]
    assert not any("khoản 3 Điều 1" in i or "khoản 4 Điều 1" in i for i in items)


def test_moved_article(items):
    # the moved article is repealed at its old place and added at the new one, with its
    # children, under a number the amended text does not use yet ("Điều 3" stays there,
    # repealed); its changed/deleted children get no instruction of their own
    assert "Bãi bỏ Điều 3." in items
    added = [i for i in items if i.startswith("Bổ sung Điều 1a vào sau Điều 1 như sau:")]
    assert added and added[0].split("\n")[1].startswith("“Điều 1a. ")
    assert not any("khoản 2 Điều 3" in i or "khoản 3 Điều 3" in i for i in items)


def test_renumbering_alone_and_unchanged_get_nothing():
    old = frame(OLD[:3])
    assert amending_articles(compare(old, frame(OLD[:3]))) == []


def test_amending_text_numbering_and_no_change():
    cmp = compare(frame(OLD), frame(NEW))
    text = cmp.amending_text(document="Thông tư số 54/2017/TT-BYT")
    lines = text.split("\n")
    assert lines[0] == "Điều 1. Sửa đổi, bổ sung một số nội dung của Thông tư số 54/2017/TT-BYT"
    assert lines[1].startswith("1. ")
    same = compare(frame(OLD), frame(OLD)).amending_text()
    assert "Không có nội dung sửa đổi, bổ sung" in same


def test_phrase_not_unique_is_restated():
    old = frame([("a", "", "point", "a)", "hệ thống và hệ thống con phải kết nối với nhau")])
    new = frame([("a", "", "point", "a)", "hệ thống và phân hệ con phải kết nối với nhau")])
    out = amending_articles(compare(old, new))
    assert out[0].startswith("Thay thế cụm từ “hệ thống con”") or out[0].startswith("Sửa đổi")
    assert "“hệ thống”" not in out[0]


def test_table_rows_and_annex_wording_on_the_bundled_versions(bundled):
    from consultkit.clauses.parse import parse_clauses
    folder = bundled / "versions"
    if not (folder / "CHANGES.md").exists():
        pytest.fail("input missing from the repository: the bundled versions (versions/CHANGES.md)")
    cmp = compare(parse_clauses(folder / "hien-hanh.md"), parse_clauses(folder / "du-thao-1.md"))
    items = amending_articles(cmp, document="Phụ lục 1")
    assert any(i.startswith("Sửa đổi, bổ sung điểm a tiểu mục 2.2 mục IV Phụ lục 1 như sau:")
               for i in items)
    # row 9 deleted and row 10 renumbered 9: the table's tiểu mục is restated, rows included
    restated = [i for i in items if i.startswith("Sửa đổi, bổ sung tiểu mục 3 mục IV Phụ lục 1")]
    assert restated and "\n9. Phân quyền | Phân quyền người dùng" in restated[0]
    assert not any("dòng số thứ tự 6 " in i for i in items)    # inside the restated table
    # 4.4 split into 4.4 and 4.5 (old 4.5 now 4.6): tiểu mục 4 restated, its new điểm d inside
    four = [i for i in items if i.startswith("Sửa đổi, bổ sung tiểu mục 4 mục IV Phụ lục 1")]
    assert four and "\nd) " in four[0] and "\n4.6. " in four[0]
    row6 = amending_articles(compare(parse_clauses(folder / "du-thao-1.md"),
                                     parse_clauses(folder / "du-thao-2.md")))
    assert any(i.startswith("Sửa đổi, bổ sung dòng số thứ tự 3") for i in row6)  # never a phrase


def test_inserted_units_and_names_in_the_drafters_words():
    old = parse_clauses("Mục 1. QUY ĐỊNH CHUNG\nĐiều 2. Phạm vi\n1. Khoản một.\n2. Khoản hai.\n"
                        "Điều 5. Thể thức\n1. Thành phần:\nd) Điểm d.\nđ) Điểm đ.\n"
                        "Điều 8. Tên cũ của điều\n1. Nội dung giữ nguyên.\n"
                        "Điều 11. Lưu trữ\n1. Lưu trữ giấy.\n"
                        "Điều 12. Hiệu lực\n1. Có hiệu lực từ ngày ký.\n"
                        "2. Nội dung cũ về thời hạn chuyển tiếp của các cơ sở.")
    new = parse_clauses("Mục 1. QUY ĐỊNH CHUNG VÀ NGUYÊN TẮC\nĐiều 2. Phạm vi\n1. Khoản một.\n"
                        "1a. Khoản bổ sung về đối tượng áp dụng mới.\n2. Khoản hai.\n"
                        "Điều 5. Thể thức\n1. Thành phần:\nd) Điểm d.\n"
                        "d1) Điểm bổ sung thứ nhất về chữ ký số.\n"
                        "d2) Điểm bổ sung thứ hai về mã định danh.\nđ) Điểm đ.\n"
                        "Điều 8. Tên mới hoàn toàn khác\n1. Nội dung giữ nguyên.\n"
                        "Điều 11. Lưu trữ\n1. Lưu trữ giấy.\n"
                        "Điều 11a. Lưu trữ điện tử\n1. Lưu trữ trên Hệ thống.\n"
                        "Điều 12. Hiệu lực\n1. Có hiệu lực từ ngày ký.\n"
                        "2. Bộ trưởng quy định danh mục hồ sơ điện tử bắt buộc.")
    items = amending_articles(compare(old, new))
    heads = [i.split("\n")[0] for i in items]
    assert heads == ["Sửa đổi tên Mục 1 như sau:",
                     "Bổ sung khoản 1a vào sau khoản 1 Điều 2 như sau:",
                     "Bổ sung các điểm d1, d2 vào sau điểm d khoản 1 Điều 5 như sau:",
                     "Sửa đổi tên Điều 8 như sau:",
                     "Bổ sung Điều 11a vào sau Điều 11 như sau:",
                     "Sửa đổi, bổ sung khoản 2 Điều 12 như sau:"]
    assert items[3] == "Sửa đổi tên Điều 8 như sau:\n“Điều 8. Tên mới hoàn toàn khác”."
    assert "“d1) Điểm bổ sung thứ nhất về chữ ký số.\nd2) Điểm bổ sung thứ hai" in items[2]
    assert "“Điều 11a. Lưu trữ điện tử\n1. Lưu trữ trên Hệ thống.”." in items[4]
