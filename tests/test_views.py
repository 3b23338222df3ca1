"""Notebook views, driven without a browser: set values, click buttons, check state and HTML."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from consultkit import schema

XSS = "<img src=x onerror=alert(1)>"


def clause_frame(texts: dict[str, str]):
    return schema.conform([
        dict(clause_id=cid, parent_id=cid.rsplit(".", 1)[0] if "." in cid else "", kind="point",
             number=cid.rsplit(".", 1)[-1] + ")", heading="", text=text, order=i, level=cid.count("."),
             location=f"p{i}", cells=None)
        for i, (cid, text) in enumerate(texts.items())], schema.CLAUSES)


def comment_row(cid, unit_raw, text, clause_ids=(), unit_id="", stance="substantive",
                received=dt.date(2021, 6, 10)):
    return dict(comment_id=cid, unit_raw=unit_raw, unit_id=unit_id, match_score=100.0,
                match_method="exact" if unit_id else "none", received=received,
                letter_number="12/SYT-NVY", channel="email", text=text, refs_raw="",
                clause_ids=tuple(clause_ids), clause_suggestions=(), stance=stance,
                duplicate_of="", group_id="", source="inline")


def visible_text(markup: str) -> str:
    """What a browser shows of ``markup``: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "", markup, flags=re.S))


# --- ClauseDiffViewer --------------------------------------------------------------------

@pytest.fixture
def versions():
    head = {"IV": "Tiêu chí kỹ thuật của hệ thống RIS-PACS"}
    v1 = clause_frame({**head, "IV.1": "Lưu trữ hình ảnh tối thiểu 5 năm.",
                       "IV.2": "Máy chủ có bộ nhớ 16 GB.",
                       "IV.3": "Phần mềm phải chạy trên Windows XP trở lên."})
    v2 = clause_frame({**head, "IV.1": "Lưu trữ hình ảnh tối thiểu 5 năm.",
                       "IV.2": "Máy chủ có bộ nhớ 32 GB và ổ SSD.",
                       "IV.4": f"Mã hóa dữ liệu khi truyền qua mạng {XSS}."})
    v3 = clause_frame({**head, "IV.1": "Lưu trữ hình ảnh tối thiểu 10 năm.",
                       "IV.2": "Máy chủ có bộ nhớ 32 GB và ổ SSD.",
                       "IV.4": f"Mã hóa dữ liệu khi truyền qua mạng {XSS}."})
    return {"hien-hanh": v1, "du-thao-1": v2, "du-thao-2": v3}


@pytest.fixture
def viewer(versions):
    from consultkit.views import ClauseDiffViewer

    comments = schema.conform([
        comment_row("c1", "Sở Y tế <b>Hà Nội</b>", XSS, ["IV.2"]),
        comment_row("c2", "Bệnh viện Bạch Mai", "Đề nghị giữ 16 GB.", ["IV.2", "IV.1"]),
        comment_row("c3", "Sở Y tế Huế", "Nhất trí.", [], stance="agree"),
    ], schema.COMMENTS)
    return ClauseDiffViewer(versions, comments, old="hien-hanh", new="du-thao-1")


def test_diff_viewer_lists_changed_clauses_and_shows_first(viewer):
    assert [label for label, _ in viewer.clauses.options] == [
        "IV.2 · Sửa đổi", "IV.3 · Bãi bỏ", "IV.4 · Bổ sung"]
    shown = visible_text(viewer.diff.value)
    assert "16" in shown and "32" in shown and "SSD" in shown
    assert re.search(r"<del>16\s*</del>|<del>16 GB", viewer.diff.value)
    # the comments citing IV.2 are beside it, escaped
    assert visible_text(viewer.comments.value).count("Đề nghị giữ 16 GB.") == 1
    assert XSS not in viewer.comments.value and html.escape(XSS) in viewer.comments.value
    assert "<b>Hà Nội</b>" not in viewer.comments.value


def test_diff_viewer_next_previous_and_bounds(viewer):
    viewer.next_button.click()
    assert "IV.3" in visible_text(viewer.diff.value).split("·")[0]
    assert "Chưa có ý kiến" in viewer.comments.value
    viewer.next_button.click()
    viewer.next_button.click()                     # stays on the last one
    assert visible_text(viewer.diff.value).startswith("— → IV.4 (tiểu mục 4 mục IV)")
    assert XSS not in viewer.diff.value and html.escape(XSS) in viewer.diff.value
    for _ in range(5):
        viewer.prev_button.click()
    assert viewer.clauses.value == viewer.clauses.options[0][1]
    assert all(b.tooltip for b in (viewer.prev_button, viewer.next_button))


def test_diff_viewer_filters_by_kind_and_search(viewer):
    viewer.kind.value = "added"
    assert [label for label, _ in viewer.clauses.options] == ["IV.4 · Bổ sung"]
    viewer.kind.value = "__all__"
    assert len(viewer.clauses.options) == 5       # unchanged IV and IV.1 included
    viewer.search.value = "ssd"                    # folded: case-insensitive
    assert [label for label, _ in viewer.clauses.options] == ["IV.2 · Sửa đổi"]
    viewer.search.value = "phan mem"               # without diacritics
    assert [label for label, _ in viewer.clauses.options] == ["IV.3 · Bãi bỏ"]
    viewer.search.value = "không có từ này"
    assert viewer.clauses.options == () and "Không có điều khoản" in viewer.diff.value


def test_diff_viewer_side_by_side(viewer):
    viewer.layout_toggle.value = "side"
    cells = re.findall(r'<td style="width:50%">(.*?)</td>', viewer.diff.value)
    assert len(cells) == 2
    assert "16" in cells[0] and "32" not in cells[0]
    assert "32" in cells[1] and "16" not in cells[1]


def test_diff_viewer_switches_versions_and_caches(viewer, monkeypatch):
    first = viewer.comparison()
    viewer.old.value, viewer.new.value = "du-thao-1", "du-thao-2"
    assert [label for label, _ in viewer.clauses.options] == ["IV.1 · Sửa đổi"]
    assert "10" in visible_text(viewer.diff.value)
    viewer.old.value = "hien-hanh"
    viewer.new.value = "du-thao-1"
    assert viewer.comparison() is first            # served from the cache
    viewer.new.value = "hien-hanh"                 # same version twice
    assert "hai phiên bản khác nhau" in viewer.status.value and viewer.clauses.options == ()


def test_diff_viewer_needs_two_versions(versions):
    from consultkit.views import ClauseDiffViewer

    with pytest.raises(ValueError):
        ClauseDiffViewer({"hien-hanh": versions["hien-hanh"]})


# --- CommentTriage -----------------------------------------------------------------------

@pytest.fixture
def register(tmp_path):
    from consultkit.register import Register

    reg = Register(tmp_path / "register.sqlite")
    reg.add_comments(schema.conform([
        comment_row("c1", "Sở Y tế Hà Nội", f"Đề nghị bổ sung {XSS} vào mục này.", ["IV.2"],
                    unit_id="so-y-te-ha-noi"),
        comment_row("c2", "Bệnh viện Bạch Mai", "Nhất trí với dự thảo.", [], unit_id="bv-bach-mai",
                    stance="agree"),
        comment_row("c3", "Sở Y tế Hà Nội", "Đề nghị giảm thời hạn lưu trữ.", ["IV.1", "IV.2"],
                    unit_id="so-y-te-ha-noi"),
    ], schema.COMMENTS))
    return reg


@pytest.fixture
def triage(register):
    from consultkit.views import CommentTriage

    clauses = clause_frame({"IV.1": "Lưu trữ hình ảnh tối thiểu 5 năm.",
                            "IV.2": "Máy chủ có bộ nhớ <16 GB>."})
    return CommentTriage(register, clauses=clauses, who="Nguyễn Văn A")


def test_triage_filters(triage):
    assert len(triage.list.options) == 3
    triage.clause.value = "IV.2"
    assert [cid for _, cid in triage.list.options] == ["c1", "c3"]
    triage.stance.value = "substantive"
    triage.unit.value = "so-y-te-ha-noi"
    assert [cid for _, cid in triage.list.options] == ["c1", "c3"]
    triage.clause.value = "__none__"
    assert triage.list.options == () and "Không có ý kiến" in triage.detail.value
    triage.clause.value = "__any__"
    triage.unit.value = "bv-bach-mai"
    triage.stance.value = "__any__"
    assert [cid for _, cid in triage.list.options] == ["c2"]
    triage.status_filter.value = "accepted"
    assert triage.list.options == ()


def test_triage_escapes_comment_and_clause_text(triage):
    triage.list.value = "c1"
    assert XSS not in triage.detail.value
    assert html.escape(XSS) in triage.detail.value
    assert XSS in visible_text(triage.detail.value)                # shown as text
    assert "Máy chủ có bộ nhớ <16 GB>." in visible_text(triage.detail.value)
    assert "<16 GB>" not in triage.detail.value


def test_triage_save_writes_register_and_audit(triage, register):
    triage.list.value = "c3"
    triage.status.value = "partly_accepted"
    triage.response.value = "Tiếp thu, giữ thời hạn 10 năm đối với ảnh <DICOM>."
    triage.save_button.click()
    saved = register.disposition("c3")
    assert saved["status"] == "partly_accepted" and saved["response"].endswith("<DICOM>.")
    assert saved["updated_by"] == "Nguyễn Văn A" and saved["version"] == 1
    audit = register.audit("c3")
    assert set(audit["field"]) == {"status", "response"} and set(audit["who"]) == {"Nguyễn Văn A"}
    assert "Đã lưu" in triage.message.value and "Tiếp thu một phần" in triage.message.value
    # the list shows the new status, the editor the saved values, and filters see it
    assert triage.list.value == "c3"
    assert triage.response.value.endswith("<DICOM>.")
    triage.status_filter.value = "partly_accepted"
    assert [cid for _, cid in triage.list.options] == ["c3"]
    # a second edit from the same view is not stale
    triage.response.value = "Tiếp thu."
    triage.save_button.click()
    assert register.disposition("c3")["version"] == 2 and "Đã lưu" in triage.message.value


def test_triage_stale_edit_keeps_text_and_explains(triage, register):
    triage.list.value = "c1"
    register.set_disposition("c1", status="explained", response="Giải trình: đã có quy định.",
                             who="Trần Thị B", expected_version=0)          # someone else, first
    triage.status.value = "accepted"
    triage.response.value = "Tiếp thu toàn bộ."
    triage.save_button.click()
    assert register.disposition("c1")["response"] == "Giải trình: đã có quy định."   # not overwritten
    shown = visible_text(triage.message.value)
    assert "Chưa lưu" in shown and "Trần Thị B" in shown and "Giải trình: đã có quy định." in shown
    assert triage.response.value == "Tiếp thu toàn bộ." and triage.status.value == "accepted"
    triage.save_button.click()                                                 # deliberate overwrite
    assert register.disposition("c1")["response"] == "Tiếp thu toàn bộ."
    assert list(register.audit("c1")["who"]) == ["Trần Thị B", "Trần Thị B", "Nguyễn Văn A", "Nguyễn Văn A"]


def test_triage_refuses_save_without_name(triage, register):
    triage.list.value = "c2"
    triage.who.value = " "
    triage.status.value = "accepted"
    triage.save_button.click()
    assert register.disposition("c2")["version"] == 0 and "tên người xử lý" in triage.message.value


# --- ResponseTracker ---------------------------------------------------------------------

@pytest.fixture
def small_consultation(tmp_path):
    """A workspace of four units (one named with markup) and a register with two replies."""
    from consultkit.register import Register
    from consultkit.workspace import open_consultation

    ws = tmp_path / "small"
    ws.mkdir()
    (ws / "consultation.toml").write_text(
        'title = "Thử"\ndeadline = 2021-06-18\n[roster]\nsource = "roster.csv"\n', encoding="utf-8")
    (ws / "roster.csv").write_text(
        "Nhóm,Tên nhóm,STT,Tên đơn vị,unit_id\n"
        "I,Sở Y tế,1,Sở Y tế Hà Nội,syt-ha-noi\n"
        "I,Sở Y tế,2,Sở Y tế Huế,syt-hue\n"
        f'II,Bệnh viện,1,"Bệnh viện {XSS}",bv-x\n'
        "II,Bệnh viện,2,Bệnh viện Bạch Mai,bv-bach-mai\n", encoding="utf-8")
    Register(ws / "register.sqlite").add_comments(schema.conform([
        comment_row("r1", "Sở Y tế Hà Nội", "Nhất trí.", unit_id="syt-ha-noi", stance="agree",
                    received=dt.date(2021, 6, 15)),
        comment_row("r2", "Bệnh viện Bạch Mai", "Đề nghị sửa mục 2.", ["IV.2"], unit_id="bv-bach-mai",
                    received=dt.date(2021, 6, 25)),
    ], schema.COMMENTS))
    return open_consultation(ws)


def test_tracker_lists_units_with_states(small_consultation):
    from consultkit.views import ResponseTracker

    t = ResponseTracker(small_consultation, today=dt.date(2021, 7, 1))
    rows = re.findall(r"<tr><td>.*?</tr>", t.table.value)
    assert len(rows) == 4
    text = visible_text(t.table.value)
    assert "Sở Y tế Hà NộiIĐã trả lời đúng hạn15/06/2021" in text
    assert "Bệnh viện Bạch MaiIITrả lời muộn25/06/2021" in text
    assert "Sở Y tế HuếIChưa trả lời" in text
    summary = visible_text(t.summary.value)
    assert "4 đơn vị được xin ý kiến" in summary and "2 đã trả lời (1 muộn)" in summary
    assert "2 cần đôn đốc" in summary and "18/06/2021" in summary
    assert XSS not in t.table.value and f"Bệnh viện {XSS}" in text      # escaped, shown as text


def test_tracker_filters_and_refresh(small_consultation):
    from consultkit.views import ResponseTracker

    t = ResponseTracker(small_consultation, today=dt.date(2021, 7, 1))
    t.state.value = "reminder"
    assert len(re.findall(r"<tr><td>", t.table.value)) == 2
    t.group.value = "II"
    assert len(re.findall(r"<tr><td>", t.table.value)) == 1 and "bv-x" not in t.table.value
    t.state.value = "late"
    assert "Bạch Mai" in t.table.value and len(re.findall(r"<tr><td>", t.table.value)) == 1
    # a reply arrives in the register; "Cập nhật" recomputes and keeps the filters
    small_consultation.register.add_comments(schema.conform([
        comment_row("r3", "Sở Y tế Huế", "Không có ý kiến.", unit_id="syt-hue", stance="agree",
                    received=dt.date(2021, 6, 30))], schema.COMMENTS))
    t.group.value = "I"
    t.refresh_button.click()
    assert t.group.value == "I" and t.state.value == "late"
    assert "Sở Y tế Huế" in t.table.value and "Hà Nội" not in t.table.value


def test_tracker_on_the_bundled_workspace(workspace):
    from consultkit.views import ResponseTracker
    from consultkit.workspace import open_consultation

    c = open_consultation(workspace)
    t = ResponseTracker(c, today=dt.date(2021, 7, 1))
    units = int((~c.roster["placeholder"]).sum())
    assert f"{units} đơn vị được xin ý kiến" in visible_text(t.summary.value)
    groups = [v for _, v in t.group.options][1:]
    # two annex groups share the number "IV": the filter keeps them apart
    assert groups == ["I", "II", "III", "IV", "IV~2"]
    t.group.value = "IV~2"
    assert set(t.visible()["group_title"]) == {"Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế"}
    assert len(t.visible()) == 43


def test_tracker_reminders_button_writes_letters(workspace):
    import docx

    from consultkit.views import ResponseTracker
    from consultkit.workspace import open_consultation

    c = open_consultation(workspace)
    t = ResponseTracker(c, today=dt.date(2021, 7, 1))
    t.new_deadline.value = dt.date(2021, 7, 9)
    t.merged.value = True
    t.write_button.click()
    written = sorted((workspace / "exports" / "cong-van-don-doc").iterdir())
    letters = [p for p in written if p.suffix == ".docx"]
    assert len(letters) == 1 and "Đã viết" in t.files.value and letters[0].name in t.files.value
    text = "\n".join(p.text for p in docx.Document(letters[0]).paragraphs)
    pending = c.responses(today=dt.date(2021, 7, 1)).query("needs_reminder")
    from consultkit.writers.labels import unit_label  # names printed with consistent tone marks

    assert all(unit_label(name) in text for name in pending["name"])
    assert "trước ngày 09 tháng 7 năm 2021" in text


def test_tracker_reminders_error_is_shown(small_consultation):
    from consultkit.views import ResponseTracker

    t = ResponseTracker(small_consultation, today=dt.date(2021, 7, 1))
    t.write_button.click()                          # this workspace has no dispatch
    assert "Chưa viết được công văn" in t.files.value and "dispatch" in t.files.value


# --- escaping, for any text ------------------------------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
_ALLOWED_TAGS = {"div", "b", "ul", "li", "br"}


@given(unit=_ANY_TEXT, text=_ANY_TEXT)
def test_comment_html_shows_any_text_as_text(unit, text):
    from consultkit.views.diff_viewer import ClauseDiffViewer

    viewer = ClauseDiffViewer.__new__(ClauseDiffViewer)     # only the renderer is exercised
    viewer._by_clause = {"IV.2": [dict(comment_id="x", unit_raw=unit, unit_id="", text=text)]}
    markup = viewer._comments_html({"IV.2"})
    tags = {m.lower() for m in re.findall(r"</?\s*([A-Za-z][\w-]*)", markup)}
    assert tags <= _ALLOWED_TAGS
    shown = visible_text(markup.replace("<br>", "\n"))
    assert unit in shown and text in shown


def test_triage_filter_options_are_ordered_and_unique(tmp_path):
    from consultkit.register import Register
    from consultkit.views import CommentTriage

    reg = Register(tmp_path / "r.sqlite")
    reg.add_comments(schema.conform([
        comment_row("a", "SYT Hà Nội", "Ý kiến thứ nhất.", ["IV.10"], unit_id="syt-ha-noi"),
        comment_row("b", "Sở Y tế Hà Nội", "Ý kiến thứ hai.", ["IV.2"], unit_id="syt-ha-noi"),
        comment_row("c", "Bệnh viện Bạch Mai", "Ý kiến thứ ba.", ["IV.9"], unit_id="bv-bach-mai"),
    ], schema.COMMENTS))
    t = CommentTriage(reg, who="A")
    assert [v for _, v in t.clause.options] == ["__any__", "IV.2", "IV.9", "IV.10", "__none__"]
    assert [v for _, v in t.unit.options] == ["__any__", "bv-bach-mai", "syt-ha-noi"]
    t.unit.value = "syt-ha-noi"
    assert [cid for _, cid in t.list.options] == ["a", "b"]


def test_triage_on_the_ingested_bundled_inbox(workspace):
    from consultkit.views import CommentTriage
    from consultkit.workspace import open_consultation

    c = open_consultation(workspace)
    c.ingest()
    comments = c.comments
    t = CommentTriage(c.register, clauses=c.versions[c.version_names[-1]], who="Chuyên viên")
    assert len(t.list.options) == len(comments)
    cited = [v for _, v in t.clause.options if v not in ("__any__", "__none__")]
    assert cited and set(cited) == {cid for ids in comments["clause_ids"] for cid in ids}
    t.clause.value = cited[0]
    t.stance.value = "substantive"
    chosen = t.list.options[0][1]
    t.list.value = chosen
    t.status.value = "explained"
    t.response.value = "Giữ như dự thảo vì đã phù hợp với quy định hiện hành."
    t.save_button.click()
    row = c.comments.set_index("comment_id").loc[chosen]
    assert row["status"] == "explained" and row["updated_by"] == "Chuyên viên"
    assert len(c.register.audit(chosen)) == 2


def test_triage_shows_how_a_comment_was_read(workspace):
    """The bundled scans and returned draft: OCR confidence, doubtful words marked, the page
    image, the corrections; a proposed change as a diff against the draft."""
    from consultkit import schema
    from consultkit.views import CommentTriage
    from consultkit.workspace import open_consultation

    c = open_consultation(workspace)
    c.ingest([workspace / "inbox" / "ban-quet-so-y-te-quang-ninh.pdf",
              workspace / "inbox" / "du-thao-gop-y-so-y-te-khanh-hoa.docx"])
    c.register.add_comments(schema.conform([{**comment_row(
        "ocr-1", "SỞ Y TẾ TỈNH QUẢNG NINH", "Đề nghị sửa thòi gian <b>lưu</b> trữ.", ["IV.2.2.a"]),
        "source_kind": "ocr", "confidence": 71.5, "doubtful": ("thòi",),
        "notes": "đã sửa số hiệu điều khoản: “mục 2.l” → “mục 2.1”",
        "source": "inbox/ban-quet-so-y-te-quang-ninh.pdf#page1"}], schema.COMMENTS))
    t = CommentTriage(c.register, clauses=c.versions["du-thao-2"], who="Chuyên viên")
    t.list.value = "ocr-1"
    html_ = t.detail.value
    assert "độ tin cậy 72%" in html_ and '<mark title="cần kiểm tra">thòi</mark>' in html_
    assert "&lt;b&gt;lưu" in html_ and "<b>lưu" not in html_                # escaped
    assert "Xem trang quét" in html_ and "data:image/png;base64," in html_
    assert "“mục 2.l” → “mục 2.1”" in html_
    comments = c.comments
    scanned = comments[comments["source_kind"] == "ocr"]
    assert len(scanned) >= 2 and scanned["confidence"].between(0, 100).all()
    change = comments[(comments["proposed"] != "") & comments["text"].str.startswith("Đề xuất sửa")]
    t.list.value = change[change["clause_ids"].map(lambda ids: ids[0]) == "IV.6.1.2"].iloc[0][
        "comment_id"]
    assert "<del>hằng năm</del>" in t.detail.value.replace("<del>hằng </del>", "<del>hằng ")
    assert "<ins>sáu tháng một lần</ins>" in t.detail.value


def test_triage_shows_how_the_comment_was_read(register, triage):
    triage.list.value = "c1"
    shown = visible_text(triage.detail.value)
    assert "Cách đọc ý kiến này" in shown
    assert "Vị trí trong văn bản" in shown and "Loại ý kiến" in shown
    assert "Cơ quan gửi" in shown
