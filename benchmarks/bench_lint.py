"""The dispatch checker (``lint_dispatch``) on the bundled dispatch and the dispatch corpus.

Inputs: the bundled dispatch as .txt and as the LibreOffice-made .docx (the .docx row
includes the page and font checks of Phụ lục I), and the 16 dispatches of
tests/fixtures/dispatches/ (md, txt, python-docx and LibreOffice .docx) checked one
after the other. Peer: reading the same files with ``load_dispatch`` alone — what the
rules add on top of reading. The ``consultkit lint`` row times a real process.

Run alone: ``.venv/bin/python benchmarks/bench_lint.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from consultkit.lint import lint_dispatch  # noqa: E402
from consultkit.readers.dispatch import load_dispatch  # noqa: E402
from benchtools import median_seconds, print_table

FOLDER = ROOT / "data" / "consultations" / "ris-pacs-2021" / "dispatch"
TXT = FOLDER / "cong-van-xin-y-kien.txt"
DOCX = FOLDER / "cong-van-xin-y-kien.docx"
CORPUS = sorted((ROOT / "tests" / "fixtures" / "dispatches").iterdir())


def _median(fn, repeat: int = 5) -> float:
    return median_seconds(fn, repeat)


def run() -> list[dict]:
    lint_dispatch(TXT)                      # warm the imports and the province lists
    findings = sum(len(lint_dispatch(p)) for p in CORPUS)
    exe = ROOT / ".venv" / "bin" / "consultkit"
    rows = [
        {"benchmark": "lint the bundled dispatch .txt", "tool": "consultkit lint_dispatch",
         "median_s": _median(lambda: lint_dispatch(TXT)), "target_s": 0.2,
         "notes": f"{len(lint_dispatch(TXT))} findings"},
        {"benchmark": "lint the bundled dispatch .docx (with page/font checks)",
         "tool": "consultkit lint_dispatch", "median_s": _median(lambda: lint_dispatch(DOCX)),
         "target_s": 0.5, "notes": f"{len(lint_dispatch(DOCX))} findings"},
        {"benchmark": f"lint the dispatch corpus ({len(CORPUS)} files)", "tool": "consultkit lint_dispatch",
         "median_s": _median(lambda: [lint_dispatch(p) for p in CORPUS], repeat=3), "target_s": 2.0,
         "notes": f"{findings} findings in all"},
        {"benchmark": f"lint the dispatch corpus ({len(CORPUS)} files)", "tool": "load_dispatch only",
         "median_s": _median(lambda: [load_dispatch(p) for p in CORPUS], repeat=3), "target_s": None,
         "notes": "peer/floor: reading without the rules"},
    ]
    if exe.exists():
        rows.append({"benchmark": "consultkit lint (real process)", "tool": "consultkit",
                     "median_s": _median(lambda: subprocess.run(
                         [str(exe), "lint", str(TXT)], capture_output=True), repeat=3),
                     "target_s": 3.0, "notes": "interpreter start, imports, read, check, print"})
    return rows


if __name__ == "__main__":
    print_table(run())
