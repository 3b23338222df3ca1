"""Response tracking: who replied, who is late, who to remind."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from consultkit import schema
from consultkit.tracking import responses, summary, unmatched_replies

DEADLINE = dt.date(2021, 6, 18)


def roster() -> pd.DataFrame:
    rows = [
        ("bhxh", "I", "Bảo hiểm xã hội Việt Nam", "Bảo hiểm xã hội Việt Nam", "social_security", False),
        ("y-te-bo-nganh", "II", "Y tế các Bộ, Ngành", "Y tế các Bộ, Ngành", "ministry_health_agency", True),
        ("syt-ha-noi", "III", "Sở Y tế các tỉnh/thành phố trực thuộc Trung ương",
         "Sở Y tế thành phố Hà Nội", "provincial_health_department", False),
        ("syt-nghe-an", "III", "Sở Y tế các tỉnh/thành phố trực thuộc Trung ương",
         "Sở Y tế tỉnh Nghệ An", "provincial_health_department", False),
        ("syt-ha-nam", "III", "Sở Y tế các tỉnh/thành phố trực thuộc Trung ương",
         "Sở Y tế tỉnh Hà Nam", "provincial_health_department", False),
        ("bv-bach-mai", "IV", "Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế",
         "Bệnh viện Bạch Mai", "ministry_hospital", False),
    ]
    return schema.conform([dict(unit_id=u, group=g, group_title=t, seq=None, name=n, kind=k,
                                province_code="", placeholder=p, source="test")
                           for u, g, t, n, k, p in rows], schema.ROSTER)


def comment(cid, unit_id, received, stance="agree", unit_raw=None, duplicate_of=""):
    return dict(comment_id=cid, unit_raw=unit_raw or unit_id, unit_id=unit_id, match_score=100.0,
                match_method="exact" if unit_id else "none", received=received, letter_number="",
                channel="post", text="Nhất trí", refs_raw="", clause_ids=(), clause_suggestions=(),
                stance=stance, duplicate_of=duplicate_of, group_id="", source=f"x#{cid}")


def comments(rows) -> pd.DataFrame:
    return schema.conform(rows, schema.COMMENTS) if rows else schema.empty(schema.COMMENTS)


SAMPLE = [
    comment("1", "syt-ha-noi", dt.date(2021, 6, 10), "substantive"),
    comment("2", "syt-ha-noi", dt.date(2021, 6, 12), "agree"),
    comment("3", "syt-nghe-an", dt.date(2021, 6, 25), "agree"),
    comment("4", "syt-nghe-an", dt.date(2021, 6, 26), "agree", duplicate_of="3"),
    comment("5", "bv-bach-mai", None, "general"),
    comment("6", "", dt.date(2021, 6, 15), unit_raw="Cục Y tế Bộ Công an"),
    comment("7", "", dt.date(2021, 6, 16), unit_raw="Sở Giáo dục Hà Nội"),
]


def test_responses_one_row_per_unit():
    out = responses(roster(), comments(SAMPLE), DEADLINE).set_index("unit_id")
    assert list(out.reset_index().columns[:len(schema.RESPONSES)]) == list(schema.RESPONSES)
    assert len(out) == 6
    hn = out.loc["syt-ha-noi"]
    assert (hn.replied, hn.first_reply, hn.last_reply, hn.late, hn.n_comments, hn.stance) == \
        (True, dt.date(2021, 6, 10), dt.date(2021, 6, 12), False, 2, "substantive")
    na = out.loc["syt-nghe-an"]
    assert (na.late, na.n_comments, na.last_reply, na.stance) == \
        (True, 1, dt.date(2021, 6, 25), "agree")                 # the duplicate is not counted
    bm = out.loc["bv-bach-mai"]
    assert (bm.replied, bm.first_reply, bm.late, bm.stance) == (True, None, False, "substantive")
    assert out.loc["syt-ha-nam", "needs_reminder"] and out.loc["bhxh", "needs_reminder"]
    assert out.loc["syt-ha-nam", "stance"] == "none"
    ph = out.loc["y-te-bo-nganh"]                               # a ministry's health agency
    assert ph.replied and ph.n_comments == 1 and not ph.needs_reminder and ph.placeholder
    assert out["needs_reminder"].sum() == 2


def test_placeholder_without_reply_is_not_reminded():
    out = responses(roster(), comments([]), DEADLINE).set_index("unit_id")
    assert not out.loc["y-te-bo-nganh", "needs_reminder"]
    assert out["needs_reminder"].sum() == 5 and not out["replied"].any()


def test_today_reads_the_situation_as_of_that_day():
    out = responses(roster(), comments(SAMPLE), DEADLINE, today=dt.date(2021, 6, 11))
    out = out.set_index("unit_id")
    assert out.loc["syt-ha-noi", "n_comments"] == 1
    assert not out.loc["syt-nghe-an", "replied"]


def test_unmatched_replies_stay_visible():
    un = unmatched_replies(comments(SAMPLE), roster()).set_index("unit_raw")
    assert set(un.index) == {"Cục Y tế Bộ Công an", "Sở Giáo dục Hà Nội"}
    assert un.loc["Cục Y tế Bộ Công an", "attributed_to"] == "y-te-bo-nganh"
    assert un.loc["Sở Giáo dục Hà Nội", "attributed_to"] == ""
    assert unmatched_replies(comments(SAMPLE[:2])).empty


def test_summary_per_group_in_roster_order():
    s = summary(responses(roster(), comments(SAMPLE), DEADLINE))
    assert s["group"].tolist() == ["I", "II", "III", "IV"]
    iii = s.set_index("group").loc["III"]
    assert iii.group_title == "Sở Y tế các tỉnh/thành phố trực thuộc Trung ương"
    assert (iii.consulted, iii.replied, iii.late, iii.to_remind) == (3, 2, 1, 1)
    assert s.set_index("group").loc["II", "placeholder"]


@given(st.lists(st.tuples(st.sampled_from(["bhxh", "syt-ha-noi", "syt-nghe-an", "bv-bach-mai", ""]),
                          st.one_of(st.none(), st.dates(dt.date(2021, 5, 1), dt.date(2021, 8, 1))),
                          st.sampled_from(["agree", "substantive", "general"])), max_size=30))
def test_invariants(rows):
    frame = comments([comment(str(i), u, d, s) for i, (u, d, s) in enumerate(rows)])
    out = responses(roster(), frame, DEADLINE)
    assert len(out) == len(roster())
    matched = sum(1 for u, _, _ in rows if u)
    assert out["n_comments"].sum() == matched
    assert (out["replied"] == (out["n_comments"] > 0)).all()
    assert not (out["late"] & ~out["replied"]).any()
    assert not (out["needs_reminder"] & (out["replied"] | out["placeholder"])).any()
    assert ((out["stance"] == "none") == ~out["replied"]).all()
    dated = out.dropna(subset=["first_reply"])
    assert (dated["first_reply"] <= dated["last_reply"]).all()
