"""Citations of clause ids for amending documents: ``D8.k2.a`` → ``điểm a khoản 2 Điều 8``.

Split out of :mod:`consultkit.comparison.amend` (which re-exports :func:`cite`); the
rules for chapters, annexes, table rows and bullets are described there."""

from __future__ import annotations

import re

from ..clauses.patterns import to_roman

__all__ = ["cite"]

_ROMAN = re.compile(r"^[IVXLC]+$")
_ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def _bullet(n: str) -> str:
    if n.isdigit() and 1 <= int(n) <= len(_ORDINALS):
        return f"gạch đầu dòng thứ {_ORDINALS[int(n) - 1]}"
    return f"gạch đầu dòng thứ {n}"


def _segments(clause_id: str) -> list[str]:
    base = clause_id.split("~", 1)[0]
    out = []
    for seg in base.split("."):
        if "-" in seg:
            head, *bullets = seg.split("-")
            out.append(head)
            out += ["-" + b for b in bullets]
        else:
            out.append(seg)
    return [s for s in out if s]


def _parts(clause_id: str) -> list[str]:
    """Citation parts from large to small."""
    segs = _segments(clause_id)
    if not segs:
        return [clause_id]
    parts: list[str] = []
    if _ROMAN.match(segs[0]):  # annex-style
        parts.append(f"mục {segs[0]}")
        numbers: list[str] = []
        for seg in segs[1:]:
            if seg.startswith("-"):
                parts.append(_bullet(seg[1:]))
            elif re.fullmatch(r"\d+[a-zđ]?", seg):        # "2", inserted "2a"
                numbers.append(seg)
                if len(parts) > 1 and parts[-1].startswith("tiểu mục"):
                    parts.pop()
                parts.append("tiểu mục " + ".".join(numbers))
            elif re.fullmatch(r"r\d+[a-zđ]?", seg):          # a criteria-table row
                parts.append(f"dòng số thứ tự {seg[1:]}")
            elif re.fullmatch(r"[a-zđ]\d{0,2}", seg):       # "a", inserted "c1"
                parts.append(f"điểm {seg}")
            else:
                parts.append(f"nội dung {seg}")
        return parts
    if re.fullmatch(r"P\d+", segs[0]) and len(segs) > 1 and _ROMAN.match(segs[1]):
        return [f"Phần {to_roman(int(segs[0][1:]))}"] + _parts(".".join(segs[1:]))
    if re.fullmatch(r"PL\d+", segs[0]):
        return [f"Phụ lục {segs[0][2:]}"] + (_parts(".".join(segs[1:]))
                                             if len(segs) > 1 else [])
    for seg in segs:
        m = re.match(r"^(C|M|D|k)(.+)$", seg)
        if m and m.group(1) == "k" and parts and parts[-1].startswith("khoản "):
            m = None          # under a khoản, "k1" is the inserted point k1
        if seg.startswith("-"):
            parts.append(_bullet(seg[1:]))
        elif m and m.group(1) == "C":
            number = m.group(2)     # chapters are numbered in Roman numerals ("Chương II")
            parts.append(f"Chương {to_roman(int(number)) if number.isdigit() else number}")
        elif m and m.group(1) == "M":
            parts.append(f"Mục {m.group(2)}")
        elif m and m.group(1) == "D":
            parts = [f"Điều {m.group(2)}"]  # article numbers are unique: drop chapters
        elif m and m.group(1) == "k":
            parts.append(f"khoản {m.group(2)}")
        elif seg.isalpha() and len(seg) <= 2 and seg.islower() or re.match(r"^[a-zđ]\d*$", seg):
            parts.append(f"điểm {seg}")
        else:
            parts.append(f"nội dung {seg}")
    return parts


def cite(clause_id: str, document: str = "") -> str:
    """The Vietnamese citation of a clause id, small unit first.

    >>> cite("D8.k2.a")
    'điểm a khoản 2 Điều 8'
    >>> cite("IV.2.1.a")
    'điểm a tiểu mục 2.1 mục IV'
    """
    parts = _parts(clause_id)
    text = " ".join(reversed(parts))
    return f"{text} {document}".strip() if document else text


def _own(clause_id: str) -> str:
    return _parts(clause_id)[-1]



def _own_all(ids: list[str]) -> str:
    """"điểm d1" for one unit, "các điểm d1, d2" for a run of siblings."""
    if len(ids) == 1:
        return _own(ids[0])
    label, _, first = _own(ids[0]).rpartition(" ")
    numbers = [first] + [_own(i).rpartition(" ")[2] for i in ids[1:]]
    return f"các {label} {', '.join(numbers)}"
