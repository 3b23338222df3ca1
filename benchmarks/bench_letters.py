"""Reply letters: reading a .docx letter versus its digitally signed PDF (text layer, pypdf).

Inputs: the letter corpus in tests/fixtures/letters (12 letters, 3 of them PDF). No peer
tool is named for this; the row to watch is the PDF reader's cost per letter against the
.docx reader's on the same letters.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchtools import median_seconds, print_table  # noqa: E402

from consultkit.comments.intake import load_comments  # noqa: E402
from consultkit.readers.letters import read_letter  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "letters"


def run() -> list[dict]:
    docx = sorted(FIXTURES.glob("*.docx"))
    pdf = sorted(FIXTURES.glob("*.pdf"))
    rows = []
    for label, files in (("docx", docx), ("pdf", pdf)):
        per_letter = median_seconds(lambda: [read_letter(p) for p in files], warmup=True) / len(files)
        rows.append({"benchmark": f"read one reply letter ({label})", "tool": "consultkit",
                     "median_s": per_letter, "target_s": 0.5 if label == "pdf" else None,
                     "notes": f"mean over {len(files)} corpus letters"})
    real = ROOT / "tests" / "fixtures" / "letters_real"
    for label in ("docx", "pdf"):
        files = sorted(real.glob(f"*.{label}"))
        per_letter = median_seconds(lambda: [read_letter(p) for p in files], warmup=True) / len(files)
        rows.append({"benchmark": f"read one real-shaped letter ({label}, comment tables, every cell "
                                  "accounted for)", "tool": "consultkit", "median_s": per_letter,
                     "target_s": 0.5 if label == "pdf" else None,
                     "notes": f"mean over {len(files)} letters of tests/fixtures/letters_real"
                              + ("; ruled tables read with pypdfium2" if label == "pdf" else "")})
    rows.append({"benchmark": "intake of the 12-letter corpus (no roster)", "tool": "consultkit",
                 "median_s": median_seconds(lambda: load_comments([FIXTURES]), repeat=3, warmup=True),
                 "target_s": None, "notes": "9 .docx + 3 .pdf"})
    return rows


if __name__ == "__main__":
    print_table(run())
