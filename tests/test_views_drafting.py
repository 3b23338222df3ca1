"""The views as a drafter meets them on the bundled consultation: redrafting from the
viewer and the triage view, and what the views show (names, counts, dates, messages).

Driven without a browser (set ``.value``, call ``.click()``); tests/test_lab_browser.py
clicks through the same views in JupyterLab.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from consultkit import compare



def visible(markup: str) -> str:
    return html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "", markup, flags=re.S))


@pytest.fixture
def c(ingested):
    return ingested


def test_triage_names_units_as_the_roster_does_and_cuts_lines_at_words(c):
    from consultkit.views import CommentTriage

    t = CommentTriage(c.register, clauses=c.versions["du-thao-2"], roster=c.roster, who="lan")
    names = set(c.roster["name"])
    labels = [label for label, key in t.unit.options if key != "__any__"]
    raw = set(c.comments["unit_raw"])
    assert labels and all(label in names or label.endswith("(ngoài danh sách)") or
                          label == "(chưa xác định đơn vị)" for label in labels)
    assert "Benh vien K" not in labels and not any(label.isupper() for label in labels)
    assert "Bệnh viện K" in labels
    assert raw - names            # the letterheads really differ from the roster names
    texts = dict(zip(c.comments["comment_id"], c.comments["text"]))
    for label, cid in t.list.options:
        shown = label.split(" — ", 1)[1]
        if shown.endswith(" …"):
            kept = shown[:-2]
            whole = " ".join(texts[cid].split())
            assert whole.startswith(kept) and whole[len(kept)] in " ,;:.–-"   # a whole word
    # nothing selected while the list is full: say so, not "no comment matches"
    t.list.value = None
    assert "Chọn một ý kiến" in visible(t.detail.value)
    t.clause.value = "__none__"
    t.stance.value = next(v for _, v in t.stance.options if v not in ("__any__",))
    t.unit.value = next(v for _, v in t.unit.options if v != "__any__")
    if not t.list.options:
        assert "Không có ý kiến nào khớp bộ lọc" in visible(t.detail.value)


def test_diff_viewer_counts_changes_as_the_chart_does(c):
    from consultkit.views import ClauseDiffViewer
    from consultkit.charts import change_kinds

    v = ClauseDiffViewer(c.versions, c.comments, old="du-thao-1", new="du-thao-2")
    shown = [label for label, _ in v.clauses.options]
    assert not any(label.startswith("Ghi chú") for label in shown)
    fig = change_kinds(v.table, only_changed=True)
    assert v.n_changed() == fig.data[0].values[0]                 # the treemap's root total
    assert f"{v.n_changed()} có thay đổi" in visible(v.status.value)
    assert len(shown) == v.n_changed()


def test_tracker_counts_units_one_way_and_shows_the_date_as_written_in_vietnam(c):
    from consultkit.views import ResponseTracker

    t = ResponseTracker(c, today=dt.date(2021, 7, 1))
    units = int((~t.frame["placeholder"]).sum())
    assert f"<b>{units}</b> đơn vị" in t.summary.value
    assert f"/{units} đơn vị" in visible(t.table.value)
    t.new_deadline.value = dt.date(2021, 7, 9)
    assert "ngày 09/07/2021" in visible(t.deadline_shown.value)
    assert t.write_button.layout.width == "auto"


def test_redraft_from_the_triage_view_and_save_the_next_draft(c):
    from consultkit.views import CommentTriage

    t = CommentTriage(c.register, clauses=c.versions["du-thao-2"], roster=c.roster,
                      consultation=c, who="lan")
    cid = next(cid for cid, ids in zip(c.comments["comment_id"], c.comments["clause_ids"])
               if ids and ids[0] == "IV.2.2.a")
    t.list.value = cid
    editor = t.editor
    assert editor.clause_id == "IV.2.2.a" and cid in editor.links.value
    editor.text.value = editor.text.value.replace("12 tháng", "24 tháng")
    editor.reason.value = "Kéo dài thời gian lưu trữ theo đề nghị của đơn vị"
    editor.save_button.click()
    assert "Đã lưu" in visible(editor.message.value), editor.message.value
    editor.show("IV.2.2")
    editor.action.value = "insert"
    assert "2.2a." in visible(editor.message.value)
    editor.text.value = "Hệ thống lưu trữ phải được kiểm tra định kỳ."
    editor.save_button.click()
    editor.show("IV.2.3")
    editor.action.value = "repeal"
    editor.save_button.click()
    assert len(c.clause_edits("du-thao-2")) == 3
    assert editor.draft_name.value == "du-thao-3"
    editor.draft_button.click()
    assert "Đã lưu dự thảo mới" in visible(editor.message.value), editor.message.value
    assert c.version_names[-1] == "du-thao-3"
    cmp = compare(c.versions["du-thao-2"], c.versions["du-thao-3"])
    changed = cmp.table[cmp.table["change"] != "unchanged"]
    assert {"IV.2.2.a", "IV.2.2a"} <= set(changed["new_id"])
    assert "IV.2.3" in set(changed["old_id"])


def test_two_drafters_on_one_clause_get_the_stale_edit_message(c):
    from consultkit.views import ClauseEditor

    lan, minh = ClauseEditor(c, who="lan"), ClauseEditor(c, who="minh")
    lan.show("IV.1.1")
    minh.show("IV.1.1")
    lan.text.value = "Tiêu chí áp dụng đối với mọi cơ sở khám bệnh, chữa bệnh."
    assert lan.save()
    minh.text.value = "Tiêu chí áp dụng đối với cơ sở khám bệnh, chữa bệnh công lập."
    assert not minh.save()
    msg = visible(minh.message.value)
    assert "lan" in msg and "Chưa lưu" in msg
    assert minh.text.value.endswith("công lập.")                     # the typed text stays
    assert c.clause_edits("du-thao-2").iloc[0]["text"].startswith("Tiêu chí áp dụng đối với mọi")
    assert minh.save()                                                # a second click overwrites
    log = c.register.audit("edit:du-thao-2|IV.1.1")
    assert set(log["who"]) == {"lan", "minh"}


def test_the_viewer_redrafts_the_latest_version_and_shows_the_new_draft(c):
    from consultkit.views import ClauseDiffViewer

    v = ClauseDiffViewer(c.versions, c.comments, old="du-thao-1", new="du-thao-2", consultation=c)
    row = v.table.index[v.table["new_id"] == "IV.1.1"][0]
    v.kind.value = "__all__"
    v.clauses.value = int(row)
    assert v.editor.clause_id == "IV.1.1"
    v.editor.text.value = "Tiêu chí tại Mục này áp dụng đối với mọi cơ sở khám bệnh, chữa bệnh."
    v.editor.save_button.click()
    v.editor.draft_button.click()
    assert v.new.value == "du-thao-3" and v.old.value == "du-thao-2"
    assert [label for label, _ in v.clauses.options] == ["IV.1.1 · Sửa đổi"]
    assert "Tiêu chí tại Mục này áp dụng đối với mọi" in visible(v.diff.value)
