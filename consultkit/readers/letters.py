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

The body is cut into comments:

* a paragraph that cites a clause near its start ("1. Tại điểm a khoản 2
  mục IV.2: …", "- Mục 2.1 phần IV …", "Đối với tiêu chí số 5 …") or opens
  a numbered point ("2. …") starts a new comment; the paragraphs after it
  (reasons, bullets) belong to it until the next one;
* before the first such paragraph, each paragraph is a comment of its own;
* intro and closing formulas ("Phúc đáp công văn số …", "… có ý kiến như
  sau:", "Trên đây là ý kiến …", "Trân trọng") are not comments;
* a letter that only agrees ("… nhất trí với nội dung dự thảo") gives one
  comment, the agreeing paragraph, even when it is also the intro;
* headings of groups of comments ("I. Ý kiến chung", "II. Ý kiến cụ thể") are
  not comments; under them each paragraph is one, even an agreeing one;
* a table in the body whose header names a comment column (see
  :data:`consultkit.readers.sheets.HEADER_ALIASES`) gives one comment per row,
  its "Lý do / Đề xuất" column added to the text on a line of its own.
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


def docx_blocks(document, name: str = "<letter>"):
    """(kind, index, lines, level) in document order: ('p', i, [text], numbering level or None)
    or ('t', i, rows of cells, None); :func:`consultkit.readers.pdf.pdf_blocks` gives the same.
    More paragraphs and tables than the paragraphs budget (limits) is a LimitError."""
    from docx.table import Table

    from .limits import check_paragraphs, current

    most = current().paragraphs
    p_index = t_index = 0
    for item in document.iter_inner_content():
        if p_index + t_index >= most:
            check_paragraphs(p_index + t_index, name)
        if isinstance(item, Table):
            t_index += 1
            rows = []
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    cells.append([normalize(line) for par in cell.paragraphs
                                  for line in par.text.split("\n") if normalize(line)])
                rows.append(cells)
            yield "t", t_index, rows, None
        else:
            p_index += 1
            level = _list_level(item)
            for line in item.text.split("\n"):
                if normalize(line):
                    yield "p", p_index, [normalize(line)], level
                    level = None


#: "I. Ý kiến chung", "II. Góp ý cụ thể", "B. Ý kiến về các điều khoản": headings, not comments
_SECTION_HEADING = re.compile(r"^(?:[ivx]+|[a-d]|phan [ivx\d]+)\s+(?:(?:cac\s+)?(?:y kien|gop y|noi dung"
                              r" gop y|nhan xet|de xuat)\b.{0,40}|ve .{0,40})$")


def _starts_comment(text: str) -> bool:
    stripped = _LIST_MARK.sub("", text, count=1)
    head = fold(stripped)[:90]
    return bool(_CITE_START.search(head)) or bool(_TOP_NUMBER.match(text))


def split_comments(paragraphs: list[str], levels: list | None = None, *, fallback: bool = True
                   ) -> tuple[list[int], list[str]]:
    """Cut body paragraphs into comments; returns (first paragraph index, text) lists.

    ``levels``: the automatic numbering of each paragraph, ``(numId, ilvl)`` or
    None. The first level-0 list seen, and every later item of the same list
    and level, starts a comment, like "2." typed by hand; other lists are
    sub-points of the current comment.
    """
    levels = list(levels) if levels is not None else [None] * len(paragraphs)
    top = None
    from ..comments.stance import classify_stance

    comments: list[list[int]] = []
    agree: list[int] = []
    current: list[int] | None = None
    cited_mode = in_section = False
    for i, text in enumerate(paragraphs):
        folded = fold(text)
        if _SECTION_HEADING.match(folded) and len(text) < 70 and not text.rstrip().endswith("."):
            current, cited_mode, in_section = None, False, True
            continue
        if _CLOSING.search(folded):
            if classify_stance(text) == "agree":
                agree.append(i)
            current = None if not cited_mode else current
            continue
        numbered = levels[i] is not None and (levels[i] == top or (top is None and levels[i][1] == 0))
        if numbered:
            top = levels[i]
        if _starts_comment(text) or numbered:
            current = [i]
            comments.append(current)
            cited_mode = True
            continue
        if current is not None and (cited_mode or _CONTINUATION.match(text)
                                    or paragraphs[current[-1]].rstrip().endswith(":")):
            current.append(i)
            continue
        if _INTRO.search(folded) or (_INTRO_END.search(folded) and text.rstrip().endswith(":")):
            if classify_stance(text) == "agree":
                agree.append(i)
            continue
        if classify_stance(text) == "agree" and not comments and not in_section:
            agree.append(i)
            continue
        current = [i]
        comments.append(current)
    if not comments and agree and fallback:
        comments = [[agree[0]]]
    if not comments and fallback:
        kept = [i for i, t in enumerate(paragraphs) if not _CLOSING.search(fold(t))]
        if kept:
            comments = [kept]
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


def letter_from_blocks(blocks, *, name: str) -> Letter:
    """A letter from blocks of a .docx (:func:`docx_blocks`) or a PDF (``readers.pdf``)."""
    from .sheets import _header_map

    header: list[str] = []
    header_paragraphs: list[tuple[str, str]] = []
    body: list[tuple[str, str]] = []       # (location, text)
    table_comments: list[tuple[str, str, str]] = []   # (location, refs, text)
    state = "header"
    need_addressee = False
    issues: list[str] = []
    for kind, index, content, level in blocks:
        if kind == "t":
            flat = [line for row in content for cell in row for line in cell]
            if state == "header":
                if any(fold(line).startswith("kinh gui") for line in flat):
                    state = "addressees"
                    need_addressee = False
                else:
                    header.extend(_column_major(content))
                    continue
            if any(_SIGNATURE.search(fold(line)) for line in flat):
                state = "signature"
                continue
            mapping = _header_map([" ".join(cell) for cell in content[0]]) if content else {}
            if "text" in mapping:
                for r, row in enumerate(content[1:], start=2):
                    cells = [" ".join(cell) for cell in row]
                    text = cells[mapping["text"]] if mapping["text"] < len(cells) else ""
                    refs = cells[mapping["refs_raw"]] if "refs_raw" in mapping and \
                        mapping["refs_raw"] < len(cells) else ""
                    extra = [cells[c] for c in _extra_columns(content[0])
                             if c < len(cells) and normalize(cells[c]) and c != mapping["text"]]
                    if normalize(text):
                        table_comments.append((f"t{index}.r{r}", refs, "\n".join([text, *extra])))
            else:
                for r, row in enumerate(content, start=1):
                    text = " ".join(" ".join(cell) for cell in row)
                    if normalize(text):
                        body.append((f"t{index}.r{r}", text, None))
            continue
        line = content[0]
        folded = fold(line)
        if state == "header":
            if folded.startswith("kinh gui"):
                state = "addressees"
                need_addressee = fold(line.split(":", 1)[1]) == "" if ":" in line else folded == "kinh gui"
            else:
                header.append(line)
                header_paragraphs.append((f"p{index}", line))
            continue
        if state == "addressees":
            if line[:1] in "-+•–" and len(line) < 160 and not _starts_comment(line[1:]):
                need_addressee = False
                continue
            if need_addressee:
                need_addressee = False
                continue
            state = "body"
        if state == "body":
            if _SIGNATURE.search(folded) and len(line) < 80:
                state = "signature"
                continue
            body.append((f"p{index}", line, level))
    fields = _header_fields(header)
    if state == "header":
        # no "Kính gửi": the body is what is not a header line, up to the signature
        issues.append("no 'Kính gửi' line: the body was taken after the header lines")
        for location, line in header_paragraphs:
            if _SIGNATURE.search(fold(line)) and len(line) < 80:
                break
            if not _is_header_line(line):
                body.append((location, line, None))
    if not fields["sender"]:
        issues.append("sender not found in the letter's header")
    if not body and not table_comments:
        raise ParseError("công văn không có phần nội dung", path=name,
                         hint="Kiểm tra đây có phải công văn trả lời; bản quét cần nhập lại "
                              "hoặc nhận dạng chữ trước")
    paragraphs = [t for _, t, _ in body]
    starts, texts = split_comments(paragraphs, [lv for _, _, lv in body],
                                   fallback=not table_comments) if paragraphs else ([], [])
    locations = [body[s][0] for s in starts] + [loc for loc, _, _ in table_comments]
    refs = [""] * len(texts) + [r for _, r, _ in table_comments]
    texts = texts + [t for _, _, t in table_comments]
    return Letter(sender=fields["sender"], parent=fields["parent"], number=fields["number"],
                  place=fields["place"], date=fields["date"], subject=fields["subject"],
                  comments=tuple(texts), refs=tuple(refs), locations=tuple(locations),
                  source=name, issues=tuple(issues))


#: table columns whose text goes with the comment ("Lý do / Đề xuất", "Đề xuất sửa đổi")
_EXTRA_COLUMN = re.compile(r"^(?:ly do|de xuat|kien nghi|giai trinh de xuat|noi dung de xuat|"
                           r"noi dung sua doi|de nghi sua)")


def _extra_columns(header_row) -> list[int]:
    return [c for c, cell in enumerate(header_row) if _EXTRA_COLUMN.match(fold(" ".join(cell)))]


def letter_comments(letter: Letter, *, channel: str = "post", received: dt.date | None = None,
                    name: str | None = None, origin: str | None = None,
                    sender: str | None = None) -> ReadResult:
    """The letter's comments as raw rows (``received`` defaults to the letter's date)."""
    name = name or letter.source
    result = ReadResult()
    for text, refs, location in zip(letter.comments, letter.refs, letter.locations):
        result.rows.append(raw_row(unit_raw=letter.sender or sender or "",
                                   received=received or letter.date, letter_number=letter.number,
                                   channel=channel, text=text, refs_raw=refs,
                                   source=f"{name}#{location}",
                                   origin=origin or Path(name).name))
    return result


def read_letter_comments(source: Source, *, name: str | None = None, channel: str = "post") -> ReadResult:
    """Read a reply letter straight into raw comment rows."""
    name = name or source_name(source)
    return letter_comments(read_letter(source, name=name), channel=channel, name=name)
