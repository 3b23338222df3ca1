"""consultkit.readers.annex: whatever the annex says, the reader gives back as written."""

from __future__ import annotations

import io

from hypothesis import given, strategies as st

from consultkit.readers.dispatch import load_dispatch
from consultkit.readers.roster import load_roster

WORDS = ["Bệnh", "viện", "Sở", "Y", "tế", "Hà", "Nội", "Trung", "ương", "–", "Việt", "Đức", "K",
         "E", "Hòa", "Hoà", "Thanh", "Hoá", "Viện", "Cục", "Vụ", "y", "Dược", "HIV/AIDS", "(CNTT)",
         "Răng", "Hàm", "Mặt", "Quy", "Nhơn", "71", "số", "2", "các", "tỉnh"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join).filter(
    lambda n: n[0].isalpha() and n[0].isupper())
entries = st.lists(st.tuples(st.integers(1, 999).map(str), names), max_size=6)
groups = st.lists(st.tuples(st.sampled_from(ROMAN), names, entries, st.booleans(), st.booleans()),
                  min_size=1, max_size=5)


def render(annex) -> str:
    lines = ["V/v góp ý", "", "Kính gửi: Các đơn vị", "", "Xin gửi trước ngày 18/6/2021.", "",
             "DANH SÁCH CÁC ĐƠN VỊ", "(Kèm theo Công văn số /CNTT ngày tháng năm 2021)", ""]
    for number, title, rows, as_heading, blank_inside in annex:
        lines.append(f"#### {number}. {title}" if as_heading else f"- {number}. {title}")
        if rows:
            lines.append("<b>STT</b>\t<b>Tên đơn vị</b>")
        for k, (seq, name) in enumerate(rows):
            if blank_inside and k == len(rows) // 2:
                lines.append("")
            lines.append(f"{seq}\t{name}")
        lines.append("")
    return "\n".join(lines)


@given(groups)
def test_annex_round_trip_as_written(annex):
    dispatch = load_dispatch(io.BytesIO(render(annex).encode("utf-8")))
    got = [(g.number, g.title, list(g.entries)) for g in dispatch.annex]
    assert got == [(number, title, rows) for number, title, rows, _, _ in annex]
    roster = load_roster(dispatch)
    assert roster["unit_id"].is_unique
    listed = roster[roster["seq"].notna()]
    written = [(n, t, int(s), name) for n, t, rows, _, _ in annex for s, name in rows]
    from_roster = [(r.group, r.group_title, int(r.seq), r.name) for r in listed.itertuples()]
    assert from_roster == written


def test_sequence_column_headers_and_address_columns():
    text = ("V/v góp ý\n\nKính gửi: Các đơn vị\n\nXin gửi trước ngày 18/6/2021.\n\nDANH SÁCH\n\n"
            "I. Các bệnh viện\nTT\tĐịa chỉ\tTên đơn vị\n1\tHà Nội\tBệnh viện E\n2\tHuế\tBệnh viện Trung ương Huế\n"
            "II - Các Sở Y tế\n- Sở Y tế tỉnh Nghệ An;\n- Sở Y tế tỉnh Lào Cai.\n")
    d = load_dispatch(io.BytesIO(text.encode()))
    assert [(g.number, g.title, g.entries) for g in d.annex] == [
        ("I", "Các bệnh viện", (("1", "Bệnh viện E"), ("2", "Bệnh viện Trung ương Huế"))),
        ("II", "Các Sở Y tế", (("", "Sở Y tế tỉnh Nghệ An"), ("", "Sở Y tế tỉnh Lào Cai")))]
    assert d.annex_issues == ()
    roster = load_roster(d)
    assert list(roster["name"])[-2:] == ["Sở Y tế tỉnh Nghệ An", "Sở Y tế tỉnh Lào Cai"]
    assert roster["unit_id"].is_unique


def test_annex_title_in_sentence_case():
    text = ("V/v góp ý\n\nKính gửi: Các đơn vị\n\nDanh sách các đơn vị gửi kèm theo công văn này.\n\n"
            "Xin gửi trước ngày 18/6/2021.\n\nCỤC TRƯỞNG\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
            "Nguyễn Văn A\n\nDanh sách các đơn vị nhận công văn\n(Kèm theo Công văn số 1/BYT-KCB)\n\n"
            "I. Các bệnh viện\n1. Bệnh viện E\n")
    d = load_dispatch(io.BytesIO(text.encode()))
    assert d.body[0] == "Danh sách các đơn vị gửi kèm theo công văn này."   # a sentence, not the annex
    assert d.annex_title == "Danh sách các đơn vị nhận công văn"
    assert [(g.number, g.entries) for g in d.annex] == [("I", (("1", "Bệnh viện E"),))]
    assert d.signer_name == "Nguyễn Văn A"


def test_a_further_annex_that_is_a_form_does_not_become_units():
    text = ("V/v góp ý\n\nKính gửi: Các đơn vị\n\nXin gửi trước ngày 18/6/2021.\n\nCỤC TRƯỞNG\n\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nNguyễn Văn A\n\n"
            "PHỤ LỤC I\nDANH SÁCH CÁC ĐƠN VỊ\n(Kèm theo Công văn số 1/BYT-KCB)\n\n"
            "I. Các bệnh viện\n1. Bệnh viện E\n\n"
            "PHỤ LỤC II\nDANH SÁCH CÁC SỞ Y TẾ\n(Kèm theo Công văn số 1/BYT-KCB)\n\n"
            "II. Các Sở Y tế\n1. Sở Y tế tỉnh Nghệ An\n\n"
            "PHỤ LỤC III\nMẪU TỔNG HỢP Ý KIẾN GÓP Ý\n(Kèm theo Công văn số 1/BYT-KCB)\n\n"
            "STT\tĐiều khoản\tNội dung góp ý\n1\tĐiều 1\tý kiến\n2\tĐiều 2\tý kiến\n")
    d = load_dispatch(io.BytesIO(text.encode()))
    assert [(g.number, g.entries) for g in d.annex] == [
        ("I", (("1", "Bệnh viện E"),)), ("II", (("1", "Sở Y tế tỉnh Nghệ An"),))]
    assert len(d.annex_issues) == 1 and "PHỤ LỤC III" in d.annex_issues[0]
    assert len(load_roster(d)) == 2


def test_an_annex_that_is_only_a_form_gives_no_units():
    text = ("V/v góp ý\n\nKính gửi: Bộ Tài chính; Bộ Tư pháp\n\nXin gửi trước ngày 18/6/2021.\n\n"
            "CỤC TRƯỞNG\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nNguyễn Văn A\n\n"
            "PHỤ LỤC\nMẪU TỔNG HỢP Ý KIẾN GÓP Ý\n\nSTT\tĐiều khoản\tNội dung góp ý\n1\tĐiều 1\tý kiến\n")
    d = load_dispatch(io.BytesIO(text.encode()))
    assert d.annex == () and d.annex_title == "PHỤ LỤC MẪU TỔNG HỢP Ý KIẾN GÓP Ý"
    assert list(load_roster(d)["name"]) == ["Bộ Tài chính", "Bộ Tư pháp"]   # from Kính gửi
