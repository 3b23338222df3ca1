"""Importing 100,000 comment rows from a sheet, with unit matching and citation linking.

The sheet is generated (fixed seed): unit names written the ways people write
them (abbreviations, no diacritics, other word order, a few units not in the
roster), a mix of "agree" replies and proposals citing clauses in varied
Vietnamese forms, some uncited proposals (which get clause suggestions), some
rows with a bad date (rejected). ``load_comments`` is timed end to end: read,
match units against the bundled roster, stance, link citations and suggest
clauses against the bundled draft (or a small clause frame when no draft is
bundled), mark duplicates. One run per format (each is long); target 20 s.

Run alone: ``python benchmarks/bench_intake.py``.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path
from benchtools import print_table

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

N_ROWS = 100_000
TARGET_S = 20.0

AGREE = ["Nhất trí với nội dung dự thảo.", "Thống nhất với dự thảo, không có ý kiến khác.",
         "Cơ bản nhất trí.", "Không có ý kiến bổ sung.", "Hoàn toàn đồng ý với dự thảo.",
         "nhat tri voi du thao"]
PROPOSALS = ["đề nghị làm rõ thời hạn lưu trữ hình ảnh", "đề nghị bổ sung yêu cầu kết nối HL7",
             "đề nghị quy định cụ thể chuẩn DICOM", "đề nghị bỏ yêu cầu in phim",
             "kiến nghị điều chỉnh lộ trình triển khai", "đề nghị bổ sung yêu cầu bảo mật dữ liệu",
             "đề nghị sửa cụm từ máy trạm thành trạm làm việc", "cần xem xét chi phí đầu tư hạ tầng"]
TAILS = ["cho phù hợp với thực tế", "để thống nhất với Luật Khám bệnh, chữa bệnh",
         "vì nhiều cơ sở chưa đủ điều kiện", "nhằm bảo đảm liên thông dữ liệu", ""]


def _clauses():
    """The bundled draft's clauses, else a small frame with annex ids."""
    from consultkit import schema
    from consultkit.workspace import open_consultation

    try:
        versions = open_consultation().versions
        if versions:
            return list(versions.values())[-1]
    except Exception:  # no draft bundled yet
        pass
    rows = []
    for i in range(1, 6):
        rows.append((f"IV.{i}", f"Tiêu chí nhóm {i}: hạ tầng, lưu trữ, kết nối, phần mềm, an toàn."))
        for j in range(1, 4):
            rows.append((f"IV.{i}.{j}", f"Yêu cầu {i}.{j} về lưu trữ hình ảnh, DICOM, HL7, bảo mật dữ liệu."))
    return schema.conform([{"clause_id": c, "parent_id": c.rsplit(".", 1)[0] if "." in c else "",
                            "kind": "item", "number": c, "heading": "", "text": t, "order": k,
                            "level": c.count("."), "location": "", "cells": None}
                           for k, (c, t) in enumerate(rows)], schema.CLAUSES)


def _citation_forms(clause_ids: list[str]) -> list[str]:
    forms = []
    for cid in clause_ids:
        parts = cid.split(".")
        if len(parts) == 2:
            forms += [f"mục {cid}", f"mục {parts[1]} phần {parts[0]}"]
        elif len(parts) == 3:
            forms += [f"mục {cid}", f"mục {parts[1]}.{parts[2]} phần {parts[0]}"]
        elif len(parts) == 4:
            forms += [f"điểm {parts[3]} mục {'.'.join(parts[:3])}"]
    return forms or ["mục IV.2"]


def _unit_variants(roster) -> list[str]:
    from consultkit.text import strip_diacritics

    names = []
    for name in roster["name"]:
        short = (name.replace("Bệnh viện", "BV").replace("Sở Y tế", "SYT")
                 .replace("trung ương", "TW").replace("Bảo hiểm xã hội", "BHXH"))
        names += [name, short, strip_diacritics(name), name.upper()]
    names += ["Công ty TNHH Thiết bị Y tế ABC", "Hội Điện quang Việt Nam", "Bệnh viện tư nhân XYZ"]
    return names


def make_sheet(path: Path, roster, clauses, n: int = N_ROWS, seed: int = 2021) -> Path:
    rng = random.Random(seed)
    units = _unit_variants(roster)
    ids = [c for c in clauses["clause_id"] if not str(c).startswith("_")]
    forms = _citation_forms(ids)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STT", "Đơn vị", "Ngày nhận", "Số văn bản", "Điều khoản", "Nội dung góp ý", "Kênh"])
        for i in range(1, n + 1):
            unit = rng.choice(units)
            day = rng.randint(1, 30)
            date = f"{day}/6/2021" if rng.random() > 0.002 else "31/6/2021"   # a few bad dates
            kind = rng.random()
            refs = ""
            if kind < 0.4:
                text = rng.choice(AGREE)
            elif kind < 0.75:
                form = rng.choice(forms)
                text = f"Tại {form}: {rng.choice(PROPOSALS)} {rng.choice(TAILS)} (ý {rng.randint(1, 40)})."
            elif kind < 0.9:
                refs = rng.choice(ids)
                text = f"{rng.choice(PROPOSALS).capitalize()} {rng.choice(TAILS)}."
            else:
                text = f"{rng.choice(PROPOSALS).capitalize()} {rng.choice(TAILS)} (ý {rng.randint(1, 200)})."
            writer.writerow([i, unit, date, f"{rng.randint(1, 999)}/CV", refs, text,
                             rng.choice(["Email", "Bưu điện", ""])])
    return path


def make_xlsx(csv_path: Path, path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Góp ý")
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(path)
    return path


def _clear_caches() -> None:
    """Each run starts cold: no folded text or stance left from the previous one."""
    from consultkit.comments.stance import classify_stance
    from consultkit.readers import rows, sheets

    for cached in (rows.cached_fold, rows.cached_match_key, rows._cached_normalize,
                   classify_stance, sheets.channel_of):
        cached.cache_clear()


def run() -> list[dict]:
    from consultkit.comments.intake import load_comments
    from consultkit.workspace import open_consultation

    roster = open_consultation().roster
    clauses = _clauses()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sheet = make_sheet(Path(tmp) / "so-theo-doi.csv", roster, clauses)
        book = make_xlsx(sheet, Path(tmp) / "so-theo-doi.xlsx")
        for label, path in (("csv", sheet), ("xlsx", book)):
            _clear_caches()
            start = time.perf_counter()
            result = load_comments([path], roster=roster, clauses=clauses)
            elapsed = time.perf_counter() - start
            c = result.comments
            assert result.read == len(c) + len(result.rejects) == N_ROWS
            cited = int((c["clause_ids"].map(len) > 0).sum())
            matched = int((c["unit_id"] != "").sum())
            rows.append({
                "benchmark": f"intake: {N_ROWS:,} sheet rows (.{label}) with unit matching and citation linking",
                "tool": "consultkit.load_comments",
                "median_s": elapsed, "target_s": TARGET_S,
                "notes": f"one run; {len(c):,} comments, {len(result.rejects)} rejects, {matched:,} units "
                         f"matched, {cited:,} with citations, {len(clauses)} clauses",
            })
        # reading the .xlsx alone: the streaming reader against openpyxl read-only
        from consultkit.readers.sheets import read_xlsx

        for fast, tool in ((True, "consultkit.readers.xlsx_fast (lxml iterparse)"),
                           (False, "openpyxl read-only (peer)")):
            _clear_caches()
            start = time.perf_counter()
            result = read_xlsx(book, fast=fast)
            elapsed = time.perf_counter() - start
            rows.append({"benchmark": f"read {N_ROWS:,} rows of an .xlsx comment sheet (no matching)",
                         "tool": tool, "median_s": elapsed, "target_s": None,
                         "notes": f"one run; {len(result.rows):,} comments, {len(result.rejects)} rejects"})
    return rows


if __name__ == "__main__":
    print_table(run())
