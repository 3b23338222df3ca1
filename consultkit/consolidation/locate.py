"""The base text being consolidated, and finding units in it (used by :mod:`.apply`).

:class:`_Text` keeps the base as an ordered list of row dicts changed in place;
:func:`_find` locates an instruction's target unit, :func:`_missing` words the
report's reason when it is absent; :func:`unit_name` and :func:`_footnote` word
the footnotes every changed unit carries.
"""

from __future__ import annotations

import re

import pandas as pd

from ..clauses.patterns import point_index

_NAMES = {"clause": "khoản", "point": "điểm", "article": "Điều", "chapter": "Chương",
          "section": "Mục", "annex": "Phụ lục", "part": "Phần", "table_row": "dòng",
          "item": "gạch đầu dòng", "annex_section": "mục"}


def unit_name(row: dict) -> str:
    """'khoản', 'điểm', 'tiểu mục'… the name of a unit's kind, as footnotes write it."""
    if row["kind"] == "annex_section":
        return "tiểu mục" if "." in row["clause_id"].split("~")[0].lstrip("P0123456789.") else "mục"
    if row["kind"] == "item" and not (row.get("number") or "").strip() in ("-", "+", "•"):
        return "đơn vị"
    return _NAMES.get(row["kind"], "đơn vị")


def _date_vn(value) -> str:
    if not value:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)   # ND 30/2020, II.4.b
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def _doc_ref(info: dict) -> str:
    kind = ""
    title = info.get("title") or ""
    for word in ("THÔNG TƯ LIÊN TỊCH", "THÔNG TƯ", "NGHỊ ĐỊNH", "QUYẾT ĐỊNH", "NGHỊ QUYẾT",
                 "LUẬT"):
        if title.upper().startswith(word):
            kind = word.capitalize()
            break
    if info.get("number"):
        return f"{kind or 'Văn bản'} số {info['number']}"
    return info.get("name") or "văn bản sửa đổi"


def _footnote(what: str, row: dict, info: dict) -> str:
    effect = _date_vn(info.get("effective"))
    tail = f", có hiệu lực kể từ {effect}" if effect else ""
    where = f"{row['location']} của " if row.get("location") else ""
    return f"{what} theo quy định tại {where}{_doc_ref(info)}{tail}."


def _sort_key(cid: str) -> tuple:
    """(kind of number, number) of a unit's own id segment: units of one kind are ordered by
    number ("k2" < "k2a" < "k3", "d" < "d1" < "đ"); kinds are never compared by number."""
    base = cid.split("~")[0]
    bullet = re.search(r"[-+](\d+)$", base)
    if bullet:
        return ("-", int(bullet.group(1)), -1)
    seg = base.split(".")[-1]
    m = re.match(r"^(k|D|M|r|C|P|PL)?(\d+)([a-zđ]?)$", seg)
    if m:
        return (m.group(1) or "#", int(m.group(2)), point_index(m.group(3)) if m.group(3) else -1)
    m = re.match(r"^([a-zđ])(\d*)$", seg)
    if m:
        return ("point", point_index(m.group(1)) or 0, int(m.group(2) or 0))
    return ("?", 0, 0)


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows of a frame as dicts (column lists first: fast on Arrow-backed strings)."""
    columns = list(frame.columns)
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


class _Text:
    """The base as an ordered list of row dicts, changed in place."""

    def __init__(self, base: pd.DataFrame):
        self.rows = _records(base.sort_values("order"))
        for row in self.rows:
            row["status"] = ""
            row["notes"] = []
        self._hint = 0

    def index(self, cid: str) -> int:
        """Position of a unit (-1 if absent). Instructions go through the text in order and
        name units near each other (a unit, its parent, its sibling), so the search goes
        outwards from where the last one was found."""
        rows = self.rows
        n = len(rows)
        hint = min(self._hint, n - 1) if n else 0
        for d in range(n):
            for i in (hint + d, hint - d - 1):
                if 0 <= i < n and rows[i]["clause_id"] == cid:
                    self._hint = i
                    return i
            if hint + d >= n and hint - d - 1 < 0:
                break
        return -1

    def end(self, i: int) -> int:
        level = self.rows[i]["level"]
        j = i + 1
        while j < len(self.rows) and self.rows[j]["level"] > level:
            j += 1
        return j

    def ancestors(self, i: int) -> list[dict]:
        """The rows enclosing row i, outermost first."""
        out = []
        parent = self.rows[i]["parent_id"]
        level = self.rows[i]["level"]
        for j in range(i - 1, -1, -1):
            row = self.rows[j]
            if row["clause_id"] == parent and row["level"] < level:
                out.append(row)
                parent, level = row["parent_id"], row["level"]
                if not parent:
                    break
        return out[::-1]


class _Failure(Exception):
    pass


def _previous_sibling(state: _Text, i: int) -> int:
    """Index of the sibling right before row i (-1 if none)."""
    parent, level = state.rows[i]["parent_id"], state.rows[i]["level"]
    for j in range(i - 1, -1, -1):
        row = state.rows[j]
        if row["level"] < level:
            return -1
        if row["level"] == level and row["parent_id"] == parent and not row["clause_id"].startswith("_"):
            return j
    return -1


def _find(state: _Text, cid: str) -> int:
    i = state.index(cid)
    if i < 0 and re.match(r"^M\d", cid):      # "Mục 2" without its Chương: unique in the text
        hits = [j for j, r in enumerate(state.rows) if r["clause_id"].endswith("." + cid)]
        i = hits[0] if len(hits) == 1 else -1
    return i


def _missing(cid: str) -> str:
    from ..comparison.amend import cite
    return f"không có {cite(cid)} ({cid}) trong văn bản gốc"
