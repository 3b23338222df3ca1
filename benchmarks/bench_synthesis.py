"""The synthesis report for 1,000 comments from 130 units (target: under 5 s).

Inputs: 1,000 synthetic comments (about 60 % citing one of 40 clauses, 10 %
identical texts sent by several units, 5 % bare agreements, 2 % duplicate
copies) from 130 roster units, with dispositions. Rows:

* ``write_synthesis`` — the whole .docx (table + numbers + house style), ours;
* ``synthesis_table`` — the pure grouping/merging step alone;
* ``add_table (row cloning)`` vs ``python-docx add_row`` — the same rows put in a
  5-column table of a house-style document, by our XML row cloning and by the
  plain ``table.add_row()`` + ``cell.text`` loop (the peer);
* ``write_xlsx`` — the same table exported to Excel.

Run alone: ``.venv/bin/python benchmarks/bench_synthesis.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from consultkit import schema  # noqa: E402
from consultkit import text as vt  # noqa: E402
from consultkit.writers import style  # noqa: E402
from consultkit.writers.excel import write_xlsx  # noqa: E402
from consultkit.writers.synthesis import COLUMNS, WIDTHS_MM, synthesis_table, write_synthesis  # noqa: E402
from benchtools import median_seconds, print_table

N_COMMENTS, N_UNITS, N_CLAUSES = 1000, 130, 40
STATUSES = ["pending", "accepted", "partly_accepted", "explained"]


def make_inputs(seed: int = 7):
    rng = random.Random(seed)
    units = [f"Bệnh viện số {i} trung ương" if i % 3 else f"Sở Y tế tỉnh {i}" for i in range(N_UNITS)]
    clause_ids = [f"IV.{1 + i // 8}.{1 + i % 8}" for i in range(N_CLAUSES)]
    clauses = schema.conform([dict(clause_id=c, parent_id="", kind="annex_section", number=c,
                                   heading="", text=f"Yêu cầu kỹ thuật {c} của hệ thống RIS-PACS " * 3,
                                   order=i, level=1, location=f"p{i}", cells=None)
                              for i, c in enumerate(clause_ids)], schema.CLAUSES)
    shared_texts = [f"Đề nghị làm rõ yêu cầu lưu trữ hình ảnh số {k} theo chuẩn DICOM." for k in range(20)]
    rows = []
    for i in range(N_COMMENTS):
        unit = units[i % N_UNITS]
        r = rng.random()
        stance = "agree" if r < 0.05 else "substantive"
        text = ("Nhất trí với dự thảo." if stance == "agree" else
                rng.choice(shared_texts) if r < 0.15 else
                f"Ý kiến {i}: đề nghị sửa đổi, bổ sung nội dung " + "chi tiết kỹ thuật " * rng.randint(3, 30))
        cited = (rng.choice(clause_ids),) if stance != "agree" and rng.random() < 0.6 else ()
        status = rng.choice(STATUSES)
        rows.append(dict(comment_id=f"c{i}", unit_raw=unit, unit_id=vt.slugify(unit), match_score=100.0,
                         match_method="exact", received=dt.date(2021, 6, 1 + i % 28), letter_number="",
                         channel="letter", text=text, refs_raw="", clause_ids=cited, clause_suggestions=(),
                         stance=stance, duplicate_of=f"c{i - 1}" if i and rng.random() < 0.02 else "",
                         group_id="", source=f"inbox/{i}.docx", status=status,
                         response="" if status == "pending" else "Ban soạn thảo tiếp thu, chỉnh sửa."))
    comments = schema.conform(rows, schema.COMMENTS)
    responses = schema.conform([dict(unit_id=vt.slugify(u), name=u, group="I", group_title="Nhóm",
                                     kind="other", placeholder=False, replied=True, first_reply=None,
                                     last_reply=None, late=False, n_comments=8, stance="substantive",
                                     needs_reminder=False) for u in units], schema.RESPONSES)
    return comments, clauses, responses


def _median(fn, repeat: int = 3) -> float:
    return median_seconds(fn, repeat)


def _plain_add_row(rows, path):
    doc = style.new_document(landscape=True)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    for cell, label in zip(table.rows[0].cells, COLUMNS):
        cell.text = label
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    doc.save(path)


def _cloned(rows, path):
    doc = style.new_document(landscape=True)
    style.add_table(doc, COLUMNS, rows, WIDTHS_MM, merge_columns=[1])
    doc.save(path)


def run() -> list[dict]:
    comments, clauses, responses = make_inputs()
    frames = {"comments": comments, "responses": responses, "clauses": clauses}
    table = synthesis_table(comments, clauses, responses)
    rows = table[COLUMNS].astype({"STT": str}).values.tolist()
    n = len(rows)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        note = f"{N_COMMENTS} comments, {N_UNITS} units → {n} rows"
        out.append({"benchmark": "synthesis report 1,000 comments", "tool": "consultkit write_synthesis",
                    "median_s": _median(lambda: write_synthesis(frames, tmp / "s.docx")),
                    "target_s": 5.0, "notes": note + "; .docx, A4 landscape"})
        out.append({"benchmark": "synthesis report 1,000 comments", "tool": "consultkit synthesis_table",
                    "median_s": _median(lambda: synthesis_table(comments, clauses, responses)),
                    "target_s": None, "notes": "pure grouping, merging, ordering"})
        out.append({"benchmark": "synthesis report 1,000 comments", "tool": "add_table (row cloning)",
                    "median_s": _median(lambda: _cloned(rows, tmp / "c.docx")),
                    "target_s": None, "notes": f"{n} rows × 5 cells, saved"})
        out.append({"benchmark": "synthesis report 1,000 comments", "tool": "python-docx add_row",
                    "median_s": _median(lambda: _plain_add_row(rows, tmp / "p.docx"), repeat=1),
                    "target_s": None, "notes": "same rows, table.add_row() + cell.text, saved"})
        out.append({"benchmark": "synthesis report 1,000 comments", "tool": "consultkit write_xlsx",
                    "median_s": _median(lambda: write_xlsx(table[COLUMNS], tmp / "s.xlsx")),
                    "target_s": None, "notes": "same table, formula-safe .xlsx"})
    return out


if __name__ == "__main__":
    print_table(run())
