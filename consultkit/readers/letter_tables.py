"""Comment tables in reply letters, read by what each column means.

Agencies put their comments in a table more often than in paragraphs, in a
handful of layouts, for example::

    STT | Nội dung dự thảo | Ý kiến góp ý | Lý do
    Điều, khoản | Nội dung góp ý | Đề xuất sửa đổi | Giải thích
    TT | Điều/khoản/điểm | Nội dung đề nghị sửa đổi | Lý do/Giải trình

Each header cell is given a *role* (:func:`column_role`):

* ``seq`` — STT/TT, the row number;
* ``target`` — the cited unit ("Điều, khoản", "Vị trí", "Mục/tiểu mục");
  a bare number under a one-word header ("Điều" | "5") is written out
  ("Điều 5");
* ``quoted`` — the draft's text quoted by the reply ("Nội dung dự thảo");
* ``comment`` — the opinion ("Ý kiến góp ý", "Nội dung góp ý", "Nội dung
  đề nghị sửa đổi");
* ``proposal`` — the proposed wording ("Đề xuất sửa đổi", "Lý do / Đề
  xuất"): part of the opinion, joined after the comment column;
* ``rationale`` — why ("Lý do", "Giải thích", "Lý do/Giải trình", "Ghi chú");
* ``None`` — a column we do not know: its cells are listed as unused, with
  their place.

The opinion (comment + proposal) is the comment's text; the quoted draft and
the cited unit are its target; the reason is its rationale. Shapes handled:
a header spanning two rows (merged top cells, "Nội dung góp ý" over "Ý
kiến" | "Đề xuất"), a row numbering the columns ("(1) | (2) | (3)"), the
header repeated where the table goes on to another page, a row merged across
the table ("Mục 3. Yêu cầu chức năng…") that groups the rows under it,
cells merged down several rows (one unit for several comments, one comment
for several units), and a row without a number that goes on with the row
above. Every distinct cell ends in exactly one :class:`Piece`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold, normalize

#: the parts of a letter a piece of text can end in (labels: :data:`PART_LABELS`)
PARTS = ("header", "addressee", "opening", "heading", "comment", "closing", "signature",
         "table_header", "unused")
PART_LABELS = {
    "header": "Phần đầu văn bản", "addressee": "Kính gửi", "opening": "Mở đầu",
    "heading": "Đề mục", "comment": "Góp ý", "closing": "Kết thúc", "signature": "Ký, nơi nhận",
    "table_header": "Tiêu đề bảng", "unused": "Không sử dụng",
}
#: the fields of a comment a piece can end in
FIELD_LABELS = {"text": "ý kiến", "target": "vị trí góp ý", "quoted_text": "nội dung dự thảo được trích",
                "rationale": "lý do", "number": "số thứ tự"}


@dataclass(frozen=True)
class Piece:
    """One paragraph line or table cell of a letter, and where it ended.

    ``place``: ``p12`` (paragraph 12), ``p12.2`` (its second line), ``t2.r3.c4``
    (table 2, row 3, cell 4; 1-based); ``part`` one of :data:`PARTS`; for
    ``comment``, ``item`` is the comment's index and ``field`` the field
    (:data:`FIELD_LABELS`)."""

    place: str
    part: str
    text: str
    item: int = -1
    field: str = ""


@dataclass
class Item:
    """A comment being built: fields as lists of texts, joined by the letter."""

    place: str
    text: list
    target: list
    quoted_text: list
    rationale: list


_SEQ = re.compile(r"^(?:so )?(?:stt|tt|thu tu|so thu tu)$")
_RATIONALE_START = re.compile(r"^(?:ly do|giai thich|giai trinh|thuyet minh|co so|can cu|ghi chu)\b")
_PROPOSAL_WORDS = re.compile(r"\b(?:de xuat|kien nghi|de nghi|sua doi|sua thanh|noi dung sua)\b")
#: a header made of unit words only: "Điều, khoản", "Điều/khoản/điểm", "Mục/tiểu mục", "Điều khoản dự thảo"
_TARGET_HEADER = re.compile(r"(?:(?:dieu|khoan|diem|muc|tieu muc|tieu chi|chuong|phan|phu luc|dong|so|"
                            r"vi tri|tai|cua|trong|va|hoac|du thao|gop y|duoc gop y|noi dung quy dinh tai)"
                            r"(?: |$))+")
_UNIT_WORD = re.compile(r"^(?:dieu|khoan|diem|muc|tieu muc|tieu chi|dong|chuong|phan|phu luc)$")
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[a-z])\s*\)?$")


def column_role(label: str) -> str | None:
    """The role of a comment-table column from its header text (see the module docstring).

    >>> [column_role(h) for h in ("STT", "Nội dung dự thảo", "Ý kiến góp ý", "Lý do")]
    ['seq', 'quoted', 'comment', 'rationale']
    >>> [column_role(h) for h in ("Điều, khoản", "Nội dung góp ý", "Đề xuất sửa đổi", "Giải thích")]
    ['target', 'comment', 'proposal', 'rationale']
    >>> [column_role(h) for h in ("TT", "Điều/khoản/điểm", "Nội dung đề nghị sửa đổi", "Lý do/Giải trình")]
    ['seq', 'target', 'comment', 'rationale']
    """
    f = fold(label)
    if not f:
        return None
    if _SEQ.match(f):
        return "seq"
    if _RATIONALE_START.match(f):
        if re.search(r"(?:lý do|giải thích)\s*(?:/|;|&|\+|\bvà\b|\bhoặc\b)\s*(?:đề xuất|kiến nghị)",
                     normalize(label).lower()):
            return "proposal"        # "Lý do / Đề xuất": what the unit proposes, with why
        return "rationale"           # "Lý do đề xuất", "Lý do, căn cứ đề xuất": why
    if f.startswith("vi tri"):
        return "target"
    if "du thao" in f and re.search(r"\b(?:noi dung|quy dinh|trich|van ban)\b", f) and \
            not re.search(r"\b(?:gop y|y kien|de xuat|de nghi|kien nghi)\b", f):
        return "quoted"
    if re.search(r"\b(?:noi dung hien hanh|quy dinh hien hanh|noi dung quy dinh)\b", f) and \
            not re.search(r"\b(?:gop y|y kien|de xuat|de nghi)\b", f):
        return "quoted"
    if re.search(r"\b(?:y kien|gop y|nhan xet)\b", f) or (
            "noi dung" in f and re.search(r"\b(?:de nghi|sua doi|kien nghi)\b", f)):
        return "comment"
    if _PROPOSAL_WORDS.search(f):
        return "proposal"
    if _TARGET_HEADER.fullmatch(f):
        return "target"
    return None


def table_roles(labels: list[str], subs: list[str] | None = None) -> list[str | None]:
    """Roles of the columns; ``subs`` (second header row) win over the top row when set."""
    subs = subs or [""] * len(labels)
    out = []
    for top, sub in zip(labels, subs):
        role = column_role(sub) if sub else None
        out.append(role or column_role(f"{top} {sub}".strip()) or column_role(top))
    return out


def is_comment_header(cells: list[str]) -> bool:
    """Whether a row is a comment table's header: label-like cells (short, no sentence),
    at least two known roles, one of them the opinion."""
    filled = [c for c in cells if c]
    if not filled or re.match(r"^\d", filled[0]) or any(len(c) > 90 or c.rstrip().endswith(".")
                                                        for c in filled):
        return False
    roles = table_roles(cells)
    known = [r for r in roles if r]
    if len(filled) == 1 and known in (["comment"], ["proposal"]):
        return True               # a one-column table headed "Ý kiến góp ý"
    return bool({"comment", "proposal"} & set(roles)) and len(known) >= 2


#: a cell that names a unit of the draft: "Tiểu mục 2.4", "Điểm a khoản 2", "Mục 3, dòng số 6"
_CITES = re.compile(r"^(?:tai |doi voi )?(?:dieu|khoan|diem|muc|tieu muc|tieu chi|dong|phan|chuong|"
                    r"phu luc)\b")


def _is_citation_cell(text: str) -> bool:
    """A cell naming a unit and nothing more (no quoted draft words)."""
    return len(text) <= 80 and not re.search(r"[“”\"«»]", text) and bool(_CITES.match(fold(text)))


def infer_roles(roles: list, labels: list[str], data: list[list[str]]) -> list:
    """Columns whose header says nothing we know ("Nội dung"): by their cells — mostly
    unit names → ``target``; a bare "Nội dung" otherwise → ``quoted``."""
    out = list(roles)
    for c, role in enumerate(roles):
        if role is not None:
            continue
        cells = [row[c] for row in data if c < len(row) and row[c]]
        if cells and sum(_is_citation_cell(t) for t in cells) >= 0.6 * len(cells):
            out[c] = "target"
        elif c < len(labels) and fold(labels[c]) in ("noi dung", "noi dung quy dinh", "quy dinh"):
            out[c] = "quoted"
    return out


def _text(cell) -> str:
    return normalize(" ".join(cell)) if isinstance(cell, list) else normalize(str(cell or ""))


def _distinct(rows):
    """For each row, its cells with a flag: (column, cell, new) where ``new`` is False for a
    cell merged with the one to its left or above (the same object, as python-docx gives)."""
    out = []
    above: list = []
    for row in rows:
        cells = []
        for c, cell in enumerate(row):
            left = c > 0 and row[c - 1] is cell
            up = c < len(above) and above[c] is cell
            cells.append((c, cell, not (left or up), up))
        out.append(cells)
        above = row
    return out


def _numbering_row(texts: list[str]) -> bool:
    """ "(1) | (2) | (3)" or "1 | 2 | 3" under a header: it numbers the columns."""
    filled = [t for t in texts if t]
    if len(filled) < 2 or not all(_COLUMN_NUMBER.match(fold(t) or t) for t in filled):
        return False
    numbers = [_COLUMN_NUMBER.match(fold(t)).group(1) for t in filled]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers) and \
        (numbers[0] in ("1", "a")) and len(filled) >= max(2, len(texts) - 1)


def _header_continuation(texts: list[str], roles: list) -> bool:
    """A second header row: short label-like cells, no row number, no sentence."""
    filled = [t for t in texts if t]
    if not filled or any(len(t) > 40 or t.rstrip().endswith((".", ";", ":")) for t in filled):
        return False
    seq = roles.index("seq") if "seq" in roles else None
    if seq is not None and seq < len(texts) and re.match(r"^\d", texts[seq] or ""):
        return False
    return any(column_role(t) for t in filled) or all(len(t.split()) <= 3 for t in filled)


class CommentTable:
    """Reads one comment table (rows of cells, each a list of lines) into pieces and items."""

    def __init__(self, index: int, rows: list, header_at: int | None):
        self.index = index
        self.rows = rows
        self.header_at = header_at
        self.first_data_row: int | None = None
        self.numbered_rows = False
        self.data_rows = 0
        self.labels_seen: set[int] = set()      # cells read as header or heading

    @staticmethod
    def find_header(rows) -> int | None:
        """Index of the header row among the first three, or None if this is no comment table."""
        for r, row in enumerate(rows[:3]):
            if is_comment_header([_text(c) for c in row]):
                return r
        return None

    def read(self, items: list[Item], pieces: list[Piece], *, labels=None, roles=None):
        """Append this table's comments to ``items`` and every cell to ``pieces``.

        ``labels``/``roles``: those of the table this one goes on from (a table
        split across pages); returns (labels, roles) for the next one."""
        distinct = _distinct(self.rows)
        t = self.index
        header = [_text(c) for c in self.rows[self.header_at]] if self.header_at is not None else None
        start = 0
        if header is not None:
            for r in range(self.header_at):
                self._all(distinct[r], r, "heading", pieces)
            labels, subs = list(header), [""] * len(header)
            self._all(distinct[self.header_at], self.header_at, "table_header", pieces)
            start = self.header_at + 1
            roles = table_roles(labels)
            while start < len(self.rows):
                texts = [_text(c) if new else "" for _, c, new, _ in distinct[start]]
                if _numbering_row(texts):
                    self._all(distinct[start], start, "table_header", pieces)
                elif _header_continuation(texts, roles) and start == self.header_at + 1:
                    subs = [s or "" for s in texts] + [""] * (len(labels) - len(texts))
                    roles = table_roles(labels, subs)
                    self._all(distinct[start], start, "table_header", pieces)
                else:
                    break
                start += 1
        labels = labels or []
        roles = roles or []
        if header is not None:
            data = [[_text(c) for c in row] for row in self.rows[start:]]
            roles = infer_roles(roles, labels, data)
            # the header of a column we do not know is unused too: it says what its cells hold
            prefix = f"t{self.index}.r"
            for k, piece in enumerate(pieces):
                if piece.part == "table_header" and piece.place.startswith(prefix):
                    column = int(piece.place.rsplit(".c", 1)[1]) - 1
                    if column < len(roles) and roles[column] is None and \
                            not _COLUMN_NUMBER.match(fold(piece.text) or piece.text):
                        pieces[k] = Piece(piece.place, "unused", piece.text)
        header_key = [fold(x) for x in labels]
        seq_column = roles.index("seq") if "seq" in roles else None
        self.first_data_row = next((r for r in range(start, len(self.rows))
                                    if any(new and _text(c) for _, c, new, _ in distinct[r])
                                    and [fold(_text(c)) for c in self.rows[r][:len(header_key)]]
                                    != header_key), None)
        self.data_rows = sum(1 for r in range(start, len(self.rows))
                             if any(new and _text(c) for _, c, new, _ in distinct[r]))
        self.numbered_rows = seq_column is not None and any(
            seq_column < len(row) and re.match(r"^\d", _text(row[seq_column]))
            for row in self.rows[start:])
        group_target = ""
        first_item = len(items)
        for r in range(start, len(self.rows)):
            cells = distinct[r]
            texts = [_text(cell) for _, cell, _, _ in cells]
            new_texts = [_text(cell) if new else "" for _, cell, new, _ in cells]
            if not any(new_texts):
                continue
            if [fold(x) for x in texts[:len(header_key)]] == header_key or \
                    (len(labels) and _numbering_row(new_texts)):
                self._all(cells, r, "table_header", pieces)       # header repeated on a new page
                continue
            if r > start and is_comment_header(texts):
                # a header again, its columns laid out anew: two tables written one under the
                # other and joined into one by a word processor (LibreOffice does on saving)
                labels, roles = list(texts), table_roles(texts)
                header_key = [fold(x) for x in labels]
                self._all(cells, r, "table_header", pieces)
                continue
            if len({id(cell) for _, cell, _, _ in cells}) == 1 and len(cells) > 1:
                self._all(cells, r, "heading", pieces)            # a row merged across the table
                group_target = new_texts[0]
                continue
            self._row(cells, r, roles, labels, items, pieces, group_target, first_item)
        return labels, roles

    def _all(self, cells, r: int, part: str, pieces: list[Piece]) -> None:
        self.labels_seen.update(id(cell) for _, cell, _, _ in cells)
        for c, cell, new, _ in cells:
            if new and _text(cell):
                pieces.append(Piece(f"t{self.index}.r{r + 1}.c{c + 1}", part, _text(cell)))

    def _row(self, cells, r, roles, labels, items: list[Item], pieces: list[Piece], group_target: str,
             first_item: int) -> None:
        def role(c):
            return roles[c] if c < len(roles) else None

        opinion = [(c, cell) for c, cell, new, _ in cells if new and role(c) in ("comment", "proposal")
                   and _text(cell)]
        opinion_merged = any(up and role(c) in ("comment", "proposal") and _text(cell)
                             for c, cell, _, up in cells)
        seq_cells = [(c, cell) for c, cell, new, _ in cells if role(c) == "seq" and new and _text(cell)]
        # a row cut by a page break: its rest, without a number, heads the next page's table
        # (after the repeated header); it goes on with the last comment of the table before
        cut_row = not seq_cells and "seq" in roles and bool(items) and r == self.first_data_row \
            and (self.numbered_rows or self.data_rows == 1)
        if cut_row:
            opinion = []
        if opinion:
            item = Item(place=f"t{self.index}.r{r + 1}", text=[], target=[], quoted_text=[], rationale=[])
            items.append(item)
            inherited = [cell for c, cell, new, up in cells if up and role(c) == "target" and _text(cell)
                         and id(cell) not in self.labels_seen]     # not a header cell merged down
            for cell in inherited:
                item.target.append(_text(cell))
            if group_target and not any(role(c) == "target" and _text(cell) for c, cell, _, _ in cells):
                item.target.append(group_target)
        elif items and (len(items) > first_item or cut_row) and (opinion_merged or not seq_cells):
            item = items[-1]          # one comment for several rows, or a row going on past a page
        else:
            for c, cell, new, _ in cells:
                if new and _text(cell):
                    pieces.append(Piece(f"t{self.index}.r{r + 1}.c{c + 1}", "unused", _text(cell)))
            return
        index = len(items) - 1       # the item is always the last one
        field_of = {"comment": "text", "proposal": "text", "target": "target", "quoted": "quoted_text",
                    "rationale": "rationale", "seq": "number"}
        for c, cell, new, _ in cells:
            text = _text(cell)
            if not new or not text:
                continue
            field = field_of.get(role(c))
            if field == "quoted_text" and _is_citation_cell(text):
                field = "target"            # "Nội dung dự thảo" holding only "Tiểu mục 2.4"
            place = f"t{self.index}.r{r + 1}.c{c + 1}"
            if field is None:
                pieces.append(Piece(place, "unused", text))
                continue
            value = text
            if field == "target" and c < len(labels) and _UNIT_WORD.match(fold(labels[c])) and \
                    re.fullmatch(r"[\dIVXivx]+[a-zđ]?(?:\.\d+)*|[a-zđ]", text):
                value = f"{labels[c]} {text}"        # "Điều" | "5" → "Điều 5"
            if field != "number":
                getattr(item, field).append(value)
            pieces.append(Piece(place, "comment", text, index, field))
