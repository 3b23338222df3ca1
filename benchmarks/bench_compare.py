"""Clause-by-clause comparison against difflib, diff-match-patch (characters) and redlines.

Two inputs, each compared with a deterministically edited copy:

* the body of Nghị định 30/2020/NĐ-CP (tests/fixtures/reference/nd30-2020, parsed to clauses),
  edited with ~300 word edits, 3 deleted clauses, 2 moved points and a clause inserted
  at the head of an article (its later siblings renumbered);
* a generated regulation of 5,000 clauses (articles, khoản, điểm), edited with ~1,500
  word edits and a few deletions, moves and renumberings.

``consultkit`` is timed from two clause frames to the full ``Comparison`` (alignment,
word diffs, table), with the fast engine (default) and the pure-Python one. The peers
get the same two versions as plain text (clause lines joined) and do the diff they
can do: ``difflib.SequenceMatcher`` on the word lists, pure-Python diff-match-patch in
character mode (``Diff_Timeout = 0``, so it is not cut short, plus semantic clean-up)
and ``redlines`` (``Redlines(old, new).output_markdown``). Parsing is not timed.

Run: ``python benchmarks/run.py compare`` or ``python benchmarks/bench_compare.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core

import difflib
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from consultkit import schema  # noqa: E402
from consultkit.comparison.core import compare  # noqa: E402
from consultkit.writers.tracked import version_text  # noqa: E402
from benchtools import median_seconds, print_table

ND30 = ROOT / "tests" / "fixtures" / "reference" / "nd30-2020" / "nd30_30_2020_ND_CP.txt"
WORD = re.compile(r"[^\W_]+")
FILLER = ("hệ thống thông tin văn bản điện tử cơ quan tổ chức quản lý lưu trữ hồ sơ tài liệu "
          "bảo đảm an toàn dữ liệu kết nối liên thông chữ ký số phần mềm quy định trách nhiệm "
          "thực hiện kiểm tra báo cáo định kỳ hằng năm theo hướng dẫn của Bộ").split()


def _edit_words(text: str, rng: random.Random, n: int) -> str:
    for _ in range(n):
        words = list(WORD.finditer(text))
        if not words:
            return text + " " + rng.choice(FILLER)
        m = rng.choice(words)
        kind = rng.random()
        if kind < 0.5:
            text = text[:m.start()] + rng.choice(FILLER) + text[m.end():]
        elif kind < 0.8:
            text = text[:m.end()] + " " + rng.choice(FILLER) + text[m.end():]
        else:
            text = (text[:m.start()] + text[m.end():]).replace("  ", " ")
    return text


def edited_copy(frame: pd.DataFrame, *, word_edits: int, deletions: int, moves: int,
                seed: int) -> pd.DataFrame:
    """A deterministic edit of a clause frame: word edits, deletions, moves, renumbering."""
    rng = random.Random(seed)
    rows = frame.sort_values("order").to_dict("records")
    parents = {r["parent_id"] for r in rows}
    clause_rows = [r for r in rows if r["kind"] in ("clause", "point") and r["text"]]
    for r in rng.sample(clause_rows, min(len(clause_rows), word_edits // 3)):
        r["text"] = _edit_words(r["text"], rng, 3)
    leaves = [r for r in rows if r["kind"] in ("clause", "point") and r["clause_id"] not in parents]
    gone = {r["clause_id"] for r in rng.sample(leaves, deletions)}
    rows = [r for r in rows if r["clause_id"] not in gone]
    for r in rng.sample([r for r in rows if r["kind"] == "point"], moves):
        rows.remove(r)
        target = rng.randrange(len(rows))
        r = dict(r, clause_id=r["clause_id"] + "~moved", parent_id=rows[target]["parent_id"])
        rows.insert(target + 1, r)
    # a new clause at the head of an article with leaf clauses: later siblings renumbered
    articles = [a for a in rows if a["kind"] == "article"]
    for art in articles[len(articles) // 2:]:
        kids = [r for r in rows if r["parent_id"] == art["clause_id"]]
        if len(kids) >= 2 and all(k["clause_id"] not in parents for k in kids):
            for k in kids:
                k["clause_id"] += "~r"
                digits = re.sub(r"\D", "", k["number"]) or "0"
                k["number"] = f"{int(digits) + 1}."
            new = dict(kids[0], clause_id=art["clause_id"] + ".knew", number="1.",
                       text="Khoản mới bổ sung về kết nối liên thông dữ liệu điện tử.")
            rows.insert(rows.index(kids[0]), new)
            break
    for i, r in enumerate(rows):
        r["order"] = i
    return schema.conform(rows, schema.CLAUSES)


def _vocabulary() -> list[str]:
    """Syllables of the decree (real Vietnamese frequencies), else a small filler list."""
    if ND30.exists():
        return WORD.findall(ND30.read_text(encoding="utf-8").lower())
    return FILLER


def generated(n: int, seed: int = 7, vocabulary=FILLER) -> pd.DataFrame:
    """A regulation of ``n`` clauses: articles of 1–6 khoản, some with 2–4 điểm.

    Words are drawn from ``vocabulary`` with its frequencies (a list with repeats).
    """
    rng = random.Random(seed)
    rows: list[dict] = []
    art = 0
    letters = "abcdđeg"
    while len(rows) < n:
        art += 1
        aid = f"D{art}"
        rows.append(dict(clause_id=aid, parent_id="", kind="article", number=f"Điều {art}",
                         heading=" ".join(rng.choices(vocabulary, k=5)).capitalize(), text=""))
        for k in range(1, rng.randint(2, 6)):
            kid = f"{aid}.k{k}"
            rows.append(dict(clause_id=kid, parent_id=aid, kind="clause", number=f"{k}.",
                             heading="", text=" ".join(rng.choices(vocabulary, k=rng.randint(12, 40)))))
            if rng.random() < 0.3:
                for p in range(rng.randint(2, 4)):
                    rows.append(dict(clause_id=f"{kid}.{letters[p]}", parent_id=kid, kind="point",
                                     number=f"{letters[p]})", heading="",
                                     text=" ".join(rng.choices(vocabulary, k=rng.randint(8, 25)))))
    rows = rows[:n]
    for i, r in enumerate(rows):
        r.update(order=i, level=r["clause_id"].count("."), location=f"p{i}", cells=None)
    return schema.conform(rows, schema.CLAUSES)


def _median(fn, repeat: int) -> float:
    return median_seconds(fn, repeat)


def _timed_child(fn, repeat, queue):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        queue.put(list(times))


def _median_bounded(fn, repeat: int, budget: float) -> tuple[float | None, str]:
    """Median of up to ``repeat`` runs in a child process, stopped after ``budget`` seconds."""
    import multiprocessing as mp
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_timed_child, args=(fn, repeat, queue))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.terminate()
        child.join()
    times: list[float] = []
    while not queue.empty():
        times = queue.get()
    if not times:
        return None, f"did not finish within {budget:.0f} s (stopped)"
    note = "" if len(times) == repeat else f"; only {len(times)} of {repeat} runs within {budget:.0f} s"
    return statistics.median(times), f"{len(times)} runs{note}"


def _peers(name: str, old_text: str, new_text: str, repeat: int, budget: float) -> list[dict]:
    from diff_match_patch import diff_match_patch
    from redlines import Redlines

    def dl():
        difflib.SequenceMatcher(None, old_text.split(), new_text.split()).get_opcodes()

    def dmp():
        d = diff_match_patch()
        d.Diff_Timeout = 0
        ops = d.diff_main(old_text, new_text)
        d.diff_cleanupSemantic(ops)

    def rl():
        Redlines(old_text, new_text).output_markdown

    out = []
    for tool, fn, note in (("difflib (words)", dl, "SequenceMatcher on word lists (default "
                                                   "autojunk), whole text"),
                           ("diff-match-patch (chars)", dmp, "pure Python, Diff_Timeout=0, "
                                                            "semantic clean-up, whole text"),
                           ("redlines", rl, "Redlines(old, new).output_markdown, whole text")):
        median, runs = _median_bounded(fn, repeat, budget)
        out.append({"benchmark": name, "tool": tool, "median_s": median, "target_s": None,
                    "notes": f"{note}; {runs}"})
    return out


def _case(name: str, old: pd.DataFrame, new: pd.DataFrame, target: float, repeat: int,
          peer_repeat: int, budget: float) -> list[dict]:
    cmp = compare(old, new)
    counts = {r.change: r.count for r in cmp.summary().itertuples() if r.count}
    note = ", ".join(f"{k} {v}" for k, v in counts.items())
    rows = []
    for engine in ("fast", "pure"):
        os.environ["CONSULTKIT_DIFF_ENGINE"] = engine
        try:
            median = _median(lambda: compare(old, new), repeat)
        finally:
            os.environ.pop("CONSULTKIT_DIFF_ENGINE", None)
        rows.append({"benchmark": name, "tool": f"consultkit.compare ({engine} engine)",
                     "median_s": median, "target_s": target,
                     "notes": f"{len(old)}→{len(new)} units; {note}" if engine == "fast" else
                     "same work, pure-Python diff-match-patch"})
    rows += _peers(name, version_text(old), version_text(new), peer_repeat, budget)
    return rows


def run() -> list[dict]:
    rows: list[dict] = []
    if ND30.exists():
        from consultkit.clauses.parse import parse_clauses
        body = parse_clauses(ND30)
        edited = edited_copy(body, word_edits=300, deletions=3, moves=2, seed=30)
        rows += _case("ND 30/2020 body vs edited copy", body, edited, 0.050, 15, 5, 60)
    else:
        rows.append({"benchmark": "ND 30/2020 body vs edited copy", "tool": "consultkit.compare",
                     "median_s": None, "target_s": 0.050, "notes": f"{ND30} not found: skipped"})
    big = generated(5000, vocabulary=_vocabulary())
    rows += _case("5,000 generated clauses vs edited copy", big,
                  edited_copy(big, word_edits=1500, deletions=10, moves=5, seed=5000), 2.0, 5, 3,
                  180)
    return rows


if __name__ == "__main__":
    print_table(run())
