"""Benchmarks of the notebook views (in-process, no browser).

* ClauseDiffViewer: moving to the next clause of a 500-clause comparison
  (the diff and the comments beside it re-rendered) — target 50 ms.
* ResponseTracker: a full refresh for the bundled consultation's units
  (about 130; responses() recomputed from the register) — target 200 ms.

Run alone: ``.venv/bin/python benchmarks/bench_views.py``.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consultkit import schema  # noqa: E402
from benchtools import print_table  # noqa: E402

WORDS = ("hệ thống lưu trữ truyền hình ảnh y tế máy chủ phần mềm dữ liệu bảo mật chuẩn DICOM "
         "HL7 kết nối bệnh viện tối thiểu năm đơn vị quản lý kỹ thuật").split()


def _versions(n: int = 500, seed: int = 7):
    """Two clause frames of ``n`` clauses each; about a third of them edited."""
    rng = random.Random(seed)
    rows_old, rows_new = [], []
    for k in range(n // 10 + 1):
        cid = "IV" if k == 0 else f"IV.{k}"
        for rows in (rows_old, rows_new):
            rows.append(dict(clause_id=cid, parent_id="" if k == 0 else "IV", kind="annex_section",
                             number=f"{k}.", heading=f"Mục {k}", text="", order=len(rows),
                             level=min(k, 1), location="", cells=None))
    for i in range(n):
        cid = f"IV.{i // 10 + 1}.{i % 10 + 1}"
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60)))
        new = text
        if i % 3 == 0:
            words = text.split()
            for _ in range(rng.randint(1, 4)):
                words[rng.randrange(len(words))] = rng.choice(WORDS).upper()
            new = " ".join(words)
        for rows, t in ((rows_old, text), (rows_new, new)):
            rows.append(dict(clause_id=cid, parent_id=cid.rsplit(".", 1)[0], kind="point",
                             number=f"{i % 10 + 1}.", heading="", text=t, order=len(rows), level=2,
                             location=f"p{i}", cells=None))
    comments = [dict(comment_id=f"c{i}", unit_raw=f"Đơn vị {i}", unit_id=f"u{i}", match_score=100.0,
                     match_method="exact", received=None, letter_number="", channel="email",
                     text="Đề nghị làm rõ " * 5, refs_raw="", clause_ids=(rows_old[i * 3]["clause_id"],),
                     clause_suggestions=(), stance="substantive", duplicate_of="", group_id="",
                     source="bench") for i in range(150)]
    return (schema.conform(rows_old, schema.CLAUSES), schema.conform(rows_new, schema.CLAUSES),
            schema.conform(comments, schema.COMMENTS))


def bench_diff_viewer(steps: int = 200) -> dict:
    from consultkit.views import ClauseDiffViewer

    old, new, comments = _versions()
    viewer = ClauseDiffViewer({"cu": old, "moi": new}, comments)
    viewer.kind.value = "__all__"                       # every clause, changed or not
    times = []
    for _ in range(steps):
        if viewer.clauses.value == viewer.clauses.options[-1][1]:
            viewer.clauses.value = viewer.clauses.options[0][1]
        t0 = time.perf_counter()
        viewer.next_button.click()
        times.append(time.perf_counter() - t0)
    return dict(benchmark="ClauseDiffViewer: next clause of a 500-clause comparison",
                tool="consultkit.views.ClauseDiffViewer", median_s=statistics.median(times),
                target_s=0.050,
                notes=f"{len(viewer.table)} rows ({(viewer.table['change'] != 'unchanged').sum()} "
                      f"changed), median of {steps} steps, max {max(times) * 1000:.2f} ms; "
                      "comparison computed once and cached; without a kernel, so the widget "
                      "messages to the browser are not counted")


_KERNEL_CODE = """
import json, statistics, sys, time
sys.path.insert(0, {bench_dir!r})
import bench_views
from consultkit.views import ClauseDiffViewer
old, new, comments = bench_views._versions()
viewer = ClauseDiffViewer({{"cu": old, "moi": new}}, comments)
display(viewer.widget)
viewer.kind.value = "__all__"
times = []
for _ in range({steps}):
    if viewer.clauses.value == viewer.clauses.options[-1][1]:
        viewer.clauses.value = viewer.clauses.options[0][1]
    t0 = time.perf_counter()
    viewer.next_button.click()
    times.append(time.perf_counter() - t0)
print("RESULT", json.dumps([statistics.median(times), max(times)]))
"""


def bench_diff_viewer_in_kernel(steps: int = 200) -> dict:
    """The same steps inside a Jupyter kernel: widget state changes go out as comm messages."""
    import json

    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    try:
        out: list[str] = []
        kc.execute_interactive(_KERNEL_CODE.format(bench_dir=str(Path(__file__).parent), steps=steps),
                               timeout=300, output_hook=lambda m: out.append(
                                   m["content"].get("text", "") if m["msg_type"] == "stream" else ""))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    line = next(l for l in "".join(out).splitlines() if l.startswith("RESULT"))
    median, worst = json.loads(line.split(" ", 1)[1])
    return dict(benchmark="ClauseDiffViewer: next clause, 500 clauses, inside a kernel",
                tool="consultkit.views.ClauseDiffViewer", median_s=median, target_s=0.050,
                notes=f"median of {steps} steps, max {worst * 1000:.2f} ms; widget displayed, so "
                      "each change is serialised and sent as a comm message")


def bench_tracker(repeats: int = 20) -> dict | None:
    from consultkit.views import ResponseTracker
    from consultkit.workspace import BUNDLED, open_consultation

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(BUNDLED, ws, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
        c = open_consultation(ws)
        if c.manifest.inbox is not None and c.manifest.inbox.exists():
            c.ingest()
        tracker = ResponseTracker(c)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            tracker.refresh_button.click()
            times.append(time.perf_counter() - t0)
        units = int((~tracker.frame["placeholder"]).sum())
        return dict(benchmark=f"ResponseTracker: full refresh ({units} units)",
                    tool="consultkit.views.ResponseTracker", median_s=statistics.median(times),
                    target_s=0.200,
                    notes=f"register read + responses() + HTML table, median of {repeats}, "
                          f"{len(tracker.frame)} roster rows, {len(c.comments)} comments")


def run() -> list[dict]:
    return [bench_diff_viewer(), bench_diff_viewer_in_kernel(), bench_tracker()]


if __name__ == "__main__":
    print_table(run())
