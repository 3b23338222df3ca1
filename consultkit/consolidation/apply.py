"""Applying amending instructions to a base text: :func:`consolidate`.

The base is a clause frame (or anything :func:`~consultkit.clauses.parse.parse_clauses`
reads); it is kept as an ordered list of rows and changed instruction by
instruction, the rules of the Pháp lệnh hợp nhất (01/2012/UBTVQH13):

* numbers never change: a restated unit keeps its id; an inserted unit takes the
  id its number gives (``D2.k1a``) and is placed where its instruction says
  ("vào sau khoản 1" right after khoản 1 and its descendants; "vào Điều 5"
  among Điều 5's units by number);
* a repealed unit stays as its number followed by "(được bãi bỏ)";
* every changed unit carries a footnote naming the amending document (number,
  date of effect) and the provision of it that made the change (``notes``).

The quoted new text is read by the same clause builder as every document, under
a skeleton of the target's enclosing units, so its ids are the ids the base's
numbering gives; a quoted table row ("6. Ký số | … | x") under a criteria table
becomes a table row.

Nothing is applied silently: an instruction whose target is missing, already
there, or repealed; a phrase absent from its place or present more than once;
an unreadable instruction; a quotation never closed — each is a row of
``frame.attrs["report"]`` with ``applied=False`` and the reason in Vietnamese,
and the base is left as it was for that instruction. ``strict=True`` raises
:class:`~consultkit.errors.ConsolidationError` at the first one instead.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from .. import schema
from ..clauses.build import TreeBuilder
from ..clauses.patterns import BULLET_RANKS, classify, point_index
from ..errors import ConsolidationError
from ..readers.dates import parse_date
from ..readers.word import Block
from .instructions import read_amendments

__all__ = ["consolidate", "REPEALED", "unit_name", "surviving"]

#: the text a repealed unit keeps after its number
REPEALED = "(được bãi bỏ)"

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


def _skeleton(chain: list[dict]) -> list[Block]:
    blocks = []
    for row in chain:
        number = (row["number"] or "").strip()
        heading = row["heading"] or ""
        filler = heading if heading else "X"
        blocks.append(Block(kind="paragraph", text=f"{number} {filler}".strip(),
                            location=f"skeleton {row['clause_id']}"))
    return blocks


_ROW_LINE = re.compile(r"^\s*(?P<n>\d{1,3}[a-zđ]?(?:\.\d{1,3})*)[.)]?\s+(?P<rest>.*\|.*)$")
_HEADER_LINE = re.compile(r"^\s*(?:STT|TT|Số\s+TT|Số\s+thứ\s+tự)\s*\|", re.IGNORECASE)


def _cells(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"\s*\|\s*", text)]


def _table_blocks(blocks) -> list[Block]:
    """Quoted table lines of a text document ("STT | Tiêu chí | …", "6. Ký số | … | x")
    as table rows; Word rows stay as they are."""
    out, header, table, row = [], (), 900, 0
    for block in blocks:
        text = block.display if block.kind == "paragraph" else ""
        if block.kind == "paragraph" and _HEADER_LINE.match(text):
            table, row, header = table + 1, 1, tuple(_cells(text))
            out.append(Block(kind="table_row", text=text, cells=header, header=header,
                             location=f"t{table}.r{row}", meta={"table": table}))
            continue
        found = _ROW_LINE.match(text) if header else None
        if found:
            row += 1
            cells = tuple([found.group("n")] + _cells(found.group("rest")))
            out.append(Block(kind="table_row", text=" | ".join(c for c in cells if c), cells=cells,
                             header=header, location=f"t{table}.r{row}", meta={"table": table}))
            continue
        if block.kind == "paragraph":
            header = ()
        out.append(block)
    return out


def _single_unit(blocks: tuple, parent: dict | None, expected: list[str]) -> list[dict] | None:
    """The quoted text when it is one plain numbered paragraph ("2. …", "d1) …", "- …") of the
    kind its parent takes, as the clause builder would read it; None for anything else (the
    builder reads it then). Most instructions quote one khoản or điểm: this keeps 300 of them
    within the time budget (benchmarks/bench_consolidate.py)."""
    if len(blocks) != 1 or len(expected) != 1 or parent is None:
        return None
    block = blocks[0]
    if block.kind != "paragraph" or block.bold:
        return None
    found = classify(block.display)
    if not found or not found[3]:
        return None
    kind, number, n, rest = found
    want = expected[0]
    own = want.split(".")[-1]
    if kind == "point" and own == n:
        unit = "point"
    elif kind == "bullet" and n not in BULLET_RANKS and re.search(r"-\d+$", want):
        unit = "item"
    elif kind == "decimal" and parent["kind"] == "article" and own == f"k{n}":
        unit = "clause"
    elif kind == "decimal" and parent["kind"] in ("annex_section", "annex") \
            and (want.endswith("." + n) or want == n):
        unit = "annex_section"
    else:
        return None
    return [{"clause_id": want, "parent_id": parent["clause_id"], "kind": unit, "number": number,
             "heading": "", "text": rest, "order": 0, "level": parent["level"] + 1,
             "location": "", "cells": None}]


def _parse_quoted(blocks: tuple, chain: list[dict], base_parent: str) -> tuple[list[dict], str]:
    """Rows of the quoted text under the units of ``chain`` (outermost first)."""
    blocks = _table_blocks(blocks)
    skeleton = _skeleton(chain)
    builder = TreeBuilder(quotes=False)
    for block in skeleton + list(blocks):
        builder.add(block)
    rows = builder.rows               # (finish() only adds numbering issues: not needed here)
    new = [r for r in rows[len(skeleton):]]
    if not new:
        return [], "nội dung trích dẫn trống"
    parents = {r["parent_id"] for r in new}
    for row in new:
        # a numbered heading ("7. Yêu cầu đối với …", bold in the base) quoted as plain text
        if row["kind"] == "annex_section" and row["text"] and not row["heading"] \
                and row["clause_id"] in parents and not re.search(r"[.;:,]$", row["text"]) \
                and "\n" not in row["text"]:
            row["heading"], row["text"] = row["text"], ""
    return new, ""


def _row_units(blocks: tuple, parent: dict, sibling: dict | None) -> tuple[list[dict], str]:
    """Quoted criteria-table rows: a Word row (STT first) or a line "6. Tên | Yêu cầu | x"."""
    keys = list(sibling["cells"]) if sibling is not None and isinstance(sibling.get("cells"), dict) \
        else []
    out = []
    for block in blocks:
        if block.kind == "table_row" and block.cells:
            cells = [c.strip() for c in block.cells]
        else:
            m = re.match(r"^\s*(\d+[a-zđ]?(?:\.\d+)*)[.)]?\s+(.*)$", block.display)
            if not m:
                return [], f"không đọc được dòng bảng “{block.display[:60]}” (cần: số thứ tự rồi các ô)"
            cells = [m.group(1)] + _cells(m.group(2))
        number = cells[0].rstrip(".)")
        rest = cells[1:]
        out.append({"clause_id": f"{parent['clause_id']}.r{number}", "parent_id": parent["clause_id"],
                    "kind": "table_row", "number": number, "heading": "",
                    "text": " | ".join(c for c in rest if c), "level": parent["level"] + 1,
                    "location": "", "cells": dict(zip(keys, cells)) if len(keys) == len(cells)
                    else None})
    return out, ""


def _top_of(row: dict, tops: list[dict], first_parent: str) -> str:
    ids = {t["clause_id"] for t in tops}
    cid = row["clause_id"]
    for top in sorted(ids, key=len, reverse=True):
        if cid == top or cid.startswith(top + ".") or cid.startswith(top + "-"):
            return top
    return ""


def _retarget(rows: list[dict], expected: list[str], parent: dict | None,
              shared: bool = False) -> tuple[list[dict], str]:
    """Give the quoted top units the ids the instruction names (bullets are numbered by
    place, so a quoted '- …' is the bullet the instruction names) and their levels."""
    parent_id = parent["clause_id"] if parent is not None else ""
    top_level = parent["level"] + 1 if parent is not None else 0
    first_parent = rows[0]["parent_id"] if rows else ""
    tops = [r for r in rows if r["parent_id"] == first_parent]
    if shared and len(tops) > len(expected):
        # one quotation for several actions ("Sửa đổi, bổ sung khoản 18 và bổ sung khoản 18a
        # vào sau khoản 18 …"): this action takes the units it names
        wanted = {re.split(r"[.]", w)[-1] for w in expected}
        keep = {t["clause_id"] for t in tops if re.split(r"[.]", t["clause_id"])[-1] in wanted}
        rows = [r for r in rows if _top_of(r, tops, first_parent) in keep]
        tops = [t for t in tops if t["clause_id"] in keep]
    if len(tops) != len(expected):
        got = ", ".join((r["number"] or r["clause_id"]).strip() for r in tops) or "không có"
        return [], (f"nội dung trích dẫn có {len(tops)} đơn vị ({got}) nhưng lệnh nêu "
                    f"{len(expected)} đơn vị")
    mapping = {}
    for row, want in zip(tops, expected):
        have = row["clause_id"]
        own_have = re.split(r"[.]", have)[-1]
        own_want = re.split(r"[.]", want)[-1]
        if have != want and not ("-" in own_want and "-" in own_have) and \
                own_have.split("~")[0] != own_want:
            return [], (f"số hiệu trong nội dung trích dẫn (“{row['number'].strip()}”) không khớp "
                        f"đơn vị lệnh nêu ({want})")
        mapping[have] = want
    out = []
    levels = {parent_id: top_level - 1}
    current = None
    for row in rows:
        row = dict(row)
        if row["parent_id"] == first_parent:
            current = row["clause_id"]
            row["parent_id"] = parent_id
        old_top, new_top = current, mapping[current]
        for key in ("clause_id", "parent_id"):
            value = row[key]
            if value == old_top or value.startswith(old_top + ".") or value.startswith(old_top + "-"):
                row[key] = new_top + value[len(old_top):]
        row["level"] = levels.get(row["parent_id"], top_level - 1) + 1
        levels[row["clause_id"]] = row["level"]
        out.append(row)
    return out, ""


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


def _units(state: _Text, inst: dict, expected: list[str], parent_index: int,
           sibling_index: int, previous: int = -1) -> list[dict]:
    """The new rows for ``expected`` ids, placed under the row at ``parent_index``."""
    blocks = inst["blocks"]
    if not blocks:
        raise _Failure("lệnh không có nội dung trích dẫn (cần “…” sau “như sau:”)")
    parent = state.rows[parent_index] if parent_index >= 0 else None
    if expected and re.search(r"\.r\d+[a-zđ]?$", expected[0]) and parent is not None:
        sibling = state.rows[sibling_index] if sibling_index >= 0 else None
        rows, problem = _row_units(blocks, parent, sibling)
        if problem:
            raise _Failure(problem)
        rows, problem = _retarget(rows, expected, parent, inst.get("shared", False))
    elif (fast := _single_unit(blocks, parent, expected)) is not None:
        rows, problem = fast, ""
    else:
        chain = (state.ancestors(parent_index) + [parent]) if parent is not None else []
        if previous >= 0:       # an inserted number ("1a.") counts right after its sibling:
            # the siblings before it (back to a plain number) go into the skeleton
            siblings = [previous]
            while not re.fullmatch(r"\W*\d+\W*|\W*[a-zđ]\W*|\W*Điều \d+\W*|\W*[IVXLC]+\W*"
                                   r"|\W*(?:\d+\.)*\d+\W*", state.rows[siblings[0]]["number"] or ""):
                before = _previous_sibling(state, siblings[0])
                if before < 0:
                    break
                siblings.insert(0, before)
            chain = chain + [state.rows[j] for j in siblings if state.rows[j]["kind"] != "table_row"]
        rows, problem = _parse_quoted(blocks, chain, parent["clause_id"] if parent else "")
        if problem:
            raise _Failure(problem)
        rows, problem = _retarget(rows, expected, parent, inst.get("shared", False))
    if problem:
        raise _Failure(problem)
    return rows


def _find(state: _Text, cid: str) -> int:
    i = state.index(cid)
    if i < 0 and re.match(r"^M\d", cid):      # "Mục 2" without its Chương: unique in the text
        hits = [j for j, r in enumerate(state.rows) if r["clause_id"].endswith("." + cid)]
        i = hits[0] if len(hits) == 1 else -1
    return i


def _missing(cid: str) -> str:
    from ..comparison.amend import cite
    return f"không có {cite(cid)} ({cid}) trong văn bản gốc"


def _mark(rows: list[dict], status: str, note: str) -> None:
    for row in rows:
        row["status"] = status
        row["notes"] = [note] if row is rows[0] else []


def _apply_unit(state: _Text, inst: dict, info: dict) -> None:
    action = inst["action"]
    targets = list(inst["targets"])
    if not targets:
        raise _Failure("lệnh không nêu đơn vị nào")
    if action == "insert":
        how, _, anchor = inst["anchor"].partition(":")
        a = _find(state, anchor)
        if a < 0:
            raise _Failure(_missing(anchor))
        for cid in targets:
            at = state.index(cid)
            if at >= 0:
                status = "đã được bãi bỏ" if state.rows[at]["status"] == "repealed" else "đã có"
                raise _Failure(f"{cid} {status} trong văn bản; đơn vị bổ sung phải có số hiệu mới "
                               f"(ví dụ khoản 1a, điểm d1)")
        if how == "in":
            parent_index = a
            children = [j for j in range(a + 1, state.end(a))
                        if state.rows[j]["parent_id"] == state.rows[a]["clause_id"]
                        and not state.rows[j]["clause_id"].startswith("_")]
            # "Bổ sung điểm d vào khoản 2": among the units of the same kind, by number; the
            # first of its kind goes first (after the parent's own text rows)
            key = _sort_key(targets[0])
            same = [j for j in children if _sort_key(state.rows[j]["clause_id"])[0] == key[0]]
            if same:
                position, sibling = state.end(same[-1]), same[-1]
                for j in same:
                    if _sort_key(state.rows[j]["clause_id"]) > key:
                        position, sibling = j, j
                        break
            else:
                position, sibling = a + 1, -1
                while position < len(state.rows) and state.rows[position]["clause_id"].startswith(
                        "_") and state.rows[position]["parent_id"] == state.rows[a]["clause_id"]:
                    position += 1
        else:
            parent_id = state.rows[a]["parent_id"]
            parent_index = state.index(parent_id) if parent_id else -1
            position = state.end(a) if how == "after" else a
            sibling = a
        previous = a if how == "after" else -1
        if how != "after":
            previous = _previous_sibling(state, position) if position < len(state.rows) else -1
            if how == "in" and position == state.end(a) and sibling >= 0:
                previous = sibling
        rows = _units(state, inst, targets, parent_index, sibling, previous)
        what = f"{unit_name(rows[0]).capitalize()} này được bổ sung"
        note = _footnote(what, inst, info)
        for row in rows:
            row["status"] = "inserted"
            row["notes"] = [note] if row["clause_id"] in targets else []
        state.rows[position:position] = rows
        return
    for cid in targets:
        i = _find(state, cid)
        if i < 0:
            raise _Failure(_missing(cid))
        if state.rows[i]["status"] == "repealed":
            raise _Failure(f"{cid} đã được bãi bỏ trước đó")
    for cid in targets:
        i = _find(state, cid)
        row = state.rows[i]
        if action == "repeal":
            end = state.end(i)
            what = f"{unit_name(row).capitalize()} này được bãi bỏ"
            kept = dict(row, heading="", text=REPEALED, status="repealed",
                        notes=[_footnote(what, inst, info)], cells=None)
            state.rows[i:end] = [kept]
        elif action == "amend":
            parent_id = row["parent_id"]
            parent_index = state.index(parent_id) if parent_id else -1
            rows = _units(state, inst, [row["clause_id"]], parent_index, i,
                          _previous_sibling(state, i))
            what = f"{unit_name(row).capitalize()} này được sửa đổi, bổ sung"
            note = _footnote(what, inst, info)
            for new in rows:
                new["status"] = "amended"
                new["notes"] = [note] if new["clause_id"] == row["clause_id"] else []
            state.rows[i:state.end(i)] = rows
        elif action == "rename":
            if not inst["blocks"]:
                raise _Failure("lệnh sửa đổi tên không có tên mới trong ngoặc kép")
            title = " ".join(b.display for b in inst["blocks"]).strip()
            number = (row["number"] or "").strip()
            if number and title.startswith(number):
                title = title[len(number):].strip()
            title = re.sub(r"^[.:\-–]\s*", "", title)
            what = f"Tên {unit_name(row)} này được sửa đổi"
            row["heading"] = title
            row["status"] = row["status"] or "renamed"
            row["notes"] = row["notes"] + [_footnote(what, inst, info)]
        elif action == "replace_annex":
            rows = _units(state, inst, [row["clause_id"]], state.index(row["parent_id"])
                          if row["parent_id"] else -1, i)
            note = _footnote("Phụ lục này được thay thế", inst, info)
            for new in rows:
                new["status"] = "amended"
                new["notes"] = [note] if new["clause_id"] == row["clause_id"] else []
            state.rows[i:state.end(i)] = rows


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


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(str(value)) or dt.date.fromisoformat(str(value))


def _to_frame(rows: list[dict]) -> pd.DataFrame:
    parents: dict[str, int] = {}
    out = []
    for order, row in enumerate(rows):
        row = dict(row)
        row["order"] = order
        row["level"] = parents[row["parent_id"]] + 1 if row["parent_id"] in parents else 0
        parents[row["clause_id"]] = row["level"]
        row["notes"] = tuple(row["notes"])
        row["location"] = row.get("location") or ""
        out.append(row)
    return schema.conform(out, schema.CONSOLIDATED) if out else schema.empty(schema.CONSOLIDATED)


def consolidate(base, *amending, effective=None, strict: bool = False) -> pd.DataFrame:
    """The text in force: ``base`` with the instructions of ``amending`` applied.

    ``base``: a clause frame or what :func:`~consultkit.clauses.parse.parse_clauses`
    reads. ``amending``: amending documents (paths, texts, clause frames) or
    instruction frames from :func:`read_amendments`; applied in order of their
    date of effect (then as given). ``effective``: a date — only the documents in
    force on it are applied. Returns a :data:`~consultkit.schema.CONSOLIDATED`
    frame; ``attrs["report"]`` (:data:`~consultkit.schema.CONSOLIDATION_REPORT`)
    says for every instruction whether it was applied and why not,
    ``attrs["documents"]`` lists the amending documents applied (number, date,
    date of effect, title), ``attrs["issues"]`` document-level problems.

    >>> f = consolidate("Điều 5. A\\n1. Một.\\n2. Hai.\\nĐiều 6. B",
    ...                 "1. Bổ sung Điều 5a vào sau Điều 5 như sau:\\n“Điều 5a. Mới”\\n"
    ...                 "2. Bãi bỏ khoản 2 Điều 5.")
    >>> list(zip(f.clause_id, f.heading, f.text))[2:]
    [('D5.k2', '', '(được bãi bỏ)'), ('D5a', 'Mới', ''), ('D6', 'B', '')]
    """
    from ..clauses.parse import parse_clauses
    if not isinstance(base, pd.DataFrame):
        base = parse_clauses(base)
    frames = []
    for source in amending:
        if isinstance(source, pd.DataFrame) and "action" in source.columns:
            frames.append(source)
        else:
            frames.append(read_amendments(source))
    on = _as_date(effective)
    far = dt.date.max
    ordered = sorted(range(len(frames)), key=lambda k: (
        frames[k].attrs.get("document", {}).get("effective")
        or frames[k].attrs.get("document", {}).get("date") or far, k))
    state = _Text(base)
    report: list[dict] = []
    documents: list[dict] = []
    issues: list[str] = []
    for k in ordered:
        frame = frames[k]
        info = dict(frame.attrs.get("document", {}))
        issues += list(frame.attrs.get("issues", []))
        if strict and frame.attrs.get("issues"):
            raise ConsolidationError(frame.attrs["issues"][0])
        later = on is not None and info.get("effective") is not None and info["effective"] > on
        if not later:
            documents.append(info)
        parts = frame["seq"].value_counts().to_dict() if len(frame) else {}
        for inst in _records(frame):
            inst["shared"] = parts.get(inst["seq"], 1) > 1
            reason = inst["issue"]
            if later and not reason:
                reason = f"văn bản chưa có hiệu lực vào {_date_vn(on)}"
            if not reason:
                saved = list(state.rows)   # edits in place happen only after every check
                try:
                    if inst["action"] in ("replace_phrase", "insert_phrase", "delete_phrase",
                                          "correct"):
                        _apply_phrase(state, inst, info)
                    else:
                        _apply_unit(state, inst, info)
                except _Failure as failure:
                    state.rows = saved
                    reason = str(failure)
            if reason and strict:
                raise ConsolidationError(reason, where=f"{inst['document']}, {inst['location']}",
                                         hint=f"Lệnh: “{inst['instruction'][:120]}”")
            inst.pop("shared", None)
            report.append(dict(inst, applied=not reason, reason=reason))
    result = _to_frame(state.rows)
    result.attrs["report"] = (schema.conform(report, schema.CONSOLIDATION_REPORT) if report
                              else schema.empty(schema.CONSOLIDATION_REPORT))
    result.attrs["documents"] = documents
    result.attrs["issues"] = issues
    result.attrs["base_name"] = base.attrs.get("name", "")
    return result


def surviving(frame: pd.DataFrame) -> pd.DataFrame:
    """The units in force: clauses only, repealed units left out (for comparing texts)."""
    keep = ~frame["clause_id"].str.startswith("_")
    if "status" in frame.columns:
        keep &= frame["status"] != "repealed"
    return frame[keep]
