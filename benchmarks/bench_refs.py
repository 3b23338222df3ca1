"""Resolving citations comment by comment (issue 3): lookup tables built once.

Input: the bundled draft (``versions/du-thao-2.md``, an annex numbered IV.x.y)
and 1,000 comment-like texts built from 200 distinct phrasings (each cites one
or two clauses, some relative: "khoản này").

Rows (median of N runs, one process, warm):

* ``rebuild per comment`` — the old cost: a resolver (lookup tables) built for
  every comment, as ``parse_refs`` did before it cached them (rows only);
* ``RefResolver.rows per comment`` — one resolver, one call per comment;
* ``parse_refs per comment`` — the public function once per comment with the
  same frame (resolver reused); most of its time is building the REFS frame;
* ``link_details`` — the comment linker on the same texts (caches repeated texts).

Run: ``python benchmarks/run.py refs`` or ``python benchmarks/bench_refs.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consultkit.clauses.parse import parse_clauses  # noqa: E402
from consultkit.clauses.refs import RefResolver, parse_refs  # noqa: E402
from consultkit.comments.link import link_details  # noqa: E402
from benchtools import median_seconds, print_table

DRAFT = ROOT / "data" / "consultations" / "ris-pacs-2021" / "versions" / "du-thao-2.md"
RUNS = 3
_FORMS = ["Đề nghị sửa điểm {p} tiểu mục {a}.{b} Mục IV cho rõ.",
          "Tại mục {a}.{b} phần IV: khoản này nên bổ sung thời hạn.",
          "khoản {a} mục IV chưa phù hợp với thực tế.",
          "Nhất trí mục {a}.{b}, đề nghị bỏ tiêu chí số {c}.",
          "Điểm {p} khoản {a} mục IV.{a} cần tách thành hai điểm."]


def comments(n: int = 1000) -> list[str]:
    distinct = [form.format(a=1 + i % 8, b=1 + i % 4, c=1 + i % 10, p="abcd"[i % 4]) + f" ({i})"
                for i, form in zip(range(200), _FORMS * 40)]
    return [distinct[i % len(distinct)] for i in range(n)]


def _median(fn, runs: int = RUNS) -> float:
    return median_seconds(fn, runs, warmup=True)


def run() -> list[dict]:
    frame = parse_clauses(DRAFT)
    texts = comments()
    resolver = RefResolver(frame)
    n = len(texts)
    rows = [
        ("rebuild per comment", None, lambda: [RefResolver(frame).rows(t) for t in texts],
         "old behaviour: lookup tables rebuilt for every call (rows, no frame)"),
        ("RefResolver.rows per comment", 0.2, lambda: [resolver.rows(t) for t in texts],
         "one resolver (rows, no frame)"),
        ("parse_refs per comment", None, lambda: [parse_refs(t, frame) for t in texts],
         "resolver reused for the same frame; a REFS frame (schema.conform) per call"),
        ("link_details", 0.2, lambda: link_details(texts, frame), "repeated texts cached"),
    ]
    return [{"benchmark": f"citations in {n} comments", "tool": tool, "median_s": _median(fn),
             "target_s": target, "notes": f"{notes}; {len(frame)} units; median of {RUNS}"}
            for tool, target, fn, notes in rows]


if __name__ == "__main__":
    print_table(run())
