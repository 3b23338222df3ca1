"""Checks of numbering sequences: skipped and out-of-order numbers.

Numbers are never corrected: the checks only report. Duplicates are reported
where the id is made (:mod:`.build`); here a repeated value is not reported
again.
"""

from __future__ import annotations

from .patterns import ordinal_value, point_index

_NAMES = {"article": "điều", "chapter": "chương", "part": "phần", "section": "mục",
          "annex_section": "mục", "clause": "khoản", "point": "điểm", "table_row": "dòng STT",
          "annex": "phụ lục", "item": "mục"}


def _value(row: dict) -> int | None:
    kind = row["kind"]
    number = row["number"]
    if kind == "point":
        index = point_index(number.rstrip(")."))
        return None if index is None else index + 1
    if kind in ("article",):
        digits = number.split()[-1].rstrip(".:")
        return int(digits) if digits.isdigit() else None
    if kind in ("chapter", "part", "section", "annex"):
        return ordinal_value(number.split(None, 1)[1].rstrip(".").split()[-1]) \
            if " " in number else None
    if kind in ("clause", "annex_section"):
        last = number.rstrip(".").split(".")[-1]
        if last.isdigit():
            return int(last)
        return ordinal_value(last)
    if kind == "item" and number.endswith(")") and number[:-1].isdigit():
        return int(number[:-1])
    if kind == "table_row":
        digits = number.rstrip(".")
        return int(digits) if digits.isdigit() else None
    return None


def _group(row: dict) -> tuple | None:
    kind = row["kind"]
    if kind in ("article", "chapter", "part"):
        return (kind,)                      # numbered through the whole text
    if kind == "annex_section":
        roman = not row["number"][:1].isdigit()
        depth = row["number"].rstrip(".").count(".")
        return (kind, row["parent_id"], roman, depth)
    if kind == "item" and row["number"].endswith(")"):
        return ("item)", row["parent_id"])
    if kind in ("section", "clause", "point", "table_row", "annex"):
        return (kind, row["parent_id"])
    return None


def check_sequences(rows: list[dict]) -> list[str]:
    """Issues (Vietnamese) for numbers that skip or go backwards among siblings."""
    issues: list[str] = []
    last: dict[tuple, dict] = {}
    parents = {row["clause_id"]: row["kind"] for row in rows}
    for row in rows:
        group = _group(row)
        if group is None:
            continue
        value = _value(row)
        if value is None:
            continue
        name = _NAMES.get(row["kind"], row["kind"])
        previous = last.get(group)
        where = f" trong {row['parent_id']}" if row["parent_id"] and group[0] != "article" else ""
        if previous is None:
            # an excerpt may start at any Roman section of an annex ("IV." alone)
            excerpt = row["kind"] == "annex_section" and group[2] and \
                parents.get(row["parent_id"], "annex") == "annex"
            if value != 1 and row["kind"] not in ("table_row", "annex") and not excerpt:
                issues.append(f"{row['location']}: {name} đầu tiên{where} là “{row['number']}”, "
                              "không bắt đầu từ 1 (a)")
        else:
            before = _value(previous)
            if value > before + 1:
                issues.append(f"{row['location']}: bỏ số — sau “{previous['number']}” "
                              f"({previous['location']}) là “{row['number']}”{where}")
            elif value < before:
                issues.append(f"{row['location']}: sai thứ tự — “{row['number']}” đứng sau "
                              f"“{previous['number']}” ({previous['location']}){where}")
        last[group] = row
    return issues
