"""Charts and the cluster triage view over a small public store."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from consultkit import charts
from consultkit.public import views
from consultkit.public.ingest import ingest_public
from consultkit.public.store import PublicStore
from consultkit.register import Register
from consultkit.workspace import new_consultation, open_consultation

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("make_public_comments",
                                                  ROOT / "scripts" / "make_public_comments.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    folder = tmp_path_factory.mktemp("pv")
    gen.write(folder / "x.jsonl", 1500, 5, "jsonl")
    ws = new_consultation(folder / "ws")
    report = ingest_public(ws, folder / "x.jsonl")
    return ws, PublicStore.of(ws), report


def _total(fig, axis="y") -> int:
    return int(sum(sum(getattr(t, axis)) for t in fig.data))


def test_charts_draw_the_store_numbers(store):
    ws, st, report = store
    assert _total(charts.public_over_time(st)) == report.stored
    assert _total(charts.public_by_province(st), "x") == report.stored
    assert _total(charts.public_cluster_sizes(st)) == report.stored
    fig = charts.public_clause_stance(st, open_consultation(ws).versions["du-thao-2"])
    assert _total(fig) == int(views.clause_stance(st)["comments"].sum())
    for fig in (charts.public_over_time(st), charts.public_clause_stance(st)):
        assert fig.layout.title.text and all(t.name for t in fig.data)


def test_charts_say_when_there_is_nothing(tmp_path):
    ws = new_consultation(tmp_path / "empty")
    st = PublicStore.of(ws)
    with st.connect():
        pass
    fig = charts.public_over_time(st)
    assert fig.layout.annotations[0].text == charts.public.NO_PUBLIC


def test_cluster_triage_pages_biggest_first_and_saves_with_compare_and_set(store):
    from consultkit.views import ClusterTriage

    ws, st, _ = store
    reg = open_consultation(ws).register
    view = ClusterTriage(st, reg, per_page=5, who="Lan")
    first = view.frame["size"].tolist()
    assert first == sorted(first, reverse=True) and len(first) == 5
    view.next_button.click()
    assert view.page == 1 and view.frame["size"].max() <= min(first)
    view.prev_button.click()
    cid = view.list.options[1][1]
    view.list.value = cid
    assert "ý kiến" in view.detail.value and "<blockquote>" in view.detail.value
    view.status.value = "explained"
    view.response.value = "Giải trình: giữ nguyên <quy định>."
    assert view.save()
    assert reg.cluster_disposition(cid)["status"] == "explained"
    assert "Giải trình" in view.list.options[1][0]
    # someone else saves first: refused, the typed text kept
    other = Register(reg.path)
    other.set_cluster_disposition(cid, status="accepted", who="Minh",
                                  expected_version=reg.cluster_disposition(cid)["version"])
    view.response.value = "Sửa lại"
    assert not view.save()
    assert "Minh" in view.message.value and view.response.value == "Sửa lại"
    assert view.save()          # the second click writes over, knowingly
    assert reg.cluster_disposition(cid)["response"] == "Sửa lại"
