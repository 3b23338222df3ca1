"""The state machine that turns blocks into clause rows (used by :mod:`.parse`).

The id scheme and the text rules are documented in :mod:`consultkit.clauses.parse`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..readers.word import Block
from ..text import fold
from .patterns import (BULLET_RANKS, HEADER_LINE, NOTE_LINE, PREAMBLE_LINE, RECIPIENTS_LINE,
                       SIGNATURE_LINE, STT_HEADERS, STT_VALUE, arabic, base_number, classify,
                       id_token, inserted_base, is_title_like, point_index, roman_value)
from .quotes import QuoteTracker
from .sequence import check_sequences

NON_CLAUSE = {"title", "header", "preamble", "note", "signature", "recipients", "text"}
_RANK = {"annex": 0, "part": 1, "chapter": 2, "section": 3, "article": 4, "roman": 4,
         "point": 10}


def _extend_location(first: str, last: str) -> str:
    start = first.split("-")[0]
    return start if start == last else f"{start}-{last}"


class TreeBuilder:
    def __init__(self, quotes: bool = True):
        self.quotes = QuoteTracker() if quotes else None
        self.rows: list[dict] = []
        self.ids: dict[str, dict] = {}
        self.stack: list[tuple[int, dict]] = []
        self.mode = "front"          # front, body, end (signature), recipients
        self.pending: dict | None = None   # unit whose heading may take the next lines
        self.pending_count = 0
        self.latest_path: dict[str, dict] = {}
        self.bullets: dict[tuple[str, str], int] = {}
        self.special: dict[str, int] = {}
        self.tables: dict[object, bool] = {}
        self.last_numeric_row: dict[object, dict] = {}
        self.rows_seen: dict[object, int] = {}
        self.cell_units: set[str] = set()
        self.group_row: dict[object, dict] = {}
        self.rows_by_stt: dict[object, dict[str, dict]] = {}
        self.headers: dict[object, tuple[str, ...]] = {}
        self.issues: list[str] = []

    # ----------------------------------------------------------------- units
    def _emit(self, *, kind, clause_id, parent, number="", heading="", text="", location="",
              cells=None) -> dict:
        if clause_id in self.ids:
            first = self.ids[clause_id]
            k = 2
            while f"{clause_id}~{k}" in self.ids:
                k += 1
            new_id = f"{clause_id}~{k}"
            self.issues.append(f"{location}: trùng số “{number}” (đã có ở {first['location']}); "
                               f"mã được đặt là {new_id}")
            clause_id = new_id
        row = {"clause_id": clause_id, "parent_id": parent["clause_id"] if parent else "",
               "kind": kind, "number": number, "heading": heading, "text": text,
               "order": len(self.rows), "level": parent["level"] + 1 if parent else 0,
               "location": location, "cells": cells}
        self.rows.append(row)
        self.ids[clause_id] = row
        return row

    def _special(self, kind: str, text: str, location: str, cells=None, group=True) -> dict:
        last = self.rows[-1] if self.rows else None
        if group and last is not None and last["kind"] == kind and cells is None \
                and last["cells"] is None and last["clause_id"] not in self.cell_units:
            last["text"] = f"{last['text']}\n{text}" if last["text"] else text
            last["location"] = _extend_location(last["location"], location)
            return last
        self.special[kind] = self.special.get(kind, 0) + 1
        parent = self.stack[-1][1] if (self.stack and kind == "text") else None
        return self._emit(kind=kind, clause_id=f"_{kind}.{self.special[kind]}", parent=parent,
                          text=text, location=location, cells=cells)

    def _pop(self, rank: int) -> dict | None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        return self.stack[-1][1] if self.stack else None

    def _push(self, rank: int, row: dict) -> None:
        self.stack.append((rank, row))

    @staticmethod
    def _prefix(unit: dict | None) -> str:
        if unit is None or unit["kind"] == "annex":
            return ""
        return unit["clause_id"] + "."

    # ----------------------------------------------------------------- blocks
    def add(self, block: Block) -> None:
        if block.kind == "table_row":
            self._row(block)
        else:
            self._paragraph(block)

    def _quoted(self, text: str, loc: str) -> bool:
        """Append ``text`` to the amending unit if it is (or opens) a quotation."""
        if self.quotes is None or not self.rows or self.rows[-1]["cells"] is not None:
            return False
        last = self.rows[-1]
        if not self.quotes.inside and not self.quotes.starts(text, last["text"] or
                                                             last["heading"]):
            return False
        self.quotes.feed(text, loc)
        last["text"] = f"{last['text']}\n{text}" if last["text"] else text
        last["location"] = _extend_location(last["location"], loc)
        self.pending = None
        return True

    def _paragraph(self, block: Block) -> None:
        text = block.display
        if not text or self._quoted(text, block.location):
            return
        self._unquoted(block, text)
        if self.quotes is not None and self.rows and self.rows[-1]["cells"] is None:
            self.quotes.opens_inline(text, block.location)   # "… như sau: “2. …" goes on

    def _unquoted(self, block: Block, text: str) -> None:
        loc = block.location
        found = classify(text)
        if self.pending is not None and found is None and self.pending_count < 4:
            heading = self.pending["heading"]
            open_paren = heading.count("(") > heading.count(")")
            styled = not heading and (block.bold or block.alignment == "center") and len(text) < 200
            if is_title_like(text) or open_paren or styled:
                self.pending["heading"] = f"{heading} {text}" if heading else text
                self.pending["location"] = _extend_location(self.pending["location"], loc)
                self.pending_count += 1
                return
        self.pending = None
        if NOTE_LINE.match(text):
            self._special("note", text, loc, group=False)
            return
        if RECIPIENTS_LINE.match(text):
            self.mode = "recipients"
            self._special("recipients", text, loc)
            return
        if SIGNATURE_LINE.match(text):
            self.mode = "end"
            self._special("signature", text, loc)
            return
        if self.mode in ("end", "recipients"):
            if found and found[0] != "bullet":
                self.mode = "body"          # numbered text again: an annex, an article…
            else:
                if self.mode == "recipients" and not found and not text.startswith("Lưu"):
                    self.mode = "end"       # the list is over: the signer's name
                self._special("recipients" if self.mode == "recipients" else "signature", text, loc)
                return
        if found is None or (self.mode == "front" and found[0] == "bullet"):
            self._plain(text, loc)
            return
        self.mode = "body"
        self._structural(block, found)

    def _plain(self, text: str, loc: str) -> None:
        if self.mode == "front":
            decorative = not any(ch.isalnum() for ch in text)
            last = self.rows[-1] if self.rows else None
            if decorative and last is not None and last["kind"] in NON_CLAUSE - {"note"}:
                self._special(last["kind"], text, loc)
            elif HEADER_LINE.match(text):
                self._special("header", text, loc)
            elif PREAMBLE_LINE.search(text):
                self._special("preamble", text, loc)
            else:
                self._special("title", text, loc)
            return
        last = self.rows[-1] if self.rows else None
        if last is not None and last["cells"] is None and last["kind"] not in NON_CLAUSE - {"text"}:
            last["text"] = f"{last['text']}\n{text}" if last["text"] else text
            last["location"] = _extend_location(last["location"], loc)
            return
        self._special("text", text, loc, group=False)

    def _structural(self, block: Block, found) -> None:
        kind, number, n, rest = found
        loc = block.location
        heading, text = rest, ""
        if kind in ("annex", "part", "chapter", "section"):
            parent = self._pop(_RANK[kind])
            if kind == "annex":
                cid = "PL" + arabic(n)
            elif kind == "part":
                cid = "P" + arabic(n)
            elif kind == "chapter":
                cid = "C" + arabic(n)
            else:
                cid = self._prefix(parent) + "M" + arabic(n)
            row = self._emit(kind=kind, clause_id=cid, parent=parent, number=number,
                             heading=heading, location=loc)
            self._push(_RANK[kind], row)
            self.pending, self.pending_count = row, 0
            return
        if kind == "article":
            parent = self._pop(_RANK["article"])
            row = self._emit(kind="article", clause_id="D" + n, parent=parent, number=number,
                             heading=heading, location=loc)
            self._push(_RANK["article"], row)
            return
        if kind == "roman":
            parent = self._pop(_RANK["roman"])
            prefix = parent["clause_id"] + "." if parent and parent["kind"] == "part" else ""
            row = self._emit(kind="annex_section", clause_id=prefix + n.upper(), parent=parent,
                             number=number, heading=heading, location=loc)
            self._push(_RANK["roman"], row)
            if not heading:
                self.pending, self.pending_count = row, 0
            return
        if kind in ("decimal", "point") and inserted_base(n) is not None \
                and not self._follows_sibling(kind, n, rest):
            self.issues.append(f"{loc}: dòng bắt đầu bằng “{number}” nhưng không đứng sau "
                               f"{'điểm' if kind == 'point' else 'số'} {inserted_base(n)}: "
                               "đọc là lời văn, không phải đơn vị được bổ sung")
            self._plain(block.display, loc)
            return
        if block.bold:
            heading, text = rest, ""
        else:
            heading, text = "", rest
        if kind == "decimal":
            self._decimal(number, n, heading, text, loc)
        elif kind == "paren":
            self._paren(number, n, heading, text, loc)
        elif kind == "point":
            parent = self._pop(_RANK["point"])
            if point_index(base_number(n)) is None:
                self.issues.append(f"{loc}: “{number}” không thuộc bảng chữ cái đánh số điểm "
                                   "(a, b, c, d, đ, e, g, h, i, k, l, m, n, o, p, q, r, s, t, "
                                   "u, v, x, y)")
            row = self._emit(kind="point", clause_id=self._prefix(parent) + n, parent=parent,
                             number=number, heading=heading, text=text, location=loc)
            self._push(_RANK["point"], row)
        else:  # bullet
            rank = BULLET_RANKS.get(n, 11)
            parent = self._pop(rank)
            mark = "+" if rank > 11 else "-"
            key = (parent["clause_id"] if parent else "", mark)
            self.bullets[key] = self.bullets.get(key, 0) + 1
            base = parent["clause_id"] if parent and parent["kind"] != "annex" else ""
            row = self._emit(kind="item", clause_id=f"{base}{mark}{self.bullets[key]}",
                             parent=parent, number=number, heading=heading, text=text,
                             location=loc)
            self._push(rank, row)

    def _follows_sibling(self, kind: str, n: str, rest: str) -> bool:
        """Whether an inserted unit ("1a.", "2.2a.", "d1)") stands where amending
        practice puts it: right after its sibling with the same base number ("1." or
        "1a." for "1a."/"1b."; "d)" or "d1)" for "d1)"), and its text begins with a
        letter, a quotation mark or a parenthesis (not "a1) = b1 + c1")."""
        if not rest or not (rest[0].isalpha() or rest[0] in "“\"(‘'"):
            return False
        base = inserted_base(n)
        if kind == "point":
            rank, kinds = _RANK["point"], ("point",)
        else:
            rank, kinds = 4 + len(n.split(".")), ("clause", "annex_section")
        sibling = next((u for r, u in reversed(self.stack) if r == rank), None)
        if sibling is None or sibling["kind"] not in kinds:
            return False
        written = sibling["number"].rstrip(".)")
        return base_number(written) == base

    def _paren(self, number, n, heading, text, loc) -> None:
        """"1)", "2)": items one level below the open unit (below a point: under it;
        elsewhere above points, so "1) … a) b) 2)" nests the points under "1)")."""
        rank = next((r for r, u in reversed(self.stack)
                     if u["kind"] == "item" and u["number"].endswith(")")), None)
        if rank is None:
            rank = 10.5 if any(u["kind"] == "point" for _, u in self.stack) else 9.5
        parent = self._pop(rank)
        row = self._emit(kind="item", clause_id=f"{self._prefix(parent)}{n})", parent=parent,
                         number=number, heading=heading, text=text, location=loc)
        self._push(rank, row)

    def _decimal(self, number, n, heading, text, loc) -> None:
        parts = n.split(".")
        depth = len(parts)
        rank = 4 + depth
        parent = self._pop(rank)
        article = next((u for _, u in reversed(self.stack) if u["kind"] == "article"), None)
        if article is not None:
            kind, base_prefix = "clause", article["clause_id"] + ".k"
        else:
            kind = "annex_section"
            base = next((u for _, u in reversed(self.stack)
                         if u["kind"] != "annex_section" or not u["number"][:1].isdigit()), None)
            base_prefix = self._prefix(base)
        cid = base_prefix + n
        if depth > 1:
            parent_path = base_prefix + ".".join(parts[:-1])
            found = self.latest_path.get(parent_path)
            if found is not None:
                parent = found
                cid = found["clause_id"] + "." + parts[-1]
            else:
                self.issues.append(f"{loc}: “{number}” không có mục {'.'.join(parts[:-1])} đứng "
                                   f"trước; xếp dưới {parent['clause_id'] if parent else 'gốc'}")
        row = self._emit(kind=kind, clause_id=cid, parent=parent, number=number, heading=heading,
                         text=text, location=loc)
        self.latest_path[base_prefix + n] = row
        self._push(rank, row)

    def _row(self, block: Block) -> None:
        self.pending = None
        display = block.display
        if not display or (self.quotes is not None and self.quotes.inside
                            and self._quoted(display, block.location)):
            return
        loc = block.location
        table = block.meta.get("table", loc.split(".")[0])
        first = table not in self.tables
        stt_header = bool(block.cells) and fold(block.cells[0]) in STT_HEADERS
        if first:
            self.tables[table] = stt_header
            self.rows_seen[table] = 0
        self.rows_seen[table] += 1
        if stt_header and not self.tables[table] and self.rows_seen[table] <= 3:
            # the STT header comes after a title row or two
            self.tables[table] = first = True
            self.headers[table] = block.cells
        if table in self.headers:
            block = replace(block, header=self.headers[table])
        cells = block.cells_by_header()
        if not self.tables[table] and (any(RECIPIENTS_LINE.match(c) for c in block.cells) or (
                self.mode != "front" and any(SIGNATURE_LINE.match(c) for c in block.cells))):
            recipients = False
            for cell in block.cells:
                if not cell:
                    continue
                kind = "recipients" if RECIPIENTS_LINE.match(cell) else "signature"
                recipients = recipients or kind == "recipients"
                unit = self._special(kind, cell, loc, group=False)
                self.cell_units.add(unit["clause_id"])   # one cell of a row: never extended
            self.mode = "recipients" if recipients else "end"
            return
        if self.mode == "front":
            self._special("header", display, loc)
            return
        if self.mode in ("end", "recipients") and not (first and self.tables[table]):
            self._special("signature" if self.mode == "end" else "recipients", display, loc,
                          cells=cells)
            return
        self.mode = "body"
        stt = block.cells[0].strip() if block.cells else ""
        if first or not self.tables[table] or not STT_VALUE.match(stt) \
                or fold(stt) in STT_HEADERS:
            self._special("text", display, loc, cells=cells, group=False)
            return
        parent = self._pop(_RANK["point"])
        text = " | ".join(c for c in block.cells[1:] if c)
        parent, cid = self._row_id(table, stt, parent)
        row = self._emit(kind="table_row", clause_id=cid, parent=parent, number=stt, text=text,
                         location=loc, cells=cells)
        key = stt.rstrip(".")
        self.rows_by_stt.setdefault(table, {})[key] = row
        if roman_value(key) or re.fullmatch(r"[A-ZĐ]", key):
            self.group_row[table] = row                   # "I", "A": a group of rows
            self.last_numeric_row.pop(table, None)
        elif key.isdigit():
            self.last_numeric_row[table] = row

    def _row_id(self, table, stt: str, unit: dict | None) -> tuple[dict | None, str]:
        """(parent, clause_id) of a criteria-table row with STT ``stt``.

        A Roman or capital-letter STT ("I", "A") opens a group: the numbered rows
        after it are its children (``r_I.1``…); "a" after row "5" is ``….r5.a``;
        "2.1" is a child of row "2" when there is one.
        """
        key = stt.rstrip(".")
        group = self.group_row.get(table)
        numeric = self.last_numeric_row.get(table)
        head, dot, last = key.rpartition(".")
        if roman_value(key) or re.fullmatch(r"[A-ZĐ]", key):
            return unit, f"{self._prefix(unit)}r{id_token(key)}"
        if point_index(key.rstrip(")")) is not None and numeric is not None:
            return numeric, f"{numeric['clause_id']}.{id_token(key)}"
        if dot and head in self.rows_by_stt.get(table, {}):
            parent = self.rows_by_stt[table][head]
            return parent, f"{parent['clause_id']}.{id_token(last)}"
        if group is not None:
            return group, f"{group['clause_id']}.{id_token(key)}"
        return unit, f"{self._prefix(unit)}r{id_token(key)}"

    # ----------------------------------------------------------------- finish
    def finish(self) -> tuple[list[dict], list[str]]:
        if self.quotes is not None and self.quotes.inside:
            self.issues.append(f"{self.quotes.open_at}: ngoặc kép mở sau “như sau:” không được "
                               "đóng; đọc lại văn bản không tách phần trích dẫn")
        self.issues.extend(check_sequences(self.rows))
        return self.rows, self.issues
