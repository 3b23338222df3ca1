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
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParseError
from ..text import fold, normalize
from .files import Source, open_docx, source_name
from .letter_blocks import docx_blocks  # also re-exported (replies.py)
from .letter_header import _column_major, _header_fields, _is_header_line
from .letter_roles import _SIGNATURE, _agrees, _starts_comment, paragraph_roles, split_comments  # noqa: F401
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
