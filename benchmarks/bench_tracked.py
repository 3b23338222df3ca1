"""Tracked-changes Word files: writing them and reading them back (accept all).

Word inputs (the drafter's own file with marks added): the body of Nghị định 30/2020
(../shared/reference/nd30-2020) and a scripted redraft of it (tests/redraft.py, seed 1:
inserted ``16a.``/``d1)``/``Điều 6a``, 60 word edits, deletions, a move, a split, a merge,
a run made italic, cell edits). Timed: the whole ``consultkit compare OLD.docx NEW.docx
--format tracked-docx -o OUT`` process (interpreter start, imports, both parses, the
comparison, writing), against Docxodus (``python_redlines`` DocxodusEngine, in-process,
same two files) in the same run; the target is half of Docxodus's median. And the
comparison itself (two parsed clause frames → ``Comparison``) against a bare difflib
word diff of the same two texts (``SequenceMatcher`` on the token lists, defaults).

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

import os
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


def _word_rows() -> list[dict]:
    import difflib
    import subprocess

    sys.path.insert(0, str(ROOT / "tests"))
    from redraft import write_pair
    from consultkit.clauses.parse import parse_clauses
    from consultkit.comparison import worddiff as wd

    decree = ROOT.parent / "shared" / "reference" / "nd30-2020" / "nd30_30_2020_ND_CP.docx"
    if not decree.exists():
        return []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        old, new, _ = write_pair(decree, Path(tmp) / "pair", seed=1)
        out = Path(tmp) / "tracked.docx"
        exe = Path(sys.executable).with_name("consultkit")
        command = [str(exe), "compare", str(old), str(new), "--format", "tracked-docx", "-o", str(out)]
        # as installed: byte code cached (pip compiles it; this environment may say not to)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True, env=env),
                              5, warmup=True)
        peer = None
        try:
            from python_redlines.engines import DocxodusEngine
            engine = DocxodusEngine()
            a, b = old.read_bytes(), new.read_bytes()
            peer = median_seconds(lambda: engine.run_redline("bench", a, b), 5, warmup=True)
        except Exception as exc:  # the peer is optional
            rows.append({"benchmark": "ND 30/2020 body .docx vs Word redraft", "tool": "Docxodus",
                         "median_s": None, "target_s": None, "notes": f"not run: {exc}"})
        name = "ND 30/2020 body .docx vs Word redraft (whole process)"
        rows.append({"benchmark": name, "tool": "consultkit compare --format tracked-docx",
                     "median_s": ours, "target_s": peer / 2 if peer else None,
                     "notes": "new process each run (byte code cached, one warm-up run): interpreter, "
                              "imports, 2 parses, comparison, writing; target = half of Docxodus "
                              "in this run"})
        if peer:
            rows.append({"benchmark": name, "tool": "Docxodus (python_redlines, in-process)",
                         "median_s": peer, "target_s": None,
                         "notes": "DocxodusEngine().run_redline on the same two files"})
        fo, fn = parse_clauses(old), parse_clauses(new)
        cmp_s = _median(lambda: compare(fo, fn), 5)
        ta = "\n".join(fo["text"])
        tb = "\n".join(fn["text"])
        wa, wb = wd.tokenize(ta), wd.tokenize(tb)
        bare = _median(lambda: difflib.SequenceMatcher(None, wa, wb).get_opcodes(), 5)
        name = "ND 30/2020 body .docx vs Word redraft (comparison only)"
        rows.append({"benchmark": name, "tool": "consultkit.compare (frames → Comparison)",
                     "median_s": cmp_s, "target_s": bare,
                     "notes": "target = the bare difflib word diff below, same run"})
        rows.append({"benchmark": name, "tool": "difflib.SequenceMatcher on the word lists",
                     "median_s": bare, "target_s": None, "notes": "no clauses, no output"})
    return rows


def run() -> list[dict]:
    from bench_compare import edited_copy, generated, _vocabulary
    from consultkit.clauses.parse import parse_clauses

    rows = _word_rows()
    small = compare(parse_clauses(VERSIONS / "hien-hanh.docx"), parse_clauses(VERSIONS / "du-thao-1.docx"))
    rows += _case("criteria annex hiện hành → dự thảo 1", small, (0.2, 0.1), 9)
    big = generated(5000, vocabulary=_vocabulary())
    edited = edited_copy(big, word_edits=1500, deletions=10, moves=5, seed=5000)
    rows += _case("5,000 generated clauses vs edited copy", compare(big, edited), (3.0, 1.5), 3)
    return rows


if __name__ == "__main__":
    print_table(run())
