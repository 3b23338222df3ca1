"""Phrase instructions: replacing, inserting, deleting or correcting a quoted phrase
in place (used by :mod:`.apply`); :func:`_apply_phrase` is the entry point.
"""

from __future__ import annotations

import re

from .locate import _Failure, _find, _footnote, _missing, _Text

def _count(text: str, phrase: str) -> int:
    """Occurrences of phrase in text, overlapping ones included."""
    return len(re.findall(f"(?={re.escape(phrase)})", text or ""))


def _occurrences(row: dict, phrase: str) -> int:
    return _count(row["heading"], phrase) + _count(row["text"], phrase)


def _edit(text: str, phrase: str, action: str, new: str, how: str) -> str:
    at = text.find(phrase)
    before, after = text[:at], text[at + len(phrase):]
    if action in ("replace_phrase", "correct"):
        return before + new + after
    if action == "delete_phrase":
        if before.endswith(" ") and (after.startswith(" ") or after[:1] in ",.;:)" or not after):
            before = before.rstrip(" ")
        elif not before and after.startswith(" "):
            after = after.lstrip(" ")
        return before + after
    # insert_phrase
    if how == "trước":
        sep = "" if new[-1:] in "(“\"" else " "
        return before + new + sep + phrase + after
    sep = "" if new[:1] in ",.;:)”\"" else " "
    return before + phrase + sep + new + after


def _apply_phrase(state: _Text, inst: dict, info: dict) -> None:
    action, phrase = inst["action"], inst["phrase"]
    if not phrase:
        raise _Failure("lệnh không có cụm từ trong ngoặc kép")
    plan: list[tuple[dict, str]] = []      # (row, field)
    targets = list(inst["targets"])
    if not targets:
        hits = [r for r in state.rows if r["status"] != "repealed" and _occurrences(r, phrase)]
        if not hits:
            raise _Failure(f"không tìm thấy cụm từ “{phrase}” trong văn bản")
        for row in hits:
            for field in ("heading", "text"):
                for _ in range((row[field] or "").count(phrase)):   # each one replaced
                    plan.append((row, field))
    for cid in targets:
        i = _find(state, cid)
        if i < 0:
            raise _Failure(_missing(cid))
        row = state.rows[i]
        n = _occurrences(row, phrase)
        where = [row] if n else [r for r in state.rows[i + 1:state.end(i)] if _occurrences(r, phrase)]
        total = sum(_occurrences(r, phrase) for r in where)
        if total == 0:
            raise _Failure(f"không tìm thấy cụm từ “{phrase}” tại {cid}")
        if total > 1:
            raise _Failure(f"cụm từ “{phrase}” xuất hiện {total} lần tại {cid}, không rõ sửa ở chỗ "
                           f"nào; cần nêu rõ hơn (điểm, khoản) hoặc cụm từ dài hơn")
        target = where[0]
        plan.append((target, "heading" if phrase in (target["heading"] or "") else "text"))
    new = inst["new_phrase"]
    if action in ("replace_phrase", "correct"):
        verb = "được đính chính" if action == "correct" else "được thay thế"
        what = f"Cụm từ “{phrase}” {verb} bằng cụm từ “{new}”"
    elif action == "delete_phrase":
        what = f"Cụm từ “{phrase}” được bỏ"
    else:
        what = f"Cụm từ “{new}” được bổ sung vào {inst['anchor'] or 'sau'} cụm từ “{phrase}”"
    note = _footnote(what, inst, info)
    for row, field in plan:
        row[field] = _edit(row[field], phrase, action, new, inst["anchor"])
        if note not in row["notes"]:
            row["notes"] = row["notes"] + [note]
        row["status"] = row["status"] or "phrase"
