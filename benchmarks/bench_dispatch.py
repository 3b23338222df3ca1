"""Reading the dispatch and building the roster.

Inputs: the bundled dispatch as .txt and as the LibreOffice-made .docx, and a
synthetic .txt dispatch whose annex lists 5,000 units (to see how the reader
scales). Peer: python-docx text extraction of the same .docx (paragraphs and
table cells, no parsing) — the floor any .docx reader built on python-docx pays.
The ``consultkit info`` row times a real process (interpreter start included).

Run alone: ``.venv/bin/python benchmarks/bench_dispatch.py``.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from consultkit.readers.dispatch import load_dispatch  # noqa: E402
from consultkit.readers.roster import load_roster  # noqa: E402
from benchtools import median_seconds, print_table

FOLDER = ROOT / "data" / "consultations" / "ris-pacs-2021"
TXT = FOLDER / "dispatch" / "cong-van-xin-y-kien.txt"
DOCX = FOLDER / "dispatch" / "cong-van-xin-y-kien.docx"


def _median(fn, repeat: int = 7) -> float:
    return median_seconds(fn, repeat)


def _python_docx_text() -> str:
    import docx

    document = docx.Document(str(DOCX))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _big_dispatch(units: int = 5000) -> bytes:
    head = TXT.read_text(encoding="utf-8").split("- I. Bảo hiểm")[0]
    rows = [f"- {g}. Nhóm {g}\n" + "\n".join(f"{i}\tĐơn vị số {i} nhóm {g}" for i in range(1, units // 5 + 1))
            for g in ("I", "II", "III", "IV", "V")]
    return (head + "\n\n".join(rows)).encode("utf-8")


def run() -> list[dict]:
    dispatch = load_dispatch(TXT)
    big = _big_dispatch()
    big_dispatch = load_dispatch(io.BytesIO(big))
    exe = ROOT / ".venv" / "bin" / "consultkit"
    rows = [
        {"benchmark": "load dispatch .txt (bundled)", "tool": "consultkit",
         "median_s": _median(lambda: load_dispatch(TXT)), "target_s": 0.05,
         "notes": f"{len(dispatch.annex)} annex groups, {len(dispatch.body)} body paragraphs"},
        {"benchmark": "load dispatch .docx (LibreOffice-made)", "tool": "consultkit",
         "median_s": _median(lambda: load_dispatch(DOCX)), "target_s": 0.5,
         "notes": "header and signature tables, 2 annex tables"},
        {"benchmark": "load dispatch .docx (LibreOffice-made)", "tool": "python-docx text only",
         "median_s": _median(_python_docx_text), "target_s": None,
         "notes": "peer/floor: paragraphs + table cells as text, no parsing"},
        {"benchmark": "roster from the dispatch (128 units)", "tool": "consultkit",
         "median_s": _median(lambda: load_roster(dispatch)), "target_s": 0.1,
         "notes": "63 provinces expanded from data/reference"},
        {"benchmark": "load dispatch .txt, annex of 5,000 units", "tool": "consultkit",
         "median_s": _median(lambda: load_dispatch(io.BytesIO(big)), repeat=3), "target_s": 1.0,
         "notes": f"{sum(len(g.entries) for g in big_dispatch.annex)} entries"},
        {"benchmark": "roster, 5,000 units", "tool": "consultkit",
         "median_s": _median(lambda: load_roster(big_dispatch), repeat=3), "target_s": 1.0,
         "notes": ""},
    ]
    if exe.exists():
        rows.append({"benchmark": "consultkit info (real process)", "tool": "consultkit",
                     "median_s": _median(lambda: subprocess.run(
                         [str(exe), "info", str(FOLDER)], capture_output=True, check=True), repeat=3),
                     "target_s": 3.0, "notes": "interpreter start, imports, dispatch, roster, print"})
    return rows


if __name__ == "__main__":
    print_table(run())
