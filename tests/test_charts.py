"""Charts: plotly figures from frames built inline, and their export."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

import pytest

from consultkit import charts, schema
from consultkit.errors import ExportError

D = dt.date


def response(unit, group, replied=False, first=None, late=False, placeholder=False, title=None):
    return dict(unit_id=unit, name=unit.upper(), group=group, group_title=title or f"Nhóm {group} đơn vị",
                kind="other", placeholder=placeholder, replied=replied, first_reply=first,
                last_reply=first, late=late, n_comments=int(replied),
                stance="agree" if replied else "none",
                needs_reminder=not replied and not placeholder)


def comment(cid, unit, clause_ids=(), stance="substantive", status="", received=D(2021, 6, 10),
            duplicate_of=""):
    return dict(comment_id=cid, unit_raw=unit, unit_id=unit, match_score=100.0, match_method="exact",
                received=received, letter_number="", channel="email", text=f"ý kiến {cid}",
                refs_raw="", clause_ids=tuple(clause_ids), clause_suggestions=(), stance=stance,
                duplicate_of=duplicate_of, group_id="", source="inline", status=status)


@pytest.fixture
def responses():
    return schema.conform([
        response("a", "I", True, D(2021, 6, 10)),
        response("b", "I"),
        response("c", "I", True, D(2021, 6, 21), late=True),
        response("d", "II", True, D(2021, 6, 15)),
        response("e", "III", placeholder=True),
    ], schema.RESPONSES)


@pytest.fixture
def comments():
    return schema.conform([
        comment("1", "a", ["IV.2", "IV.10"]),
        comment("2", "a", [], stance="agree", status="accepted"),
        comment("3", "d", ["IV.2"], status="explained", received=D(2021, 6, 15)),
        comment("4", "d", ["IV.2"], duplicate_of="3", received=D(2021, 6, 15)),
        comment("5", "zz", ["IV.10"], stance="general", status="partly_accepted",
                received=D(2021, 6, 21)),
    ], schema.COMMENTS)


@pytest.fixture
def roster(responses):
    frame = responses.assign(seq=1, province_code="", source="inline")
    return schema.conform(frame, schema.ROSTER)


def vietnamese(text: str) -> bool:
    """NFC text with at least one Vietnamese letter carrying a diacritic."""
    return unicodedata.is_normalized("NFC", text) and re.search(r"[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữựịỉĩìíọỏõòóụủũùúỳýỵỷỹ]",
                                                              text.lower()) is not None


def all_labels(fig) -> list[str]:
    lay = fig.layout
    out = [lay.title.text]
    for axis in (lay.xaxis, lay.yaxis):
        if axis.title.text:
            out.append(axis.title.text)
    return out


def test_reply_rate_by_group_counts_non_placeholders(responses):
    fig = charts.reply_rate_by_group(responses)
    bar = fig.data[0]
    assert [x.split("<br>")[0] for x in bar.x] == ["Nhóm I", "Nhóm II"]  # placeholder III left out
    assert list(bar.y) == pytest.approx([200 / 3, 100.0])
    assert list(bar.text) == ["2/3", "1/1"]
    assert [row[3] for row in bar.customdata] == [1, 0]   # late replies per group
    assert "3/4" in fig.layout.title.text
    assert all(vietnamese(t) for t in all_labels(fig))


def test_cumulative_replies_from_responses_has_deadline_line(responses):
    fig = charts.cumulative_replies(responses, D(2021, 6, 18))
    line = fig.data[0]
    assert [x.date() for x in line.x] == [D(2021, 6, 10), D(2021, 6, 15), D(2021, 6, 21)]
    assert list(line.y) == [1, 2, 3]
    deadline = [s for s in fig.layout.shapes if s.line.dash == "dash"]
    assert len(deadline) == 1 and str(deadline[0].x0).startswith("2021-06-18")
    texts = [a.text for a in fig.layout.annotations]
    assert "Hạn góp ý 18/06/2021" in texts
    assert any("4" in t and "đơn vị" in t for t in texts)  # four units expected to reply
    assert all(vietnamese(t) for t in all_labels(fig))


def test_cumulative_replies_from_comments_skips_duplicates(comments):
    fig = charts.cumulative_replies(comments, None)
    assert list(fig.data[0].y) == [2, 3, 4]
    assert not fig.layout.shapes
    assert "4 ý kiến" in fig.layout.title.text


def test_comments_per_clause_by_stance(comments):
    fig = charts.comments_per_clause(comments)
    by_name = {t.name: dict(zip(t.x, t.y)) for t in fig.data}
    assert by_name["Có ý kiến cụ thể"] == {"IV.2": 2, "IV.10": 1, charts.NO_CLAUSE: 0}
    assert by_name["Nhất trí"][charts.NO_CLAUSE] == 1
    assert by_name["Ý kiến chung"]["IV.10"] == 1
    assert list(fig.data[0].x) == ["IV.2", "IV.10", charts.NO_CLAUSE]  # natural order, not text order
    assert fig.layout.barmode == "stack"
    assert all(vietnamese(t) for t in all_labels(fig) + [fig.layout.legend.title.text])


def test_comments_per_clause_uses_document_order(comments):
    clauses = schema.conform([
        dict(clause_id=cid, parent_id="", kind="point", number="", heading="", text="", order=i,
             level=0, location="", cells=None) for i, cid in enumerate(["IV.10", "IV.2"])],
        schema.CLAUSES)
    fig = charts.comments_per_clause(comments, clauses)
    assert list(fig.data[0].x) == ["IV.10", "IV.2", charts.NO_CLAUSE]


def test_clause_group_heatmap(comments, roster):
    fig = charts.clause_group_heatmap(comments, roster)
    heat = fig.data[0]
    labels = [x.split("<br>")[0] for x in heat.x]
    assert labels == ["Nhóm I", "Nhóm II", charts.UNKNOWN_GROUP]
    cells = {(y, x): heat.z[i][j] for i, y in enumerate(heat.y) for j, x in enumerate(labels)}
    assert cells[("IV.2", "Nhóm I")] == 1 and cells[("IV.2", "Nhóm II")] == 1
    assert cells[("IV.10", charts.UNKNOWN_GROUP)] == 1
    assert sum(sum(row) for row in heat.z) == 5
    assert vietnamese(fig.layout.title.text)


def test_dispositions_by_status(comments):
    fig = charts.dispositions_by_status(comments)
    bar = fig.data[0]
    assert list(bar.x) == list(schema.DISPOSITION_STATUSES.values())
    assert list(bar.y) == [1, 1, 1, 1]
    assert "3/4" in fig.layout.title.text


def test_change_kinds_treemap_by_section():
    rows = [("IV.1", "IV.1", "unchanged"), ("IV.2.a", "IV.2.a", "modified"),
            ("IV.2.b", "IV.2.b", "modified"), ("", "IV.3", "added"), ("IV.4", "", "deleted")]
    table = schema.conform([dict(old_id=o, new_id=n, change=c, similarity=0.5, old_text="",
                                 new_text="", ops=(), words_added=0, words_deleted=0, group="")
                            for o, n, c in rows], schema.COMPARISON)
    fig = charts.change_kinds(table)
    tree = fig.data[0]
    values = dict(zip(tree.ids, tree.values))
    assert values["Toàn bộ văn bản"] == 5
    assert values["IV.2"] == 2 and values["IV.2/modified"] == 2     # depth 2: all rows in IV
    assert values["IV.3/added"] == 1 and values["IV.4/deleted"] == 1
    assert dict(zip(tree.ids, tree.labels))["IV.2/modified"] == "Sửa đổi"
    assert "4 điều khoản thay đổi" in fig.layout.title.text
    only = charts.change_kinds(table, only_changed=True, depth=1).data[0]
    assert dict(zip(only.ids, only.values)) == {"Toàn bộ văn bản": 4, "IV": 4,
                                                "IV/added": 1, "IV/deleted": 1, "IV/modified": 2}


def test_charts_accept_empty_frames():
    for fig in (charts.reply_rate_by_group(schema.empty(schema.RESPONSES)),
                charts.cumulative_replies(schema.empty(schema.RESPONSES), D(2021, 6, 18)),
                charts.comments_per_clause(schema.empty(schema.COMMENTS)),
                charts.dispositions_by_status(schema.empty(schema.COMMENTS)),
                charts.change_kinds(schema.empty(schema.COMPARISON))):
        assert fig.layout.title.text
    assert charts.comments_per_clause(schema.empty(schema.COMMENTS)).layout.annotations[0].text == charts.NO_COMMENTS


def test_save_html_is_self_contained(tmp_path, responses):
    path = charts.save_figure(charts.reply_rate_by_group(responses), tmp_path / "sub" / "c.html")
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*src=", html) and len(html) > 1_000_000  # plotly.js inline
    assert json.dumps("Tỷ lệ đơn vị đã trả lời theo nhóm")[1:-1] in html   # as plotly escapes it


def test_save_unknown_suffix_is_a_clear_error(tmp_path, responses):
    with pytest.raises(ExportError, match=r"\.docx"):
        charts.save_figure(charts.reply_rate_by_group(responses), tmp_path / "c.docx")


def test_png_without_browser_is_a_clear_error(tmp_path, responses, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(ExportError) as info:
        charts.save_figure(charts.reply_rate_by_group(responses), tmp_path / "c.png")
    assert "no-chromium" in str(info.value) and ".html" in str(info.value)
    assert not (tmp_path / "c.png").exists()


@pytest.mark.skipif(not __import__("pathlib").Path("/usr/bin/chromium").is_file(),
                    reason="Chromium is not installed at /usr/bin/chromium: run 'make system-deps'")
def test_png_and_svg_with_chromium(tmp_path, responses, monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    fig = charts.reply_rate_by_group(responses)
    png = charts.save_figure(fig, tmp_path / "c.png", width=600, height=400, scale=1)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.read_bytes()[16:20], "big"), int.from_bytes(png.read_bytes()[20:24], "big")
    assert (width, height) == (600, 400)
    svg = charts.save_figure(fig, tmp_path / "c.svg", width=600, height=400).read_text(encoding="utf-8")
    assert "<svg" in svg and "Nhóm II" in svg


def test_headline_numbers(responses, comments):
    fig = charts.headline(responses, comments)
    numbers = {t.title.text: t.value for t in fig.data}
    assert numbers == {"Đơn vị được xin ý kiến": 4, "Đơn vị đã trả lời": 3, "Trả lời muộn": 1,
                       "Chưa trả lời": 1, "Ý kiến đã nhận": 4, "Ý kiến đã xử lý": 3}


def test_reply_rate_on_the_bundled_workspace(workspace):
    from consultkit.workspace import open_consultation

    c = open_consultation(workspace)
    roster = c.roster[~c.roster["placeholder"]]
    fig = charts.reply_rate_by_group(c.responses(today=D(2021, 7, 1)))
    totals = [int(t.split("/")[1]) for t in fig.data[0].text]
    # The 2021 annex numbers two groups "IV": they stay two bars, each with its title.
    expected = roster.groupby(["group", "group_title"], sort=False).size()
    assert len(expected) == 4 and list(expected.index.get_level_values(0)) == ["I", "III", "IV", "IV"]
    assert [x.split("<br>")[0] for x in fig.data[0].x] == [f"Nhóm {g}" for g, _ in expected.index]
    assert "Bệnh viện" in fig.data[0].x[-1] and "Bệnh viện" not in fig.data[0].x[-2]
    assert totals == list(expected) and sum(totals) == len(roster)
    assert f"/{len(roster)})" in fig.layout.title.text


def test_empty_heatmap_says_so(roster):
    fig = charts.clause_group_heatmap(schema.empty(schema.COMMENTS), roster)
    assert not fig.data and fig.layout.annotations[0].text == charts.NO_COMMENTS
