"""Reading the quoted new text of an instruction into rows (used by :mod:`.apply`).

The quotation is read by the clause builder under a skeleton of the target's
enclosing units (or, for one plain numbered paragraph, directly); quoted
criteria-table lines become table rows; :func:`_retarget` gives the quoted top
units the ids the instruction names. :func:`_units` is the entry point.
"""

from __future__ import annotations

import re

from ..clauses.build import TreeBuilder
from ..clauses.patterns import BULLET_RANKS, classify
from ..readers.word import Block
from .locate import _Failure, _previous_sibling, _Text

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
