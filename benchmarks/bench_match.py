"""Matching 10,000 unit names against the roster: consultkit vs a rapidfuzz extractOne loop.

The names are generated from the bundled roster with known answers (fixed
seed): abbreviations (SYT, BV, TW, TP.HCM), no diacritics, the other tone
placement, upper case, word order ("Nghệ An - Sở Y tế", "Nghe An DOH"),
English forms, one-letter typos, and ~15 % names of units that are *not* in
the roster (which must stay unmatched). Both tools see the same names.

Accuracy columns in ``notes``: correct (right unit, or unmatched for an
absent unit), wrong (a unit given, but not the right one), undecided
(consultkit's needs_decision).

Run alone: ``.venv/bin/python benchmarks/bench_match.py``.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from consultkit.comments.match import UnitMatcher  # noqa: E402
from consultkit.text import strip_diacritics  # noqa: E402
from consultkit.workspace import open_consultation  # noqa: E402
from benchtools import print_table

N = 10_000
SEED = 20210618

ABSENT = [
    "Bệnh viện Bạch Mai 2", "Bệnh viện 72 trung ương", "Bệnh viện Nhi Đồng 1",
    "Bệnh viện Đa khoa tỉnh Nghệ An", "Bảo hiểm xã hội tỉnh Thanh Hóa", "Sở Giáo dục và Đào tạo Hà Nội",
    "Sở Tài chính tỉnh Nam Định", "Bệnh viện Tâm thần trung ương 3", "Bệnh viện Đa khoa Đà Nẵng",
    "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh", "Công ty cổ phần Công nghệ Y tế Việt",
    "Bệnh viện Đa khoa tỉnh Quảng Nam", "Cục Công nghệ thông tin", "Bệnh viện Sản Nhi Cà Mau",
    "Sở Y tế Thành phố Paris", "Bệnh viện Mắt Hà Nội 2",
]


def _other_tones(text: str) -> str:
    for a, b in (("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"),
                 ("ỏe", "oẻ"), ("ủy", "uỷ"), ("ùy", "uỳ"), ("ụy", "uỵ")):
        text = text.replace(a, b)
    return text


def _typo(rng: random.Random, text: str) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and not any(c.isdigit() for c in w)]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1:]                     # drop one letter
    return " ".join(words)


def variants(rng: random.Random, name: str, kind: str) -> str:
    province = name.removeprefix("Sở Y tế ") if kind == "provincial_health_department" else ""
    choices = [
        lambda: name,
        lambda: strip_diacritics(name),
        lambda: _other_tones(name),
        lambda: name.upper(),
        lambda: name.replace("Bệnh viện", "BV").replace("trung ương", "TW")
                    .replace("Sở Y tế", "SYT").replace("TP. Hồ Chí Minh", "TP.HCM"),
        lambda: _typo(rng, name),
        lambda: strip_diacritics(name).lower().replace("benh vien", "BV"),
    ]
    if province:
        choices += [lambda: f"{province} - Sở Y tế", lambda: f"{strip_diacritics(province)} DOH",
                    lambda: f"Sở Y tế tỉnh {province}", lambda: f"SYT {strip_diacritics(province)}"]
    return rng.choice(choices)()


def make_names(roster, n: int = N, seed: int = SEED) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    units = roster[~roster["placeholder"].astype(bool)]
    rows = list(zip(units["unit_id"], units["name"], units["kind"]))
    names, expected = [], []
    for _ in range(n):
        if rng.random() < 0.15:
            names.append(rng.choice([rng.choice(ABSENT), strip_diacritics(rng.choice(ABSENT))]))
            expected.append("")
        else:
            uid, name, kind = rng.choice(rows)
            names.append(variants(rng, name, kind))
            expected.append(uid)
    return names, expected


def _consultkit(roster, names):
    matcher = UnitMatcher(roster)
    return [(r["unit_id"], r["method"] == "needs_decision") for r in map(matcher.match, names)]


def _consultkit_uncached(roster, names):
    matcher = UnitMatcher(roster)
    out = []
    for name in names:
        matcher._cache.clear()
        r = matcher.match(name)
        out.append((r["unit_id"], r["method"] == "needs_decision"))
    return out


def _rapidfuzz(roster, names):
    ids, choices = roster["unit_id"].tolist(), roster["name"].tolist()
    out = []
    for name in names:
        hit = process.extractOne(name, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                                 score_cutoff=85)
        out.append((ids[hit[2]] if hit else "", False))
    return out


def _accuracy(results, expected) -> str:
    """correct: right unit, or left unmatched (not undecided) when absent; wrong: another
    unit; undecided: needs_decision; missed: unmatched although in the roster."""
    n = len(expected)
    correct = sum(got == exp and not nd for (got, nd), exp in zip(results, expected))
    wrong = sum(1 for (got, _), exp in zip(results, expected) if got and got != exp)
    undecided = sum(1 for _got, nd in results if nd)
    missed = sum(1 for (got, nd), exp in zip(results, expected) if exp and not got and not nd)
    return (f"correct {100 * correct / n:.1f} %, wrong {100 * wrong / n:.1f} %, "
            f"undecided {100 * undecided / n:.1f} %, missed {100 * missed / n:.1f} %")


def run(repeats: int = 3) -> list[dict]:
    roster = open_consultation().roster
    names, expected = make_names(roster)
    rows = []
    for tool, fn, note in (
        ("consultkit UnitMatcher", _consultkit, "index built inside the timing; results cached by "
                                                "match key"),
        ("consultkit UnitMatcher, cache off", _consultkit_uncached,
         f"every name matched afresh ({len(set(names)):,} distinct names)"),
        ("rapidfuzz extractOne (WRatio, default_process, cutoff 85)", _rapidfuzz, "peer"),
    ):
        times, results = [], None
        for _ in range(repeats):
            start = time.perf_counter()
            results = fn(roster, names)
            times.append(time.perf_counter() - start)
        rows.append({"benchmark": f"match {len(names):,} unit names against the roster "
                                  f"({len(roster)} units)",
                     "tool": tool, "median_s": statistics.median(times), "target_s": None,
                     "notes": f"{_accuracy(results, expected)}; {note}"})
    return rows


if __name__ == "__main__":
    print_table(run())
