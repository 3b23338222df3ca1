"""Parsing a real decree into clauses, and finding citations in it.

Input: Nghị định 30/2020/NĐ-CP, tests/fixtures/reference/nd30-2020/nd30_30_2020_ND_CP.docx
(38 articles, ~260 clauses, 2 tables) and its .txt twin.

Rows (median of N runs each, one process, warm):

* ``python-docx paragraphs`` — the peer and floor: open the file with python-docx and read
  ``document.paragraphs`` / table cell texts (no numbering, no structure);
* ``read_blocks`` — consultkit's Word reader (document order, automatic numbering,
  merged cells);
* ``parse_clauses (.docx)`` — blocks → clause frame, the whole public call;
* ``parse_clauses (.txt)`` — the same decree from its text twin;
* ``parse_refs`` — every citation in the decree's own text, resolved against its frame.

Run: ``python benchmarks/run.py parse`` or ``python benchmarks/bench_parse.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consultkit.clauses.parse import parse_clauses  # noqa: E402
from consultkit.clauses.refs import parse_refs  # noqa: E402
from consultkit.readers.word import read_blocks  # noqa: E402
from benchtools import median_seconds, print_table

ND30 = ROOT / "tests" / "fixtures" / "reference" / "nd30-2020"
DOCX = ND30 / "nd30_30_2020_ND_CP.docx"
TXT = ND30 / "nd30_30_2020_ND_CP.txt"
RUNS = 15


def _median(fn, runs: int = RUNS) -> float:
    return median_seconds(fn, runs, warmup=True)


def _python_docx() -> int:
    import docx

    document = docx.Document(str(DOCX))
    n = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            n += sum(len(c.text) for c in row.cells)
    return n


def run() -> list[dict]:
    if not DOCX.exists():
        return [{"benchmark": "parse decree", "tool": "consultkit", "median_s": None,
                 "target_s": None, "notes": f"skipped: {DOCX} not found"}]
    frame = parse_clauses(DOCX)
    text = "\n".join(frame.text)
    n_refs = len(parse_refs(text, frame))
    clauses = int((~frame.clause_id.str.startswith("_")).sum())
    what = f"ND 30/2020 body: {len(frame)} units, {clauses} clauses"
    rows = [
        ("python-docx paragraphs", None, _python_docx, "peer/floor: raw text only, no structure"),
        ("consultkit read_blocks", None, lambda: read_blocks(DOCX),
         "blocks in order, auto-numbering resolved"),
        ("consultkit parse_clauses (.docx)", 0.5, lambda: parse_clauses(DOCX), what),
        ("consultkit parse_clauses (.txt)", 0.5, lambda: parse_clauses(TXT), "text twin"),
        ("consultkit parse_refs", 0.5, lambda: parse_refs(text, frame),
         f"{n_refs} citations in the decree's own text, resolved"),
    ]
    out = []
    for tool, target, fn, notes in rows:
        out.append({"benchmark": "parse decree", "tool": tool, "median_s": _median(fn),
                    "target_s": target, "notes": f"{notes}; median of {RUNS}"})
    return out


if __name__ == "__main__":
    print_table(run())
