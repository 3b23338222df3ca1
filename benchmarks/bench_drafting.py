"""Benchmarks of the drafting loop.

* Saving the next draft of a 500-clause document with 50 edits
  (``Consultation.new_draft``: the previous draft's .docx and .md edited,
  both read back and checked) — target 1 s. Peer/floor: python-docx opening
  and saving the same .docx unchanged.
* Widget actions of the drafting views inside a Jupyter kernel (widget
  messages going out as comm messages): showing a clause in the
  ClauseEditor, saving an edit (one register transaction), selecting a
  comment in the triage view with its editor — target 100 ms each.

Run alone: ``.venv/bin/python benchmarks/run.py drafting``.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchtools import median_seconds, print_table  # noqa: E402

WORDS = ("hệ thống lưu trữ truyền hình ảnh y tế máy chủ phần mềm dữ liệu bảo mật chuẩn DICOM "
         "HL7 kết nối bệnh viện tối thiểu năm đơn vị quản lý kỹ thuật").split()


def make_workspace(folder: Path, n_articles: int = 50, seed: int = 3) -> Path:
    """A workspace whose draft has ``n_articles`` articles × 3 khoản × 2 điểm (≈500 units),
    as .md and as a Word file with automatic numbering of the khoản (python-docx)."""
    import docx

    rng = random.Random(seed)
    sentence = lambda: " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize()  # noqa: E731
    lines, document = [], docx.Document()
    for a in range(1, n_articles + 1):
        title = f"Điều {a}. {sentence()[:60]}"
        lines += [f"**{title}**", ""]
        document.add_paragraph().add_run(title).bold = True
        for k in range(1, 4):
            text = sentence() + ":"
            lines += [f"{k}. {text}", ""]
            document.add_paragraph(f"{k}. {text}")
            for p in "ab":
                text = sentence() + ";"
                lines += [f"{p}) {text}", ""]
                document.add_paragraph(f"{p}) {text}")
    versions = folder / "versions"
    versions.mkdir(parents=True)
    (versions / "du-thao-1.md").write_text("\n".join(lines), encoding="utf-8")
    document.save(str(versions / "du-thao-1.docx"))
    (folder / "consultation.toml").write_text(
        'title = "Thử đo tốc độ"\n\n[versions]\n"du-thao-1" = "versions/du-thao-1.md"\n\n'
        '[comments]\ninbox = "inbox"\nregister = "register.sqlite"\n', encoding="utf-8")
    (folder / "inbox").mkdir()
    return folder


def _edit(c, rng: random.Random, n: int = 50) -> None:
    frame = c.versions["du-thao-1"]
    units = [cid for cid in frame["clause_id"] if ".k" in cid]
    chosen = rng.sample(units, n)
    repealed: set[str] = set()
    for i, cid in enumerate(chosen):
        if any(cid.startswith(r + ".") or cid == r for r in repealed):
            continue
        if i % 5 == 0 and "." in cid[cid.index(".k") + 1:]:
            c.repeal_clause(cid, who="bench")
            repealed.add(cid)
        elif i % 5 == 1:
            c.insert_after(cid, "Nội dung bổ sung " + " ".join(rng.sample(WORDS, 8)) + ".", who="bench")
        else:
            c.edit_clause(cid, "Nội dung sửa đổi " + " ".join(rng.sample(WORDS, 12)) + ".", who="bench")


def bench_new_draft(repeat: int = 5) -> list[dict]:
    import docx

    from consultkit.workspace import open_consultation

    times, notes = [], ""
    base = Path(tempfile.mkdtemp())
    try:
        template = make_workspace(base / "template")
        for i in range(repeat):
            folder = base / f"ws{i}"
            shutil.copytree(template, folder)
            c = open_consultation(folder)
            _edit(c, random.Random(i))
            c.versions  # parsed once, as in a session where the drafter has been working
            n_edits = len(c.clause_edits())
            t0 = time.perf_counter()
            c.new_draft("du-thao-2")
            times.append(time.perf_counter() - t0)
            n_units = int((~c.versions["du-thao-1"]["clause_id"].str.startswith("_")).sum())
            notes = (f"{n_units} units, {n_edits} edits (reworded, inserted 'a1)'/'1a.'-style, "
                     "repealed); .docx and .md written from the previous draft's files and both "
                     f"read back and checked; median of {repeat}")
        source = template / "versions" / "du-thao-1.docx"
        floor = median_seconds(lambda: docx.Document(str(source)).save(str(base / "copy.docx")), 5)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return [dict(benchmark="next draft of a 500-clause document with 50 edits",
                 tool="Consultation.new_draft", median_s=statistics.median(times), target_s=1.0,
                 notes=notes),
            dict(benchmark="next draft of a 500-clause document with 50 edits",
                 tool="python-docx open + save (floor)", median_s=floor, target_s=None,
                 notes="the same .docx opened and saved unchanged")]


_KERNEL_CODE = """
import json, shutil, statistics, sys, tempfile, time
from pathlib import Path
from consultkit.workspace import new_consultation, open_consultation, BUNDLED
from consultkit.views import ClauseEditor, CommentTriage
folder = Path(tempfile.mkdtemp()) / "ws"
c = open_consultation(new_consultation(folder, with_comments=True))
c.ingest()
editor = ClauseEditor(c, who="bench")
display(editor.widget)
ids = [i for i in c.versions[editor.base]["clause_id"] if not i.startswith("_") and i != "PL1"]
show, save = [], []
for n in range({steps}):
    t0 = time.perf_counter(); editor.show(ids[n % len(ids)]); show.append(time.perf_counter() - t0)
    editor.text.value = editor.text.value + " (sửa)"
    t0 = time.perf_counter(); editor.save(); save.append(time.perf_counter() - t0)
triage = CommentTriage(c.register, clauses=c.versions[editor.base], roster=c.roster,
                       consultation=c, who="bench")
display(triage.widget)
select = []
options = [v for _, v in triage.list.options]
for n in range({steps}):
    t0 = time.perf_counter(); triage.list.value = options[n % len(options)]
    select.append(time.perf_counter() - t0)
print("RESULT", json.dumps({{k: [statistics.median(v), max(v)] for k, v in
                            (("show", show), ("save", save), ("select", select))}}))
shutil.rmtree(folder, ignore_errors=True)
"""


def bench_widgets_in_kernel(steps: int = 40) -> list[dict]:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    try:
        out: list[str] = []
        kc.execute_interactive(_KERNEL_CODE.format(steps=steps), timeout=600, output_hook=lambda m: out.append(
            m["content"].get("text", "") if m["msg_type"] == "stream" else
            str(m["content"].get("traceback", "")) if m["msg_type"] == "error" else ""))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    line = next(l for l in "".join(out).splitlines() if l.startswith("RESULT"))
    result = json.loads(line.split(" ", 1)[1])
    names = {"show": "ClauseEditor: show a clause (its comments, its edit)",
             "save": "ClauseEditor: save an edit (register transaction, audit)",
             "select": "CommentTriage: select a comment (detail + editor)"}
    return [dict(benchmark=names[k], tool="in a Jupyter kernel", median_s=v[0], target_s=0.100,
                 notes=f"bundled consultation; median of {steps}, max {v[1] * 1000:.1f} ms")
            for k, v in result.items()]


def run() -> list[dict]:
    return bench_new_draft() + bench_widgets_in_kernel()


if __name__ == "__main__":
    print_table(run())
