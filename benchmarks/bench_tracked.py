"""Tracked-changes Word files: writing them and reading them back (accept all).

Two inputs: the bundled criteria annex (hiện hành → dự thảo 1: about 50 units each, a criteria
table of 10 rows, a move, a split and a merge), and a generated regulation of 5,000
clauses compared with an edited copy (~1,500 word edits, deletions, moves,
renumberings; the generator and the edits are ``bench_compare``'s). Timed:
``write_tracked_changes`` from the ``Comparison`` to the saved .docx, and ``accept_all``
on that file. No peer: no other tool writes Word revision marks from a clause
comparison. Comparison and parsing are not timed.

Run: ``python benchmarks/run.py tracked`` or ``python benchmarks/bench_tracked.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from consultkit.comparison.core import compare  # noqa: E402
from consultkit.writers.tracked import accept_all, write_tracked_changes  # noqa: E402
from benchtools import median_seconds, print_table

VERSIONS = ROOT / "data" / "consultations" / "ris-pacs-2021" / "versions"


def _median(fn, repeat: int) -> float:
    return median_seconds(fn, repeat)


def _case(name: str, cmp, targets: tuple[float, float], repeat: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.docx"
        write = _median(lambda: write_tracked_changes(cmp, path, author="bench"), repeat)
        read = _median(lambda: accept_all(path), repeat)
        size = path.stat().st_size
    units = len(cmp.old) + len(cmp.new)
    return [
        {"benchmark": name, "tool": "consultkit.write_tracked_changes", "median_s": write,
         "target_s": targets[0], "notes": f"{units} units in both versions, {size // 1024} KiB .docx"},
        {"benchmark": name, "tool": "consultkit.accept_all", "median_s": read,
         "target_s": targets[1], "notes": "reads the .docx back, applies every revision"},
    ]


def run() -> list[dict]:
    from bench_compare import edited_copy, generated, _vocabulary
    from consultkit.clauses.parse import parse_clauses

    rows = []
    small = compare(parse_clauses(VERSIONS / "hien-hanh.docx"), parse_clauses(VERSIONS / "du-thao-1.docx"))
    rows += _case("criteria annex hiện hành → dự thảo 1", small, (0.2, 0.1), 9)
    big = generated(5000, vocabulary=_vocabulary())
    edited = edited_copy(big, word_edits=1500, deletions=10, moves=5, seed=5000)
    rows += _case("5,000 generated clauses vs edited copy", compare(big, edited), (3.0, 1.5), 3)
    return rows


if __name__ == "__main__":
    print_table(run())
