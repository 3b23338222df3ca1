"""Duplicate letters (e-mail and post) and near-identical comments from several units."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from consultkit import schema
from consultkit.comments.duplicates import mark_duplicates

TEXT = ("Đề nghị bổ sung yêu cầu kết nối hệ thống RIS-PACS với hệ thống lưu trữ hình ảnh tập trung "
        "theo hướng dẫn của Bộ Y tế.")


def frame(rows):
    base = {"unit_raw": "", "unit_id": "", "match_score": 0.0, "match_method": "none", "received": None,
            "letter_number": "", "channel": "sheet", "text": "", "refs_raw": "", "clause_ids": (),
            "clause_suggestions": (), "stance": "substantive", "duplicate_of": "", "group_id": "",
            "source": ""}
    return schema.conform([{**base, **r} for r in rows], schema.COMMENTS)


def test_same_letter_by_email_and_by_post():
    comments = frame([
        {"comment_id": "c-post", "unit_id": "so-y-te-nghe-an", "unit_raw": "SỞ Y TẾ TỈNH NGHỆ AN",
         "letter_number": "123/SYT-NVY", "received": dt.date(2021, 6, 15), "channel": "post",
         "text": TEXT, "source": "inbox/letter.docx#p5"},
        {"comment_id": "c-mail", "unit_id": "so-y-te-nghe-an", "unit_raw": "SYT Nghệ An",
         "letter_number": "123/SYT-NVY", "received": dt.date(2021, 6, 11), "channel": "email",
         "text": TEXT + " ", "source": "inbox/m.eml#cv.docx#p5"},
    ])
    out = mark_duplicates(comments).set_index("comment_id")
    assert out.loc["c-post", "duplicate_of"] == "c-mail"       # the e-mail came first
    assert out.loc["c-mail", "duplicate_of"] == ""


def test_different_letter_numbers_are_not_duplicates():
    comments = frame([
        {"comment_id": "a", "unit_raw": "BV K", "letter_number": "1/BVK", "text": TEXT, "source": "x.docx#p1"},
        {"comment_id": "b", "unit_raw": "BV K", "letter_number": "2/BVK", "text": TEXT, "source": "y.docx#p1"},
    ])
    assert set(mark_duplicates(comments)["duplicate_of"]) == {""}


def test_repeats_inside_one_file_are_not_duplicates():
    comments = frame([
        {"comment_id": "a", "unit_raw": "BV K", "text": TEXT, "source": "log.xlsx#S!R2"},
        {"comment_id": "b", "unit_raw": "BV K", "text": TEXT, "source": "log.xlsx#S!R3"},
    ])
    assert set(mark_duplicates(comments)["duplicate_of"]) == {""}


def test_near_identical_comments_of_several_units_share_a_group():
    variant = TEXT.replace("Đề nghị", "Kiến nghị").replace(".", ";")
    comments = frame([
        {"comment_id": "c-1", "unit_raw": "BV Bạch Mai", "text": TEXT, "source": "a.docx#p1",
         "received": dt.date(2021, 6, 10)},
        {"comment_id": "c-2", "unit_raw": "BV Chợ Rẫy", "text": variant, "source": "b.docx#p1",
         "received": dt.date(2021, 6, 12)},
        {"comment_id": "c-3", "unit_raw": "BV E", "text": "Đề nghị làm rõ thời hạn lưu trữ hình ảnh tại cơ sở "
                                                         "khám bệnh, chữa bệnh.", "source": "c.docx#p1"},
        {"comment_id": "c-4", "unit_raw": "BV K", "text": "Nhất trí với nội dung dự thảo Thông tư, không có "
                                                         "ý kiến khác.", "stance": "agree", "source": "d.docx"},
        {"comment_id": "c-5", "unit_raw": "BV E", "text": "Nhất trí với nội dung dự thảo Thông tư, không có "
                                                         "ý kiến khác.", "stance": "agree", "source": "e.docx"},
    ])
    out = mark_duplicates(comments).set_index("comment_id")["group_id"]
    assert out["c-1"] == out["c-2"] == "g-1"
    assert out["c-3"] == "" and out["c-4"] == "" and out["c-5"] == ""


def test_same_text_same_unit_twice_in_a_sheet_is_no_group():
    comments = frame([
        {"comment_id": "c-1", "unit_raw": "BV E", "text": TEXT, "source": "a.xlsx#R1"},
        {"comment_id": "c-2", "unit_raw": "Bệnh viện E", "text": TEXT, "source": "a.xlsx#R2"},
    ])
    assert set(mark_duplicates(comments)["group_id"]) == {""}


@given(st.lists(st.tuples(st.sampled_from(["BV E", "BV K", "SYT Huế"]),
                          st.sampled_from([TEXT, TEXT + "!", "Đề nghị khác hẳn về bảo mật dữ liệu hình ảnh y tế."]),
                          st.sampled_from(["a.docx", "b.eml", "c.xlsx"])), max_size=12))
def test_duplicates_point_to_a_first_copy_that_is_not_a_duplicate(rows):
    comments = frame([{"comment_id": f"c-{i}", "unit_raw": u, "text": t, "source": f"{s}#p{i}"}
                      for i, (u, t, s) in enumerate(rows)])
    out = mark_duplicates(comments)
    ids = dict(zip(out["comment_id"], out["duplicate_of"]))
    for cid, first in ids.items():
        if first:
            assert ids[first] == ""
            assert first != cid
    assert len(out) == len(comments)


def test_same_day_the_email_is_the_first_copy():
    comments = frame([
        {"comment_id": "c-post", "unit_raw": "SYT Huế", "letter_number": "9/SYT", "channel": "post",
         "received": dt.date(2021, 6, 10), "text": TEXT, "source": "a.docx#p3"},
        {"comment_id": "c-mail", "unit_raw": "SYT Huế", "letter_number": "9/SYT", "channel": "email",
         "received": dt.date(2021, 6, 10), "text": TEXT, "source": "m.eml#a.docx#p3"},
    ])
    out = mark_duplicates(comments).set_index("comment_id")["duplicate_of"]
    assert out["c-post"] == "c-mail" and out["c-mail"] == ""
