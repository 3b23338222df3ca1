"""Vietnamese labels for clause ids and a natural order for ids not in a clause frame."""

from __future__ import annotations

import re

import pandas as pd

from .. import text as vt

_ROMAN = re.compile(r"^[IVXLCDM]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def unit_label(name: str) -> str:
    """A unit's name as printed: NFC, tone marks placed as the Ministry's own documents do.

    >>> unit_label("Sở Y tế Hoà Bình")
    'Sở Y tế Hòa Bình'
    """
    return vt.canonical_tones(vt.normalize(name or ""))


_DEICTIC = re.compile(r"^(?:(?:muc|dieu|khoan|diem|tieu chi|phan|noi dung)\s+)+nay$")


def is_deictic(reference: str) -> bool:
    """True for a citation that points nowhere on its own ("Mục này", "khoản này").

    >>> is_deictic("Mục này"), is_deictic("Điểm a khoản 2 mục IV.2")
    (True, False)
    """
    return bool(_DEICTIC.match(vt.fold(reference or "").strip(" .:;,")))


def roman_to_int(text: str) -> int | None:
    """'IV' -> 4; None when ``text`` is not a Roman numeral."""
    text = text.strip().upper().rstrip(".")
    if not text or not _ROMAN.match(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < nxt else value
    return total


def clause_label(clause_id: str) -> str:
    """A reader's name for a clause id.

    >>> clause_label("D8.k2.a")
    'Điểm a khoản 2 Điều 8'
    >>> clause_label("IV.2.1")
    'Mục IV.2.1'
    >>> clause_label("IV.3.r2"), clause_label("IV.2.3-1"), clause_label("PL1")
    ('Mục IV.3, dòng 2', 'Mục IV.2.3, gạch đầu dòng 1', 'Phụ lục 1')
    >>> clause_label("")
    'Ý kiến chung'
    """
    if not clause_id:
        return "Ý kiến chung"
    base, _, dup = clause_id.partition("~")
    parts = base.split(".")
    if parts[0].startswith("D") and parts[0][1:].isdigit():
        names = [f"Điều {parts[0][1:]}"]
        for part in parts[1:]:
            if part.startswith("k") and part[1:].isdigit():
                names.append(f"khoản {part[1:]}")
            elif part.startswith("-"):
                names.append(f"gạch đầu dòng {part[1:]}")
            else:
                names.append(f"điểm {part}")
        label = " ".join(reversed(names))
    elif re.fullmatch(r"C\d+(\.M\d+)?", base):
        label = f"Chương {parts[0][1:]}" + (f", Mục {parts[1][1:]}" if len(parts) > 1 else "")
    elif re.fullmatch(r"PL\d+", parts[0]) and len(parts) == 1:
        label = f"Phụ lục {parts[0][2:]}"
    else:
        m = re.fullmatch(r"(?P<path>.*?)(?:\.r(?P<row>\d+)|-(?P<item>\d+))?", base)
        label = f"Mục {m.group('path')}"
        if m.group("row"):
            label += f", dòng {m.group('row')}"
        elif m.group("item"):
            label += f", gạch đầu dòng {m.group('item')}"
    label = label[0].upper() + label[1:]
    return label + (f" (bản {dup})" if dup else "")


def natural_key(clause_id: str) -> tuple:
    """Sort key for clause ids without a clause frame: numbers and Roman numerals by value."""
    key = []
    for part in re.split(r"[.~]", clause_id or ""):
        head = part.lstrip("DCMk-")
        roman = roman_to_int(part) if _ROMAN.match(part or "-") else None
        if roman is not None and part not in ("D", "C", "M"):
            key.append((0, roman, ""))
        elif head.isdigit():
            key.append((0, int(head), part))
        else:
            key.append((1, 0, part))
    return tuple(key)


def clause_order(clauses: pd.DataFrame | None) -> dict[str, int]:
    """clause_id -> position in the draft (from a CLAUSES frame), {} when none."""
    if clauses is None or not len(clauses):
        return {}
    order = clauses["order"] if "order" in clauses.columns else range(len(clauses))
    return {str(cid): int(o) for cid, o in zip(clauses["clause_id"], order)}


def clause_texts(clauses: pd.DataFrame | None) -> dict[str, tuple[str, str, str]]:
    """clause_id -> (number, heading, text) from a CLAUSES frame."""
    if clauses is None or not len(clauses):
        return {}
    return {str(r["clause_id"]): (str(r.get("number", "") or ""), str(r.get("heading", "") or ""),
                                  str(r.get("text", "") or ""))
            for r in clauses.to_dict("records")}


def shorten(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["clause_label", "natural_key", "clause_order", "clause_texts", "roman_to_int",
           "shorten"]
