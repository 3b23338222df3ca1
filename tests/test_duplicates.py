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


def _reference_duplicates(comments):
    """The previous quadratic rule for duplicate_of, kept here as the specification."""
    from consultkit.comments.duplicates import _CHANNEL_RANK, _date_key, _file_of, _unit_key
    from consultkit.text import fold

    rows = comments.to_dict("records")
    order = sorted(range(len(rows)), key=lambda i: (_date_key(rows[i]["received"]),
                                                   _CHANNEL_RANK.get(rows[i]["channel"], 1), i))
    first, out = {}, [""] * len(rows)
    for i in order:
        r = rows[i]
        text, number, file = fold(r["text"]), fold(r["letter_number"]), _file_of(r["source"])
        if not text:
            continue
        candidates = first.setdefault((_unit_key(r["unit_id"], r["unit_raw"]), text), [])
        for j in candidates:
            rj = rows[j]
            nj = fold(rj["letter_number"])
            if _file_of(rj["source"]) != file and (not number or not nj or number == nj):
                out[i] = rj["comment_id"]
                break
        else:
            candidates.append(i)
    return out


@given(st.lists(st.tuples(st.sampled_from(["BV E", "BV K"]), st.sampled_from([TEXT, TEXT + "!", "Khác."]),
                          st.sampled_from(["a.docx", "b.eml", "c.xlsx", "d.pdf"]),
                          st.sampled_from(["", "", "1/BVK", "2/BVK"]),
                          st.sampled_from([None, dt.date(2021, 6, 10), dt.date(2021, 6, 11)]),
                          st.sampled_from(["post", "email", "sheet"])), max_size=25))
def test_first_copy_is_found_as_the_quadratic_rule_found_it(rows):
    comments = frame([{"comment_id": f"c-{i}", "unit_raw": u, "text": t, "source": f"{s}#p{i}",
                       "letter_number": n, "received": d, "channel": c}
                      for i, (u, t, s, n, d, c) in enumerate(rows)])
    assert mark_duplicates(comments)["duplicate_of"].tolist() == _reference_duplicates(comments)


def test_lsh_blocking_finds_the_groups_all_pairs_finds():
    """On generated comments (near copies with a word changed), LSH = all pairs."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bench_duplicates import _groups, comments

    sample = comments(3000, seed=7)
    lsh, exact = mark_duplicates(sample, method="lsh"), mark_duplicates(sample, method="exact")
    assert _groups(lsh) == _groups(exact)
    assert (lsh["group_id"] != "").sum() > 500 and (lsh["duplicate_of"] != "").sum() > 400


def test_many_identical_rows_of_one_file_are_no_duplicates():
    rows = [{"comment_id": f"c-{i}", "unit_raw": "BV K", "text": TEXT, "source": f"log.xlsx#R{i}"}
            for i in range(3000)]
    rows.append({"comment_id": "c-mail", "unit_raw": "BV K", "text": TEXT, "source": "m.eml#body.l1"})
    out = mark_duplicates(frame(rows))
    assert out["duplicate_of"].tolist() == [""] * 3000 + ["c-0"]
