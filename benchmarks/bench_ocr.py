"""Scanned letters and returned drafts: OCR speed and quality, returned-draft reading speed.

Inputs:
* synthetic scans made by scripts/make_scans.py from the bundled inbox letters and the
  letter corpus (tests/fixtures/letters, .docx): each rendered by LibreOffice, rasterised at
  300 dpi, once clean and once noisy (grain, specks, blur, 1.5–2.5° skew, red stamp and blue
  signature over the signature block);
* the character error rate (CER) of the body text (from "Kính gửi" to "Nơi nhận"), OCR
  layout text against the letter's own text, both with white space collapsed;
* sender unit (matched to the roster), số/ký hiệu and date of each scan against its digital
  twin read by the same reader;
* a returned draft of 60 clauses (12 articles × 5 khoản) with 40 tracked replacements and
  20 Word comments (tests/returned_docs.py), read with the consultation's clauses.
Targets: one A4 page at 300 dpi ≤ 4 s on one core (Tesseract limited to one thread; measured
as wall time and as CPU time, ours plus Tesseract's, since the machine is shared);
CER ≤ 2 % clean, ≤ 5 % noisy; header fields right on ≥ 95 % of scans with 0 wrong units;
the returned draft ≤ 1 s. The machine is shared: the load average is in the notes.
No peer tool: Tesseract is the engine; the rows to watch are our cleaning + layout cost
around it (the ``tesseract only`` row) and the CER.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchtools import median_seconds, print_table  # noqa: E402

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LETTERS = sorted((ROOT / "data" / "consultations" / "ris-pacs-2021" / "inbox").glob("*.docx"))[:5] \
    + sorted((ROOT / "tests" / "fixtures" / "letters").glob("*.docx"))[:5]


def _scans():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "scripts" / "make_scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _body(text: str) -> str:
    flat = re.sub(r"\s+", " ", text)
    start = flat.find("Kính gửi")
    end = flat.find("Nơi nhận")
    return flat[start if start >= 0 else 0: end if end > start else len(flat)].strip()


def _source_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    lines = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _cer(reference: str, hypothesis: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (Tesseract)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _ocr_rows(scans) -> list[dict]:
    from consultkit.readers.ocr import clean_page, layout_text, recognise
    from consultkit.readers.replies import read_reply
    from consultkit.workspace import BUNDLED, open_consultation

    consultation = open_consultation(BUNDLED)
    roster, clauses = consultation.roster, consultation.versions["du-thao-2"]
    from consultkit.comments.match import match_units

    rows: list[dict] = []
    cer = {"clean": [], "noisy": []}
    twin = {"clean": [], "noisy": []}      # comments of the scan vs those of the digital twin
    page_times: list[float] = []
    page_cpu: list[float] = []         # CPU seconds, ours + Tesseract's (the machine is shared)
    tess_times: list[float] = []
    right = wrong = total = 0
    with tempfile.TemporaryDirectory(prefix="ck-bench-ocr-") as tmp:
        for i, letter in enumerate(LETTERS):
            source = _body(_source_text(letter))
            digital = read_reply(letter).rows
            for quality in ("clean", "noisy"):
                pages = scans.scan_pages(letter, quality=quality, seed=100 + i)
                path = scans.save(pages, Path(tmp) / f"{letter.stem}-{quality}.pdf")
                start, cpu = time.perf_counter(), _cpu()
                page = recognise(pages[0])
                page_times.append(time.perf_counter() - start)
                page_cpu.append(_cpu() - cpu)
                if quality == "clean":
                    import pytesseract

                    grey, _ = clean_page(pages[0])
                    start = time.perf_counter()
                    pytesseract.image_to_data(grey, lang="vie", config="--psm 3")
                    tess_times.append(time.perf_counter() - start)
                text = "\n".join([layout_text(page.words)])
                cer[quality].append(_cer(source, _body(text)))
                scanned = read_reply(path, roster=roster, clauses=clauses).rows
                twin[quality].append(_cer(" ".join(r["text"] for r in digital),
                                          " ".join(r["text"] for r in scanned)))
                total += 1
                if not scanned or not digital:
                    continue
                units = match_units([digital[0]["unit_raw"], scanned[0]["unit_raw"]], roster)
                unit_ok = units["unit_id"].iloc[0] == units["unit_id"].iloc[1]
                if units["unit_id"].iloc[1] and not unit_ok:
                    wrong += 1
                if unit_ok and scanned[0]["letter_number"] == digital[0]["letter_number"] and \
                        scanned[0]["received"] == digital[0]["received"]:
                    right += 1
    load = os.getloadavg()[0]
    rows.append({"benchmark": "OCR of one A4 page, 300 dpi: CPU time (ours + Tesseract's)",
                 "tool": "consultkit + Tesseract 1 thread", "median_s": statistics.median(page_cpu),
                 "target_s": 4.0, "notes": "CPU seconds on one core, which a shared machine's "
                                           "load does not inflate"})
    rows.append({"benchmark": "OCR of one A4 page, 300 dpi (clean + deskew + Tesseract vie)",
                 "tool": "consultkit + Tesseract 1 thread", "median_s": statistics.median(page_times),
                 "target_s": 4.0, "notes": f"{len(page_times)} pages; load average {load:.1f} "
                                            "on 2 shared cores"})
    rows.append({"benchmark": "Tesseract alone on the cleaned page", "tool": "tesseract",
                 "median_s": statistics.median(tess_times), "target_s": None,
                 "notes": f"{len(tess_times)} clean pages"})
    for quality, limit in (("clean", 0.02), ("noisy", 0.05)):
        values = cer[quality]
        mean = statistics.mean(values)
        rows.append({"benchmark": f"CER of the body text, {quality} scans", "tool": "consultkit",
                     "median_s": None, "target_s": None,
                     "notes": f"mean {mean:.2%}, worst {max(values):.2%} over {len(values)} pages; "
                              f"target ≤ {limit:.0%}: {'met' if mean <= limit else 'MISSED'} "
                              "(a table's cells are laid out row by row, not in the source's "
                              "order: the worst page is the letter with a comment table)"})
        values = twin[quality]
        mean = statistics.mean(values)
        rows.append({"benchmark": f"CER of the comments read, {quality} scan vs digital twin",
                     "tool": "consultkit", "median_s": None, "target_s": None,
                     "notes": f"mean {mean:.2%}, worst {max(values):.2%} over {len(values)} letters "
                              f"(same letter reader on both; table cells rebuilt)"})
    share = right / max(1, total)
    rows.append({"benchmark": "sender unit, số/ký hiệu and date right (scan vs digital twin)",
                 "tool": "consultkit", "median_s": None, "target_s": None,
                 "notes": f"{right}/{total} = {share:.0%}, wrong units {wrong}; target ≥ 95 % and 0 "
                          f"wrong: {'met' if share >= 0.95 and wrong == 0 else 'MISSED'}"})
    return rows


def _returned_draft() -> tuple[bytes, object]:
    import docx

    from consultkit.clauses.parse import parse_clauses
    from returned_docs import comment_on, replace_words

    document = docx.Document()
    for article in range(1, 13):
        document.add_paragraph(f"Điều {article}. Quy định số {article}")
        for k in range(1, 6):
            document.add_paragraph(f"{k}. Nội dung khoản {k} của Điều {article} về hệ thống "
                                   f"lưu trữ hình ảnh mức {article}-{k} theo tiêu chuẩn DICOM.")
    buffer = io.BytesIO()
    document.save(buffer)
    clauses = parse_clauses(io.BytesIO(buffer.getvalue()))
    n = 0
    for article in range(1, 13):
        for k in range(1, 6):
            key = f"mức {article}-{k} "
            if n < 40:
                replace_words(document, key, "theo tiêu chuẩn DICOM", "theo tiêu chuẩn DICOM và HL7",
                              100 + 2 * n)
            if (article * 5 + k) % 3 == 0 and n < 60:
                comment_on(document, key, f"Ý kiến số {n} về khoản {k} Điều {article}.")
            n += 1
    comments = len(document.comments) if hasattr(document, "comments") else 0
    while comments < 20:
        comment_on(document, f"mức {comments % 12 + 1}-5 ", f"Ý kiến thêm {comments}.")
        comments += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), clauses


def _draft_rows() -> list[dict]:
    from consultkit.readers.replies import read_docx_reply

    data, clauses = _returned_draft()
    result = read_docx_reply(io.BytesIO(data), name="returned.docx", clauses=clauses)
    changes = sum(1 for r in result.rows if r["proposed"])
    notes = sum(1 for r in result.rows if "#comment" in r["source"])
    seconds = median_seconds(lambda: read_docx_reply(io.BytesIO(data), name="returned.docx",
                                                     clauses=clauses), repeat=5, warmup=True)
    return [{"benchmark": "returned draft: 60 clauses, 40 tracked changes, 20 comments",
             "tool": "consultkit", "median_s": seconds, "target_s": 1.0,
             "notes": f"{len(clauses)} clauses parsed; read {changes} changed clauses and "
                      f"{notes} comments"}]


def run() -> list[dict]:
    rows = _draft_rows()
    import shutil

    if shutil.which("tesseract") and shutil.which("soffice"):
        rows += _ocr_rows(_scans())
    return rows


if __name__ == "__main__":
    print_table(run())
