"""Marking duplicates on 100,000 comments of which half are duplicates (target 3 s).

The comments are generated (fixed seed) from a vocabulary of the words
drafters write: 50,000 distinct comments, then 50,000 more that are
duplicates of them — 20,000 the same letter from the same unit in another
file (e-mail and post: ``duplicate_of``), 15,000 the same text from another
unit and 15,000 near copies (a word or two changed, punctuation) from
another unit (both: a shared ``group_id``). Units are 130 names; two thirds
of the comments cite one of 40 clauses, the rest none (the largest block).

Measured: :func:`consultkit.comments.duplicates.mark_duplicates` (exact
groups by hash, near-duplicates by MinHash/LSH blocking verified with the
same rapidfuzz ratio), and — on a 5,000-comment slice, since it grows
quadratically — the previous all-pairs method (``method="exact"``), with
whether both give the same groups there.

Run alone: ``.venv/bin/python benchmarks/bench_duplicates.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from consultkit import schema  # noqa: E402
from consultkit.comments import duplicates  # noqa: E402
from benchtools import print_table  # noqa: E402

SEED = 20210618
WORDS = ("đề nghị bổ sung sửa đổi quy định yêu cầu hệ thống lưu trữ hình ảnh kết nối RIS PACS "
         "bệnh viện cơ sở khám bệnh chữa bệnh tiêu chí kỹ thuật bảo mật dữ liệu chuẩn DICOM HL7 "
         "máy chủ dung lượng thời gian tối thiểu năm tháng ngày phần mềm triển khai hướng dẫn "
         "đào tạo nhân lực kinh phí đầu tư thiết bị mạng nội bộ băng thông truy cập từ xa "
         "bác sĩ chẩn đoán kết quả phiếu chỉ định bảo hiểm xã hội thanh toán chi phí sở y tế "
         "tỉnh thành phố trung ương địa phương lộ trình áp dụng hiệu lực thi hành điều khoản "
         "điểm mục phụ lục làm rõ thay thế bãi bỏ cụm từ nội dung phù hợp thực tế khả thi").split()


def comments(n: int = 100_000, seed: int = SEED):
    """The generated frame (COMMENTS columns) and the expected duplicate/group counts."""
    rng = random.Random(seed)
    units = [f"Bệnh viện số {i}" for i in range(130)]
    clauses = [(f"IV.{i // 8 + 1}.{i % 8 + 1}",) for i in range(40)]
    distinct = n // 2
    rows = []
    for i in range(distinct):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 40))).capitalize() + "."
        rows.append({"unit_raw": rng.choice(units), "text": text,
                     "clause_ids": rng.choice(clauses) if rng.random() < 2 / 3 else (),
                     "source": f"inbox/cv-{i}.docx#p1", "channel": "post",
                     "received": dt.date(2021, 6, 1) + dt.timedelta(days=rng.randint(0, 20))})
    for k in range(n - distinct):
        base = rows[rng.randrange(distinct)]
        kind = k % 10
        copy = dict(base, source=f"inbox/mail-{k}.eml#body.l3", channel="email")
        if kind >= 4:      # another unit: the same text (4-6) or a near copy (7-9)
            copy["unit_raw"] = rng.choice([u for u in units[:8] if u != base["unit_raw"]])
            if kind >= 7:
                words = base["text"].split()
                spot = rng.randrange(len(words))
                words[spot] = rng.choice(WORDS)
                copy["text"] = " ".join(words).rstrip(".") + ";"
        rows.append(copy)
    base = {"unit_id": "", "match_score": 0.0, "match_method": "none", "letter_number": "",
            "refs_raw": "", "clause_suggestions": (), "stance": "substantive", "duplicate_of": "",
            "group_id": ""}
    frame = schema.conform([{**base, **r, "comment_id": f"c-{i:07d}"} for i, r in enumerate(rows)],
                           schema.COMMENTS)
    return frame


def _groups(frame):
    """Duplicate pairs and group memberships as sets (ids of groups differ by construction only)."""
    dup = set(zip(frame["comment_id"], frame["duplicate_of"]))
    members: dict[str, set] = {}
    for cid, gid in zip(frame["comment_id"], frame["group_id"]):
        if gid:
            members.setdefault(gid, set()).add(cid)
    return dup, {frozenset(m) for m in members.values()}


def _timed(frame, **options):
    start, cpu = time.perf_counter(), time.process_time()
    out = duplicates.mark_duplicates(frame, **options)
    return out, time.perf_counter() - start, time.process_time() - cpu


def run() -> list[dict]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = []
    for n in (25_000, 50_000, 100_000):            # about linear: twice the comments, twice the time
        out, took, cpu = _timed(comments(n))
        n_dup = int((out["duplicate_of"] != "").sum())
        n_grouped = int((out["group_id"] != "").sum())
        rows.append({"benchmark": f"duplicates ({n:,} comments, 50 % duplicates)",
                     "tool": "consultkit mark_duplicates (hash + LSH)", "median_s": took,
                     "target_s": 3.0 if n == 100_000 else None,
                     "notes": f"{n_dup} duplicate_of, {n_grouped} in "
                              f"{out['group_id'].replace('', None).nunique()} groups; CPU time "
                              f"{cpu:.2f} s (load average {load:.1f} on the machine)"})
    small = comments(5_000, seed=SEED + 1)
    lsh, took_lsh, _ = _timed(small, method="lsh")
    exact, took_exact, _ = _timed(small, method="exact")
    rows.append({"benchmark": "duplicates (5,000 comments)", "tool": "consultkit, LSH everywhere",
                 "median_s": took_lsh,
                 "notes": f"same groups as all pairs: {_groups(lsh) == _groups(exact)}"})
    rows.append({"benchmark": "duplicates (5,000 comments)", "tool": "all pairs, rapidfuzz cdist "
                 "(previous method)", "median_s": took_exact, "notes": ""})
    _, took_20k, _ = _timed(comments(20_000), method="exact")
    rows.append({"benchmark": "duplicates (20,000 comments)", "tool": "all pairs, rapidfuzz cdist "
                 "(previous method)", "median_s": took_20k,
                 "notes": "grows with the square of the distinct texts"})
    return rows


if __name__ == "__main__":
    print_table(run())
