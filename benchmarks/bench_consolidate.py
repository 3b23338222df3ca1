"""Consolidation: reading and applying an amending document of 300 instructions.

The base is the body of Nghị định 30/2020/NĐ-CP (../shared/reference/nd30-2020, 267
units). The amending document is generated from it deterministically: 300 instructions
in document order, of every kind amending documents use — phrases replaced ("Thay thế
cụm từ “…” bằng cụm từ “…” tại khoản 2 Điều 5."), units restated ("Sửa đổi, bổ sung
điểm a khoản 2 Điều 4 như sau:" + quotation), units inserted the amending way ("Bổ sung
khoản 1a vào sau khoản 1 Điều 2 như sau:", "điểm d1"), units repealed and articles
renamed. Target (issue 13): read + apply ≤ 150 ms.

Rows:

* ``read_amendments + consolidate`` — the whole job from the amending text (target);
* ``consolidate`` of an instruction frame already read — applying alone;
* ``read_amendments`` — reading alone;
* peer ``str.replace`` on the joined text — the phrase replacements only (about a third
  of the instructions), each applied to the whole text with Python's ``str.replace``:
  a lower bound that checks nothing (not the place, not uniqueness) and leaves the other
  two thirds undone; no open tool consolidates Vietnamese amending documents.

Run: ``python benchmarks/run.py consolidate`` or ``python benchmarks/bench_consolidate.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consultkit.clauses.parse import joined_text, parse_clauses  # noqa: E402
from consultkit.comparison.amend import cite  # noqa: E402
from consultkit.consolidation import consolidate, read_amendments  # noqa: E402
from benchtools import median_cpu_seconds, median_seconds, print_table  # noqa: E402

ND30 = ROOT.parent / "shared" / "reference" / "nd30-2020" / "nd30_30_2020_ND_CP.txt"
N = 300
RUNS = 7


def _unique_word(text: str, whole: str) -> str:
    for word in re.findall(r"[^\W\d_]{5,}", text):
        if len(re.findall(rf"(?={re.escape(word)})", text)) == 1:
            return word
    return ""


def amending_text(base) -> tuple[str, list[tuple[str, str]]]:
    """300 instructions over the base, and the (old, new) phrases for the peer."""
    rows = base[~base["clause_id"].str.startswith("_")]
    parents = set(rows["parent_id"])
    items: list[str] = []
    phrases: list[tuple[str, str]] = []
    k = 0
    for row in rows.itertuples():
        leaf = row.clause_id not in parents
        number = (row.number or "").strip()
        if row.kind == "article":
            items.append(f"Sửa đổi tên {cite(row.clause_id)} như sau:\n"
                         f"“{number} {row.heading} (sửa đổi)”")
            continue
        if row.kind not in ("clause", "point"):
            continue
        k += 1
        choice = k % 3
        word = _unique_word(row.text, "")
        if choice == 0 and word:
            items.append(f"Thay thế cụm từ “{word}” bằng cụm từ “{word} mới” tại {cite(row.clause_id)}.")
            phrases.append((word, f"{word} mới"))
        elif choice == 1 and leaf:
            items.append(f"Sửa đổi, bổ sung {cite(row.clause_id)} như sau:\n"
                         f"“{number} {row.text} (được sửa đổi)”")
        elif choice == 2 and leaf and row.kind == "point" and k % 2:
            items.append(f"Bãi bỏ {cite(row.clause_id)}.")
            continue
        if re.fullmatch(r"\d+\.|[a-zđ]\)", number):
            inserted = number[:-1] + ("a." if number.endswith(".") else "1)")
            own = "khoản " + number[:-1] + "a" if row.kind == "clause" else "điểm " + number[:-1] + "1"
            items.append(f"Bổ sung {own} vào sau {cite(row.clause_id)} như sau:\n"
                         f"“{inserted} Nội dung bổ sung số {k}.”")
    items = items[:N]
    body = "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    text = ("CHÍNH PHỦ\nSố: 99/2026/NĐ-CP\nHà Nội, ngày 05 tháng 01 năm 2026\nNGHỊ ĐỊNH\n"
            "Sửa đổi, bổ sung một số điều của Nghị định số 30/2020/NĐ-CP\n"
            "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 30/2020/NĐ-CP\n" + body +
            "\nĐiều 2. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành từ ngày 01 tháng 3 "
            "năm 2026.\n")
    used = {p for p in phrases if p[0] in body}
    return text, sorted(used)


def run() -> list[dict]:
    base = parse_clauses(ND30)
    text, phrases = amending_text(base)
    frame = read_amendments(text)
    result = consolidate(base, frame)
    report = result.attrs["report"]
    applied = int(report["applied"].sum())
    assert len(set(frame["seq"])) == N, len(set(frame["seq"]))
    assert applied == len(report), report[~report["applied"]][["instruction", "reason"]].head()
    whole = joined_text(base)

    def peer():
        out = whole
        for old, new in phrases:
            out = out.replace(old, new)
        return out

    note = (f"{N} instructions ({len(phrases)} phrases, the rest restatements, insertions, "
            f"repeals, renames), all applied; base {len(base)} units; median of {RUNS}")
    cases = [
        ("read_amendments + consolidate", 0.15, lambda: consolidate(base, read_amendments(text)), note),
        ("consolidate (instructions read)", None, lambda: consolidate(base, frame), note),
        ("read_amendments", None, lambda: read_amendments(text), f"{len(text):,} characters"),
        ("peer: str.replace on the joined text", None, peer,
         f"only the {len(phrases)} phrase replacements, no checks"),
    ]
    out = []
    for tool, target, fn, notes in cases:
        wall = median_seconds(fn, RUNS, warmup=True)
        cpu = median_cpu_seconds(fn, RUNS)
        out.append({"benchmark": f"consolidation, {N} instructions on ND 30/2020", "tool": tool,
                    "median_s": wall, "target_s": target,
                    "notes": f"{notes}; CPU time {cpu * 1000:.0f} ms (load average "
                             f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"})
    return out


if __name__ == "__main__":
    print_table(run())
