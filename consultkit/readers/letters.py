"""Reply letters (.docx, or .pdf with a text layer) → sender, number, date and comments.

:func:`read_letter` turns either file into blocks (:func:`docx_blocks`,
:func:`consultkit.readers.pdf.pdf_blocks`) and reads them with
:func:`letter_from_blocks`; the header fields are read by
:mod:`consultkit.readers.letter_header`.

A reply letter follows Nghị định 30/2020 (Phụ lục I): a header (usually a
two-column table) with the issuing organ ("SỞ Y TẾ NGHỆ AN", under its parent
organ "UBND TỈNH NGHỆ AN" when it has one), "Số: 123/SYT-NVY", the place and
date ("Nghệ An, ngày 10 tháng 6 năm 2021") and the subject ("V/v góp ý dự
thảo …"); then "Kính gửi: …", the body, and the signature block with
"Nơi nhận:".

The body is cut into comments (:func:`paragraph_roles`):

* a paragraph that cites a clause near its start ("1. Tại điểm a khoản 2
  mục IV.2: …", "- Mục 2.1 phần IV …", "Đối với tiêu chí số 5 …") or opens
  a numbered point ("2. …") starts a new comment; the paragraphs after it
  (bullets, sub-points) belong to it until the next one, and a "Lý do: …"
  paragraph is its rationale;
* before the first such paragraph, each paragraph is a comment of its own;
* openings ("Phúc đáp công văn số …", "Sở Y tế … nhận được Công văn số …",
  "… có ý kiến như sau:") and closings ("Trên đây là ý kiến …", "… trân
  trọng gửi Cục … tổng hợp./.", "Trân trọng") are not comments; an
  agreement stated in them is the reply's stance (:attr:`Letter.agreement`,
  :attr:`Letter.stance`), and when the letter has no other comment the
  agreeing paragraph is its one comment;
* headings of groups of comments ("I. Ý kiến chung", "II. Ý kiến cụ thể") are
  not comments; under them each paragraph is one, even an agreeing one;
* a table whose header names its columns' meaning is read by
  :mod:`consultkit.readers.letter_tables`: the opinion is the comment, the
  quoted draft and the cited unit its target, the reason its rationale; a
  table right after it, as wide and without a header, goes on with it; an
  annex after the signature ("PHỤ LỤC …") is read too.

Nothing is dropped: every line and table cell ends in :attr:`Letter.parts`
(header, addressee, opening, heading, comment field, closing, signature,
table header) or in :attr:`Letter.unused`, each with its place ("p12",
"t2.r3.c4"). :func:`letter_from_blocks` is the one entry point for any
source of a letter's paragraphs and tables in reading order (.docx, PDF,
text recognised from a scan).
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParseError
from ..text import fold, normalize
from .files import Source, open_docx, source_name
from .letter_header import _column_major, _header_fields, _is_header_line
from .letter_tables import CommentTable, Item, Piece
from .rows import ReadResult, raw_row


@dataclass(frozen=True)
class Letter:
    """A reply letter as read."""

    sender: str                    # the issuing organ as written ("SỞ Y TẾ NGHỆ AN")
    parent: str                    # its parent organ, '' if none
    number: str                    # "123/SYT-NVY", '' when blank
    place: str
    date: dt.date | None
    subject: str                   # "V/v góp ý dự thảo …"
    comments: tuple[str, ...]      # comment texts, paragraphs joined by "\n"
    refs: tuple[str, ...] = ()     # the clause column of comment tables, '' elsewhere
    locations: tuple[str, ...] = ()  # "p12", "t2.r3" for each comment
    source: str = ""
    issues: tuple[str, ...] = field(default=(), compare=False)
    quoted: tuple[str, ...] = ()     # the draft text each comment quotes ('' if none)
    rationales: tuple[str, ...] = ()  # the reason given for each comment ('' if none)
    agreement: str = ""              # an agreement stated in the opening or closing
    stance: str = ""                 # the reply's stance (see ``_reply_stance``)
    parts: tuple = field(default=(), compare=False)   # every line and cell: letter_tables.Piece

    @property
    def unused(self) -> tuple:
        """The lines and cells the reader could not place (each with its place)."""
        return tuple(p for p in self.parts if p.part == "unused")


_CITE_START = re.compile(r"\b(?:diem\s+[a-zđ]\b|(?:khoan|dieu|muc|tiet|tieu chi|phan|phu luc|chuong)"
                         r"\s+(?:so\s+)?(?:\d+|[ivxlc]+)\b)")
_LIST_MARK = re.compile(r"^\s*(?:[-+•*–]|\d+(?:\.\d+)*[.)]|[a-zđ][.)])\s*")
_TOP_NUMBER = re.compile(r"^\s*(?:\d+|[IVX]+)[.)]\s+\S")
_CONTINUATION = re.compile(r"^\s*(?:[-+•*–]|[a-zđ][)]|\(?[ivx]+\))\s*")
_INTRO = re.compile(r"^(?:phuc dap|thuc hien|can cu|nhan duoc|tiep nhan|theo de nghi|sau khi|"
                    r"ngay \d+ thang|de gop y|ve viec)\b")
_INTRO_END = re.compile(r"(?:nhu sau|sau day|cu the|mot so y kien|y kien gop y|gop y)\s*$")
_CLOSING = re.compile(r"^(?:tren day la|tran trong|xin tran trong|kinh chuc|rat mong|kinh de nghi cuc|"
                      r"xin cam on|cam on|kinh mong|de nghi cuc cong nghe thong tin tong hop|"
                      r"kinh gui cuc)\b")
_SIGNATURE = re.compile(r"^(?:noi nhan|kt\b|tm\b|tl\b|tuq\b|q\b|giam doc|pho giam doc|cuc truong|"
                        r"pho cuc truong|vu truong|pho vu truong|vien truong|pho vien truong|"
                        r"tong giam doc|pho tong giam doc|chanh van phong|chanh thanh tra|"
                        r"thu truong|truong phong|nguoi ky|da ky)\b")


#: per document part: paragraph style id → the pPr of the style and its bases (python-docx
#: finds a paragraph's style by scanning every style: once per style, not once per paragraph)
_STYLE_CHAINS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _style_chain(paragraph) -> list:
    chains = _STYLE_CHAINS.setdefault(paragraph.part, {})
    key = paragraph._p.style
    if key not in chains:
        chain, style = [], paragraph.style
        while style is not None:
            chain.append(style.element.pPr)
            style = style.base_style
        chains[key] = chain
    return chains[key]


def _list_level(paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of an auto-numbered paragraph, directly or by its style; else None."""
    candidates = [paragraph._p.pPr, *_style_chain(paragraph)]
    for ppr in candidates:
        num = ppr.numPr if ppr is not None else None
        if num is not None and num.numId is not None:
            if num.numId.val == 0:
                return None
            return (num.numId.val, num.ilvl.val if num.ilvl is not None else 0)
    return None


def _cell_lines(cell) -> list[str]:
    """The lines of a table cell, nested tables included (row by row)."""
    lines = [normalize(line) for par in cell.paragraphs for line in par.text.split("\n")
             if normalize(line)]
    for inner in cell.tables:
        for row in inner.rows:
            seen = set()
            for sub in row.cells:
                if id(sub._tc) not in seen:
                    seen.add(id(sub._tc))
                    lines.extend(_cell_lines(sub))
    return lines


def docx_blocks(document, name: str = "<letter>"):
    """(kind, index, lines, level) in document order: ('p', i, [text], numbering level or None)
    or ('t', i, rows of cells, None); :func:`consultkit.readers.pdf.pdf_blocks` gives the same.

    A merged cell is the same list object in every row and column it covers (python-docx
    gives the same cell there), so readers can tell "merged with the cell above" from
    "the same text written again". More paragraphs and tables than the paragraphs budget
    (limits) is a LimitError."""
    from docx.table import Table

    from .limits import check_paragraphs, current
    from .numbering import W, Numbering

    most = current().paragraphs
    numbering = Numbering.from_document(document)
    p_index = t_index = 0
    for item in document.iter_inner_content():
        if p_index + t_index >= most:
            check_paragraphs(p_index + t_index, name)
        if isinstance(item, Table):
            t_index += 1
            rows = []
            seen: dict = {}
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    key = cell._tc
                    if key not in seen:
                        seen[key] = _cell_lines(cell)
                    cells.append(seen[key])
                rows.append(cells)
            yield "t", t_index, rows, None
        else:
            p_index += 1
            level = _list_level(item)
            ppr = item._p.pPr
            style = ppr.find(W + "pStyle") if ppr is not None else None
            shown, _ = numbering.resolve(ppr, style.get(W + "val") if style is not None else "Normal")
            number = normalize(shown)
            for line in item.text.split("\n"):
                if normalize(line):
                    # the number Word displays is part of what the reader sees ("1. …", "a) …")
                    text = f"{number} {normalize(line)}" if number else normalize(line)
                    yield "p", p_index, [text], level
                    level = None
                    number = ""


#: "I. Ý kiến chung", "II. Góp ý cụ thể", "B. Ý kiến về các điều khoản": headings, not comments
_SECTION_HEADING = re.compile(r"^(?:[ivx]+|[a-d]|phan [ivx\d]+)\s+(?:(?:cac\s+)?(?:y kien|gop y|noi dung"
                              r" gop y|nhan xet|de xuat)\b.{0,40}|ve .{0,40})$")
#: "Ý kiến chung:", "Góp ý cụ thể:", "Về nội dung", "Một số ý kiến cụ thể như sau:": headings
_PLAIN_HEADING = re.compile(r"^(?:(?:mot so |cac )?(?:y kien|gop y|noi dung gop y|nhan xet|de xuat)"
                            r"(?: (?:chung|cu the|khac|bo sung))?(?: nhu sau| ve .{0,40})?"
                            r"|ve (?:bo cuc|hinh thuc|the thuc|noi dung|ky thuat|cac tieu chi)\b.{0,40})$")
#: an opening that names the dispatch anywhere ("Sở Y tế tỉnh X nhận được Công văn số …")
_OPENING_ANY = re.compile(r"\b(?:phuc dap|nhan duoc|tiep nhan|thuc hien|theo de nghi|can cu|ve viec)\b"
                          r".{0,160}\b(?:cong van|van ban|cv|de nghi|xin y kien|gop y)\b")
#: a closing that sends the reply on ("… trân trọng gửi Cục … tổng hợp./.")
_CLOSING_ANY = re.compile(r"\b(?:tran trong|kinh gui|xin gui|gui|kinh chuyen|chuyen)\b.{0,120}\b(?:tong hop|nghien cuu|"
                          r"xem xet|hoan thien|tiep thu)\b|\btran trong\b\W*$"
                          r"|^(?:kinh |xin )?de nghi (?:cuc|bo|quy cuc|co quan soan thao)\b.{0,80}"
                          r"\b(?:tong hop|nghien cuu|xem xet|tiep thu)\b")
#: "Lý do: …", "Giải thích: …" after a comment: its rationale
_RATIONALE = re.compile(r"(?:ly do|giai thich|giai trinh|thuyet minh|co so de xuat|can cu de xuat)"
                        r"(?: de xuat| de nghi| sua doi)?")


def _is_rationale(text: str) -> bool:
    head, colon, _ = text.partition(":")
    return bool(colon) and _RATIONALE.fullmatch(fold(_LIST_MARK.sub("", head, count=1))) is not None


def _starts_comment(text: str) -> bool:
    stripped = _LIST_MARK.sub("", text, count=1)
    head = fold(stripped)[:90]
    return bool(_CITE_START.search(head)) or bool(_TOP_NUMBER.match(text))


def _cites_at_start(text: str) -> bool:
    return bool(_CITE_START.search(fold(_LIST_MARK.sub("", text, count=1))[:90]))


def _agrees(text: str) -> bool:
    """Whether a paragraph states an agreement with the draft (in any of its sentences)."""
    from ..comments.stance import _sentences, sentence_kind

    return any(sentence_kind(s) == "agree" for s in _sentences(text))


def paragraph_roles(paragraphs: list[str], levels: list | None = None, *, fallback: bool = True
                    ) -> tuple[list[list[int]], list[str]]:
    """Cut body paragraphs into comments: (comments as lists of paragraph indexes, the role
    of every paragraph: ``comment``, ``rationale``, ``heading``, ``opening``, ``closing``).

    ``levels``: the automatic numbering of each paragraph, ``(numId, ilvl)`` or
    None. The first level-0 list seen, and every later item of the same list
    and level, starts a comment, like "2." typed by hand; other lists are
    sub-points of the current comment. A paragraph starting "Lý do:" after a
    comment is its rationale. With ``fallback`` and no comment found, the
    first agreement stated in the opening or closing is the one comment, else
    the paragraphs that are not closings.
    """
    levels = list(levels) if levels is not None else [None] * len(paragraphs)
    from ..comments.stance import classify_stance

    n = len(paragraphs)
    later_start = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        later_start[i] = later_start[i + 1] or _starts_comment(paragraphs[i])
    top = None
    roles = [""] * n
    comments: list[list[int]] = []
    agree: list[int] = []
    current: list[int] | None = None
    cited_mode = in_section = False
    for i, text in enumerate(paragraphs):
        folded = fold(text)
        if (_SECTION_HEADING.match(folded) or (_PLAIN_HEADING.match(folded) and (text.rstrip().endswith(":") or len(text) < 40)
                                               and not _cites_at_start(text))) \
                and len(text) < 70 and not text.rstrip().endswith("."):
            current, cited_mode, in_section = None, False, True
            roles[i] = "heading"
            continue
        trailing = not later_start[i + 1]
        if _CLOSING.search(folded) or (trailing and comments and _CLOSING_ANY.search(folded)) or \
                (trailing and text.rstrip().endswith("./.") and not _starts_comment(text)
                 and (comments or _CLOSING_ANY.search(folded) or _agrees(text))):
            if _agrees(text):
                agree.append(i)
            roles[i] = "closing"
            current = None if not cited_mode else current
            continue
        numbered = levels[i] is not None and (levels[i] == top or (top is None and levels[i][1] == 0))
        sub_item = levels[i] is not None and not numbered and top is not None   # "1." of a sub-list
        if not comments and not numbered and _INTRO.search(folded) and not _LIST_MARK.match(text) \
                and not _is_rationale(text):
            # "Phúc đáp Công văn … góp ý dự thảo sửa đổi mục IV Phụ lục 1 …": it names the
            # draft, it does not cite a unit of it
            if _agrees(text):
                agree.append(i)
            roles[i] = "opening"
            continue
        if numbered:
            top = levels[i]
        if (_starts_comment(text) and not (sub_item and current is not None
                                           and not _cites_at_start(text))) or numbered:
            current = [i]
            comments.append(current)
            cited_mode = True
            roles[i] = "comment"
            continue
        if current is not None and _is_rationale(text):
            current.append(i)
            roles[i] = "rationale"
            continue
        if current is not None and (cited_mode or sub_item or _CONTINUATION.match(text)
                                    or paragraphs[current[-1]].rstrip().endswith(":")):
            current.append(i)
            roles[i] = "comment"
            continue
        if not comments and (_INTRO.search(folded) or _OPENING_ANY.search(folded[:200])
                             or (_INTRO_END.search(folded) and text.rstrip().endswith(":"))):
            if _agrees(text):
                agree.append(i)
            roles[i] = "opening"
            continue
        if classify_stance(text) == "agree" and not comments and not in_section:
            agree.append(i)
            roles[i] = "opening"
            continue
        current = [i]
        comments.append(current)
        roles[i] = "comment"
    if not comments and agree and fallback:
        comments = [[agree[0]]]
        roles[agree[0]] = "comment"
    if not comments and fallback:
        kept = [i for i, t in enumerate(paragraphs) if roles[i] not in ("closing", "heading")]
        if kept:
            comments = [kept]
            for i in kept:
                roles[i] = "comment"
    return comments, roles


def split_comments(paragraphs: list[str], levels: list | None = None, *, fallback: bool = True
                   ) -> tuple[list[int], list[str]]:
    """Cut body paragraphs into comments; returns (first paragraph index, text) lists
    (rationale paragraphs included in the text; see :func:`paragraph_roles`)."""
    comments, _ = paragraph_roles(paragraphs, levels, fallback=fallback)
    return [c[0] for c in comments], ["\n".join(paragraphs[i] for i in c) for c in comments]


def read_letter(source: Source, *, name: str | None = None) -> Letter:
    """Read a reply letter; :class:`ParseError` if it has no body text at all."""
    name = name or source_name(source)
    if str(name).lower().endswith(".pdf"):
        from .pdf import pdf_blocks

        blocks = pdf_blocks(source, name=name)
    else:
        blocks = docx_blocks(open_docx(source), name=name)
    return letter_from_blocks(blocks, name=name)


#: "PHỤ LỤC", "BẢNG TỔNG HỢP Ý KIẾN GÓP Ý", "(Kèm theo Công văn số …)": an annex after the signature
_ANNEX_HEADING = re.compile(r"^(?:phu luc|bang (?:tong hop )?(?:y kien|gop y)|\(?kem theo|noi dung gop y|"
                            r"y kien gop y)\b")


def letter_from_blocks(blocks, *, name: str) -> Letter:
    """A letter from its paragraphs and tables in reading order.

    ``blocks``: ``(kind, index, content, level)`` tuples — ``("p", n, [line], level)``
    for a paragraph line (``level`` its Word numbering or None), ``("t", n, rows, None)``
    for a table (rows of cells, each cell a list of lines; a merged cell the same
    object in each row it covers). :func:`docx_blocks` and
    :func:`consultkit.readers.pdf.pdf_blocks` give them; any other source (OCR of
    a scan) can too. Every line and cell ends in :attr:`Letter.parts`.
    """
    header: list[str] = []
    header_paragraphs: list[tuple[str, str]] = []
    body: list[tuple[str, str, object]] = []       # (place, text, level)
    pieces: list[Piece] = []
    items: list[Item] = []
    row_pieces: dict[str, list[Piece]] = {}        # body paragraphs made of a table row's cells
    state = "header"
    annex = False
    need_addressee = False
    issues: list[str] = []
    lines_seen: dict[int, int] = {}
    last_table = None            # (labels, roles) of the last comment table, for its continuation
    order: dict[str, int] = {}   # "p12" / "t2" -> position in the reading order
    for kind, index, content, level in blocks:
        order.setdefault(f"{kind}{index}", len(order))
        if kind == "t":
            flat = [line for row in content for cell in row for line in cell]
            if state == "header":
                if any(fold(line).startswith("kinh gui") for line in flat):
                    state = "addressees"
                    need_addressee = False
                    _all_cells(index, content, "header", pieces, lambda t: fold(t).startswith(
                        "kinh gui") and "addressee")
                    header.extend(_column_major(content))
                    continue
                else:
                    header.extend(_column_major(content))
                    _all_cells(index, content, "header", pieces)
                    continue
            at = CommentTable.find_header(content)
            if at is not None:
                table = CommentTable(index, content, at)
                last_table = table.read(items, pieces)
                continue
            if last_table is not None and content and _continues(content, last_table):
                CommentTable(index, content, None).read(items, pieces, labels=last_table[0],
                                                        roles=last_table[1])
                continue
            if state == "signature" or any(_SIGNATURE.search(fold(line)) for line in flat):
                state = "signature"
                _all_cells(index, content, "signature", pieces)
                continue
            last_table = None
            seen_cells: set = set()
            for r, row in enumerate(content, start=1):
                texts, cell_pieces = [], []
                for c, cell in enumerate(row, start=1):
                    if id(cell) in seen_cells or not cell:
                        continue
                    seen_cells.add(id(cell))
                    texts.append(" ".join(cell))
                    cell_pieces.append((f"t{index}.r{r}.c{c}", normalize(" ".join(cell))))
                text = normalize(" ".join(texts))
                if text:
                    body.append((f"t{index}.r{r}", text, None))
                    row_pieces[f"t{index}.r{r}"] = cell_pieces
            continue
        line = content[0]
        folded = fold(line)
        count = lines_seen.get(index, 0) + 1
        lines_seen[index] = count
        place = f"p{index}" if count == 1 else f"p{index}.{count}"
        if state == "header":
            if folded.startswith("kinh gui"):
                state = "addressees"
                need_addressee = fold(line.split(":", 1)[1]) == "" if ":" in line else folded == "kinh gui"
                pieces.append(Piece(place, "addressee", line))
            else:
                header.append(line)
                header_paragraphs.append((place, line))
            continue
        if state == "addressees":
            if line[:1] in "-+•–" and len(line) < 160 and not _starts_comment(line[1:]):
                need_addressee = False
                pieces.append(Piece(place, "addressee", line))
                continue
            if need_addressee:
                need_addressee = False
                pieces.append(Piece(place, "addressee", line))
                continue
            state = "body"
        if state == "body":
            if _SIGNATURE.search(folded) and len(line) < 80:
                state = "signature"
                pieces.append(Piece(place, "signature", line))
                continue
            body.append((place, line, level))
            continue
        # after the signature: the signer, "Nơi nhận", or an annex with the comments
        if _ANNEX_HEADING.match(folded) and len(line) < 200:
            annex = True
            pieces.append(Piece(place, "heading", line))
        elif annex:
            body.append((place, line, None))
        else:
            pieces.append(Piece(place, "signature", line))
    fields = _header_fields(header)
    if state == "header":
        # no "Kính gửi": the body is what is not a header line, up to the signature
        issues.append("no 'Kính gửi' line: the body was taken after the header lines")
        in_signature = False
        for location, line in header_paragraphs:
            if not in_signature and _SIGNATURE.search(fold(line)) and len(line) < 80:
                in_signature = True
            if in_signature:
                pieces.append(Piece(location, "signature", line))
            elif not _is_header_line(line):
                body.append((location, line, None))
            else:
                pieces.append(Piece(location, "header", line))
    else:
        pieces.extend(Piece(location, "header", line) for location, line in header_paragraphs)
    if not fields["sender"]:
        issues.append("sender not found in the letter's header")
    if not body and not items:
        raise ParseError("công văn không có phần nội dung", path=name,
                         hint="Kiểm tra đây có phải công văn trả lời; bản quét cần nhập lại "
                              "hoặc nhận dạng chữ trước")
    paragraphs = [t for _, t, _ in body]
    groups, roles = paragraph_roles(paragraphs, [lv for _, _, lv in body], fallback=not items) \
        if paragraphs else ([], [])
    agreement = [paragraphs[i] for i, role in enumerate(roles) if role in ("opening", "closing")
                 and _agrees(paragraphs[i])]
    paragraph_items: list[Item] = []
    member = {}
    for g, group in enumerate(groups):
        paragraph_items.append(Item(place=body[group[0]][0], text=[], target=[], quoted_text=[],
                                    rationale=[]))
        for i in group:
            member[i] = g
    # paragraph comments first (in the body before any table), then the table comments
    offset = len(paragraph_items)
    pieces = [Piece(p.place, p.part, p.text, p.item + offset, p.field) if p.item >= 0 else p
              for p in pieces]
    for i, (place, text, _) in enumerate(body):
        role = roles[i] if i < len(roles) else "comment"
        if i in member:
            item = paragraph_items[member[i]]
            field_name = "rationale" if role == "rationale" else "text"
            getattr(item, field_name).append(text)
            part, item_index = "comment", member[i]
        else:
            part, item_index, field_name = (role if role in ("heading", "opening", "closing")
                                            else "unused"), -1, ""
        if place in row_pieces:
            for cell_place, cell_text in row_pieces[place]:
                pieces.append(Piece(cell_place, part, cell_text, item_index, field_name))
        else:
            pieces.append(Piece(place, part, text, item_index, field_name))
    # comments in reading order (a table may come before or between paragraph comments)
    unordered = paragraph_items + items
    rank = sorted(range(len(unordered)), key=lambda k: _place_key(unordered[k].place, order))
    new_index = {old: new for new, old in enumerate(rank)}
    all_items = [unordered[k] for k in rank]
    pieces = [Piece(p.place, p.part, p.text, new_index[p.item], p.field) if p.item >= 0 else p
              for p in pieces]
    texts = ["\n".join(it.text) for it in all_items]
    stance = _reply_stance(texts, agreement)
    return Letter(sender=fields["sender"], parent=fields["parent"], number=fields["number"],
                  place=fields["place"], date=fields["date"], subject=fields["subject"],
                  comments=tuple(texts), refs=tuple("; ".join(it.target) for it in all_items),
                  locations=tuple(it.place for it in all_items), source=name, issues=tuple(issues),
                  quoted=tuple("\n".join(it.quoted_text) for it in all_items),
                  rationales=tuple("\n".join(it.rationale) for it in all_items),
                  agreement="\n".join(agreement), stance=stance,
                  parts=tuple(sorted(pieces, key=lambda p: _place_key(p.place, order))))


def _place_key(place: str, order: dict[str, int]) -> tuple:
    """Reading order of places: the block's position, then line / row and cell numbers."""
    block = re.match(r"[pt]\d+", place).group(0)
    return (order.get(block, len(order)), *(int(n) for n in re.findall(r"\d+", place[len(block):])))


def _all_cells(index: int, rows, part: str, pieces: list, override=None) -> None:
    """Every distinct cell of a table as one piece of ``part`` (``override(text)`` may
    name another part for a cell)."""
    seen: set = set()
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            if id(cell) in seen or not cell:
                continue
            seen.add(id(cell))
            text = normalize(" ".join(cell))
            if text:
                pieces.append(Piece(f"t{index}.r{r}.c{c}", (override and override(text)) or part, text))


def _continues(rows, previous) -> bool:
    """A table without a header right after a comment table, as wide: the same table
    going on (split across pages by the writer, or by a PDF page break)."""
    labels, _ = previous
    return bool(labels) and all(len(row) == len(labels) for row in rows)


def _reply_stance(texts: list[str], agreement: list[str]) -> str:
    """The reply's stance: ``substantive`` if a comment proposes something; ``agree`` if the
    letter states an agreement (in a comment, its opening or closing) and nothing more;
    else ``general``; '' for a letter without comments or agreement."""
    from ..comments.stance import classify_stance

    stances = {classify_stance(t) for t in texts if t}
    if "substantive" in stances:
        return "substantive"
    if agreement or "agree" in stances:
        return "agree" if stances <= {"agree"} or not stances else "general"
    return "general" if stances else ""


def letter_comments(letter: Letter, *, channel: str = "post", received: dt.date | None = None,
                    name: str | None = None, origin: str | None = None,
                    sender: str | None = None) -> ReadResult:
    """The letter's comments as raw rows (``received`` defaults to the letter's date)."""
    name = name or letter.source
    result = ReadResult()
    quoted = letter.quoted or ("",) * len(letter.comments)
    rationales = letter.rationales or ("",) * len(letter.comments)
    for text, refs, location, quote, why in zip(letter.comments, letter.refs, letter.locations,
                                                quoted, rationales):
        result.rows.append(raw_row(unit_raw=letter.sender or sender or "",
                                   received=received or letter.date, letter_number=letter.number,
                                   channel=channel, text=text, refs_raw=refs,
                                   source=f"{name}#{location}",
                                   origin=origin or Path(name).name, quoted_text=quote, rationale=why))
    return result


def read_letter_comments(source: Source, *, name: str | None = None, channel: str = "post") -> ReadResult:
    """Read a reply letter straight into raw comment rows."""
    name = name or source_name(source)
    return letter_comments(read_letter(source, name=name), channel=channel, name=name)
