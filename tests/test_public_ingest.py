"""Public consultations end to end on small generated exports: conservation, re-ingest,
embedded vs Dask LocalCluster, kill-and-resume, cluster quality, masking in the store,
cluster dispositions and the synthesis."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from consultkit.errors import StaleEditError
from consultkit.public import clusters as clusters_mod
from consultkit.public import synthesis, views
from consultkit.public.ingest import ingest_public
from consultkit.public.store import PublicStore
from consultkit.workspace import new_consultation, open_consultation

ROOT = Path(__file__).resolve().parent.parent
ROWS = 3000


def _generator():
    spec = importlib.util.spec_from_file_location("make_public_comments",
                                                  ROOT / "scripts" / "make_public_comments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("public")
    path = folder / "gop-y.csv"
    truth = _generator().write(path, ROWS, 3, "csv", ";")
    return path, pd.read_parquet(truth)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, export):
    ws = new_consultation(tmp_path_factory.mktemp("ws") / "ws")
    report = ingest_public(ws, export[0], chunk_rows=400)
    return ws, report


def _store_rows(ws) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    store = PublicStore.of(ws)
    with store.connect(read_only=True) as conn:
        comments = conn.execute("SELECT * EXCLUDE (chunk) FROM comments ORDER BY row").df()
        rejects = conn.execute("SELECT row, line, reason FROM rejects ORDER BY row").df()
        mapping = conn.execute("SELECT * FROM text_clusters ORDER BY text_hash").df()
        summary = conn.execute("SELECT * FROM clusters ORDER BY cluster_id").df()
    return comments, rejects, mapping, summary


def test_conservation_every_row_stored_or_rejected_with_its_reason(embedded, export):
    ws, report = embedded
    _, truth = export
    assert report.read == ROWS == report.stored + report.rejected
    comments, rejects, _, _ = _store_rows(ws)
    assert sorted(comments["row"].tolist() + rejects["row"].tolist()) == list(range(1, ROWS + 1))
    malformed = set(truth.loc[truth["kind"] == "malformed", "row"])
    assert set(rejects["row"]) == malformed
    assert rejects["reason"].str.len().gt(10).all()
    assert (rejects["line"] == rejects["row"] + 2).all()     # label line + header


def test_reingesting_adds_nothing(embedded, export):
    ws, first = embedded
    before = _store_rows(ws)
    again = ingest_public(ws, export[0])
    assert again.new == 0 and again.skipped_chunks == first.chunks and again.read == first.read
    after = _store_rows(ws)
    for a, b in zip(before, after):
        pd.testing.assert_frame_equal(a, b)


def test_personal_data_never_reaches_the_store(embedded, export):
    ws, _ = embedded
    comments, _, _, summary = _store_rows(ws)
    text = "\n".join(comments["text"]) + "\n".join(summary["representative"])
    assert not re.search(r"@\w", text)
    assert not re.search(r"(?<!\d)0[35789]\d{8}(?!\d)", text)
    assert not re.search(r"(?<!\d)0\d{11}(?!\d)", text)
    assert "[số điện thoại]" in text and "[email]" in text and "[số định danh]" in text
    raw = pd.read_csv(export[0], sep=";", skiprows=1, dtype=str, on_bad_lines="skip",
                      keep_default_na=False)
    citizens = raw[(raw["Đối tượng"] != "Tổ chức") & (raw["Họ và tên"] != "")]
    stored = comments.set_index("row")
    for row, name in zip(citizens["STT"].astype(int), citizens["Họ và tên"]):
        if row in stored.index:
            assert name not in stored.at[row, "text"]
    assert "name" not in comments.columns
    assert set(comments.loc[comments["kind"] == "citizen", "organisation"]) == {""}


def test_clusters_match_the_generators_truth(embedded, export):
    ws, _ = embedded
    comments, _, mapping, _ = _store_rows(ws)
    truth = export[1]
    rows = comments[["row", "text_hash"]].merge(mapping, on="text_hash").merge(truth, on="row")
    counts = rows.groupby(["cluster_id", "label"]).size().rename("n").reset_index()
    purity = counts.sort_values("n", ascending=False).drop_duplicates("cluster_id")["n"].sum() / len(rows)
    recall = counts.sort_values("n", ascending=False).drop_duplicates("label")["n"].sum() / len(rows)
    assert purity >= 0.95 and recall >= 0.95, (purity, recall)
    # near-duplicates really were merged into their form letter's cluster
    near = rows[rows["kind"] == "near"]
    form = rows[rows["kind"] == "form"].groupby("label")["cluster_id"].agg(lambda s: s.mode()[0])
    assert (near["cluster_id"] == near["label"].map(form)).mean() >= 0.95


def test_the_store_has_stance_clauses_and_provinces(embedded):
    ws, _ = embedded
    comments, _, _, summary = _store_rows(ws)
    assert set(comments["stance"]) <= {"agree", "substantive", "general"}
    cited = comments["clause_ids"].map(len) > 0
    assert cited.mean() > 0.5
    ids = {c for ids in comments.loc[cited, "clause_ids"] for c in ids}
    assert ids <= set(open_consultation(ws).versions["du-thao-2"]["clause_id"])
    assert (comments["province_code"] != "").mean() > 0.9
    assert comments["province"].str.startswith(("Tỉnh", "Thành phố", "")).all()
    # an old (merged) province maps to the one valid on the comment's date
    old = comments[comments["province_raw"] == "Tỉnh Hà Giang"]
    assert old.empty or set(old["province"]) == {"Tỉnh Tuyên Quang"}
    assert summary["size"].sum() == len(comments)
    assert (summary["agree"] + summary["substantive"] + summary["general"] == summary["size"]).all()


def test_dask_localcluster_gives_the_same_store_and_clusters(embedded, export, tmp_path):
    from distributed import LocalCluster

    ws, _ = embedded
    other = new_consultation(tmp_path / "dask")
    # the scheduler's address, as `--cluster tcp://host:8786` gives it (here in-process)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster:
        report = ingest_public(other, export[0], cluster=cluster.scheduler_address, chunk_rows=400)
    assert report.engine == "dask"
    for a, b in zip(_store_rows(ws), _store_rows(other)):
        a = a.drop(columns=[c for c in ("export",) if c in a.columns])
        b = b.drop(columns=[c for c in ("export",) if c in b.columns])
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_an_ingest_killed_mid_way_resumes_without_loss_or_duplicates(embedded, export, tmp_path):
    ws, _ = embedded
    victim = new_consultation(tmp_path / "killed")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", "from consultkit.cli import main; main()", "ingest", str(victim),
           "--public", str(export[0]), "--chunk-rows", "50"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    folder = victim / "public" / "comments"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if folder.is_dir() and len(list(folder.glob("*/*.parquet"))) >= 5:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = len(list(folder.glob("*/*.parquet")))
    assert 5 <= written < ROWS // 50, "the ingest was not killed mid-way"
    report = ingest_public(victim, export[0])
    assert report.read == ROWS and report.skipped_chunks >= 1
    a, b = _store_rows(ws), _store_rows(victim)
    for x, y in zip(a[:2], b[:2]):
        pd.testing.assert_frame_equal(x.drop(columns="line", errors="ignore").reset_index(drop=True),
                                      y.drop(columns="line", errors="ignore").reset_index(drop=True))
    pd.testing.assert_frame_equal(a[2], b[2])
    pd.testing.assert_frame_equal(a[3], b[3])   # the same clusters, whatever the chunking


def test_other_formats_store_the_same_comments(embedded, export, tmp_path):
    ws, _ = embedded
    gen = _generator()
    path = tmp_path / "gop-y.parquet"
    gen.write(path, ROWS, 3, "parquet")
    other = new_consultation(tmp_path / "pq")
    report = ingest_public(other, path, chunk_rows=1000)
    assert report.read == ROWS
    a, b = _store_rows(ws)[0], _store_rows(other)[0]
    same = a["row"].isin(b["row"])
    assert same.mean() > 0.99
    cols = ["row", "time", "kind", "province", "text", "text_hash", "stance"]
    pd.testing.assert_frame_equal(a.loc[same, cols].reset_index(drop=True),
                                  b.loc[b["row"].isin(a["row"]), cols].reset_index(drop=True))


def test_cluster_disposition_is_inherited_and_compare_and_set(embedded):
    ws, _ = embedded
    consultation = open_consultation(ws)
    store = PublicStore.of(ws)
    biggest = views.cluster_page(store, 0, 5)
    assert biggest["size"].is_monotonic_decreasing and len(biggest) == 5
    cid = int(biggest["cluster_id"].iat[0])
    reg = consultation.register
    d = reg.cluster_disposition(cid)
    assert d["status"] == "pending" and d["version"] == 0
    reg.set_cluster_disposition(cid, status="Tiếp thu", response="Đã bổ sung.", who="Lan",
                                expected_version=0)
    with pytest.raises(StaleEditError):
        reg.set_cluster_disposition(cid, status="explained", who="Minh", expected_version=0)
    audit = reg.audit(f"cluster:{cid}")
    assert audit["field"].tolist() == ["status", "response"] and set(audit["who"]) == {"Lan"}
    table = synthesis.public_synthesis(store, reg, consultation.versions["du-thao-2"], per_clause=None)
    mine = table[table["cluster_id"] == cid]
    assert len(mine) >= 1 and set(mine["status"]) == {"accepted"}
    assert set(mine["response"]) == {"Đã bổ sung."}
    # per clause: the clusters' members plus the standalone comments = the clause's comments
    for clause, part in table.groupby("clause_id"):
        assert part["comments"].sum() + part["standalone"].iat[0] == part["clause_comments"].iat[0]
    comments, _, _, _ = _store_rows(ws)
    assert table.drop_duplicates("clause_id")["clause_comments"].sum() == \
        comments["clause_ids"].map(lambda ids: max(len(ids), 1)).sum()
    alone = synthesis.standalone(store, table["clause_id"].iat[-1])
    assert len(alone) <= 50


def test_views_are_small_aggregates_that_add_up(embedded):
    ws, report = embedded
    store = PublicStore.of(ws)
    assert views.over_time(store)["comments"].sum() == report.stored
    assert views.by_province(store)["comments"].sum() == report.stored
    sizes = views.cluster_sizes(store)
    assert sizes["comments"].sum() == report.stored and sizes["size_class"].iat[0] == "1"
    head = views.headline(store)
    assert head["comments"] == report.stored and head["rejected"] == report.rejected
    assert views.cluster_count(store) == head["clusters"]
    members = views.cluster_members(store, int(views.cluster_page(store).cluster_id.iat[0]))
    assert members["comments"].is_monotonic_decreasing


def test_near_duplicate_labels_is_order_independent():
    import numpy as np

    from consultkit.public import minhash

    texts = ["toi de nghi bo sung muc 2 2 ve luu tru hinh anh", "toi de nghi bo sung muc 2 2 ve luu tru anh",
             "dong y", "mot van ban hoan toan khac khong lien quan gi ca"]
    sigs = minhash.signatures(texts)
    hashes = np.array([5, 3, 9, 1], dtype=np.int64)
    a = clusters_mod.cluster_texts(hashes, np.array([10, 1, 4, 1]), np.array([11, 10, 2, 10]), sigs)
    order = np.array([2, 0, 3, 1])
    b = clusters_mod.cluster_texts(hashes[order], np.array([10, 1, 4, 1])[order],
                                   np.array([11, 10, 2, 10])[order], sigs[order])
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    by = dict(zip(a["text_hash"], a["cluster_id"]))
    assert by[5] == by[3] == 5 and by[9] == 9 and by[1] == 1
