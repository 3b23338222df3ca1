"""Reading an amending document into its instructions (:func:`read_amendments`).

The amending document is read as blocks (paragraphs and table rows, .docx or
.md/.txt, or rebuilt from its clause frame) and walked once:

* its own structure ("Điều 1.", "1.", "a)") gives each instruction its
  ``location`` ("khoản 3 Điều 1");
* a paragraph whose content starts with an action (grammar:
  :mod:`consultkit.consolidation.grammar`) is an instruction; if it ends with
  "như sau:" the quotation that follows (one or more paragraphs and table rows,
  “ ” or " ", possibly opened on the same line) is its new text;
* a paragraph "Sửa đổi, bổ sung một số khoản của Điều 9 như sau:" is not an
  instruction but the *scope* of the instructions under it ("Bổ sung khoản 1a
  vào sau khoản 1 như sau:" is then ``D9.k1a``);
* the header gives the document's number (Số: …), date and title, and the
  article on effect ("… có hiệu lực thi hành từ ngày …" / "kể từ ngày ký") its
  date of effect; annexes after the signature ("Phụ lục I") are the new text of
  a "Thay thế Phụ lục I …" instruction.

A paragraph that starts like an instruction but cannot be read, a quotation
never closed, and a document without instructions are reported in the
``issue`` column (Vietnamese) — nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .. import schema
from ..clauses.patterns import arabic, classify
from ..readers.dates import date_line, parse_date
from ..readers.files import source_name
from ..readers.word import Block
from ..text import nfc
from .grammar import ACTION_LABELS, GrammarError, is_instruction, parse_head, target_ids

__all__ = ["read_amendments", "document_info", "blocks_of"]

_AS_FOLLOWS_INLINE = re.compile(r"(?:như\s+sau|sau\s+đây)\s*:\s*(?P<q>[“\"])", re.IGNORECASE)
_AS_FOLLOWS = re.compile(r"(?:như\s+sau|sau\s+đây)\s*:\s*$", re.IGNORECASE)
_CLOSE = re.compile(r"[”\"]\s*(?:\./\.|[.;,])?\s*$")
_CONTAINER = re.compile(r"\bmột\s+số\b", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*Số\s*:\s*(?P<n>[\w./\-–]+)", re.IGNORECASE)
_EFFECT = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+(?:kể\s+)?từ)?\s+(?P<rest>[^.;]*)",
                     re.IGNORECASE)
_TYPES = re.compile(r"^(?:THÔNG TƯ|NGHỊ ĐỊNH|QUYẾT ĐỊNH|NGHỊ QUYẾT|LUẬT|THÔNG TƯ LIÊN TỊCH)\b")


def _balance(text: str) -> tuple[int, int]:
    return text.count("“") - text.count("”"), text.count('"')


def blocks_of(source) -> tuple[list[Block], str]:
    """Blocks and a name of a path, text, file object or clause frame."""
    if isinstance(source, pd.DataFrame):
        blocks = []
        for row in source.sort_values("order").itertuples(index=False):
            if row.kind == "table_row" or (row.location or "").startswith("t") and row.cells:
                cells = tuple(row.cells.values()) if isinstance(row.cells, dict) else ()
                blocks.append(Block(kind="table_row", text=row.text, cells=cells,
                                    header=tuple(row.cells) if isinstance(row.cells, dict) else (),
                                    location=row.location))
                continue
            first = " ".join(p for p in (row.number, row.heading) if p)
            lines = (row.text or "").split("\n")
            if first and lines and lines[0] and not row.heading:
                lines[0] = f"{first} {lines[0]}"
            elif first:
                lines = [first] + [x for x in lines if x]
            for line in lines:
                if line.strip():
                    blocks.append(Block(kind="paragraph", text=line, location=row.location))
        return blocks, source.attrs.get("name", "<khung điều khoản>")
    from ..clauses.parse import read_source_blocks
    name = source_name(source) if isinstance(source, (Path,)) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096) else "<văn bản>"
    return read_source_blocks(source), name


def _display(block: Block) -> str:
    return nfc(block.display).strip()


def document_info(blocks: list[Block], name: str = "") -> dict:
    """Number, date, title, issuer and date of effect found in an amending document."""
    info = {"name": Path(name).name if name else "", "number": "", "date": None,
            "effective": None, "title": "", "issuer": ""}
    texts = [_display(b) for b in blocks]
    for index, text in enumerate(texts[:40]):
        for piece in re.split(r"\s+/\s+|\s*\|\s*", text):
            if not info["number"]:
                m = _NUMBER.match(piece)
                if m:
                    info["number"] = m.group("n").rstrip(".")
            if info["date"] is None:
                found = date_line(piece)
                if found and found[1]:
                    info["date"] = found[1]
            if not info["issuer"] and index < 3 and piece.isupper() and "CỘNG HÒA" not in piece \
                    and "CỘNG HOÀ" not in piece and len(piece) > 3 and not _NUMBER.match(piece):
                info["issuer"] = piece
        if not info["title"] and _TYPES.match(text) and index + 1 < len(texts):
            info["title"] = f"{text} {texts[index + 1]}".strip()
    for text in texts:
        m = _EFFECT.search(text)
        if m:
            rest = m.group("rest")
            if re.search(r"ngày\s+ký", rest, re.IGNORECASE):
                info["effective"] = info["date"]
            else:
                info["effective"] = parse_date(rest) or info["effective"]
    return info


def _strip_quote(blocks: list[Block]) -> list[Block]:
    """The quoted blocks without the opening and closing marks."""
    out = list(blocks)
    if not out:
        return out

    def edit(block: Block, fn) -> Block:
        if block.kind == "table_row" and block.cells:
            cells = list(block.cells)
            index = 0 if fn is _lstrip else len(cells) - 1
            cells[index] = fn(cells[index])
            return replace(block, cells=tuple(cells),
                           text=" | ".join(c for c in cells if c))
        return replace(block, text=fn(block.text), number=block.number)

    first = out[0]
    if first.number and not first.text.startswith(("“", '"')) and first.kind == "paragraph":
        pass
    out[0] = edit(first, _lstrip)
    out[-1] = edit(out[-1], _rstrip)
    return [b for b in out if _display(b)]


def _lstrip(text: str) -> str:
    return re.sub(r"^\s*[“\"«]", "", text, count=1)


def _rstrip(text: str) -> str:
    return re.sub(r"[”\"»]\s*(?:\./\.|[.;,])?\s*$", "", text, count=1)


_LOCATION_WORDS = {"article": "Điều", "clause": "khoản", "point": "điểm"}


def _location(stack: dict) -> str:
    parts = []
    for kind in ("point", "clause", "article"):
        if stack.get(kind):
            parts.append(f"{_LOCATION_WORDS[kind]} {stack[kind]}")
    return " ".join(parts)


def read_amendments(source) -> pd.DataFrame:
    """The instructions of an amending document as an :data:`~consultkit.schema.INSTRUCTIONS`
    frame, one row per action (an instruction with two actions gives two rows, same ``seq``).

    ``source``: a path (.docx, .md, .txt), the text, a file object, or the clause
    frame of a parsed amending document. ``frame.attrs["document"]`` holds its number,
    date, date of effect, title and issuer (see :func:`document_info`).

    >>> f = read_amendments("Điều 1. Sửa đổi, bổ sung một số điều\\n"
    ...     "1. Bãi bỏ khoản 3 Điều 5.\\n2. Sửa đổi, bổ sung khoản 2 Điều 7 như sau:\\n"
    ...     "“2. Văn bản mới.”")
    >>> list(f.action), list(f.targets), list(f.text)
    (['repeal', 'amend'], [('D5.k3',), ('D7.k2',)], ['', '2. Văn bản mới.'])
    """
    blocks, name = blocks_of(source)
    info = document_info(blocks, name)
    rows: list[dict] = []
    stack: dict[str, str] = {}
    scopes: list[tuple[int, str]] = []         # (depth, clause id) of "một số … của Điều 9"
    annexes: dict[str, list[Block]] = {}
    seq = 0
    index = 0
    started = False
    numbered = False
    depth_of = {"article": 0, "clause": 1, "point": 2}
    while index < len(blocks):
        block = blocks[index]
        text = _display(block)
        found = classify(text) if block.kind == "paragraph" else None
        kind = {"article": "article", "decimal": "clause", "point": "point"}.get(
            found[0] if found else "", "")
        if found and found[0] == "decimal" and "." in found[2]:
            kind = ""
        if found and found[0] == "annex" and started:
            current = arabic(found[2])
            annexes[current] = [block]
            index += 1
            while index < len(blocks) and not (blocks[index].kind == "paragraph" and (
                    classify(_display(blocks[index])) or ("",))[0] == "annex"):
                annexes[current].append(blocks[index])
                index += 1
            continue
        content = text
        if kind:
            stack[kind] = found[2]
            for smaller in ("clause", "point")[("article", "clause", "point").index(kind):]:
                if smaller != kind:
                    stack.pop(smaller, None)
            content = found[3].strip()
            depth = depth_of[kind]
            scopes = [(d, s) for d, s in scopes if d < depth]
        else:
            depth = 3
        if kind:
            numbered = True
        if not content or not numbered or not is_instruction(content):
            # before the first numbered unit is the title ("Sửa đổi Thông tư số …"), not an order
            index += 1
            continue
        started = True
        # a container: "Sửa đổi, bổ sung một số khoản của Điều 9 như sau:"
        head = content
        inline = _AS_FOLLOWS_INLINE.search(head)
        if inline:
            head = head[:inline.start("q")].rstrip()
        if _CONTAINER.search(head.split("“")[0]):
            try:
                ids = target_ids(re.split(r"\bmột\s+số\b", head, maxsplit=1)[1])
            except GrammarError:
                ids = []
            if len(ids) == 1:
                scopes.append((depth, ids[0]))
            index += 1
            continue
        seq += 1
        location = _location(stack)
        quoted: list[Block] = []
        issue = ""
        index += 1
        if inline or _AS_FOLLOWS.search(head):
            opened = False
            if inline:
                first = Block(kind="paragraph", text=content[inline.start("q"):],
                              location=block.location)
                quoted.append(first)
                opened = True
            elif index < len(blocks) and _display(blocks[index]).startswith(("“", '"', "«")):
                quoted.append(blocks[index])
                index += 1
                opened = True
            if opened:
                curly, straight = _balance(_display(quoted[0]))
                closed = bool(_CLOSE.search(_display(quoted[0]))) and curly <= 0 \
                    and straight % 2 == 0
                start = index
                while not closed and index < len(blocks):
                    piece = _display(blocks[index])
                    quoted.append(blocks[index])
                    c, s = _balance(piece)
                    curly, straight = curly + c, straight + s
                    closed = bool(_CLOSE.search(piece)) and curly <= 0 and straight % 2 == 0
                    index += 1
                if not closed:
                    # never closed: stop before the next instruction so later ones still count
                    index = start
                    quoted = quoted[:1]
                    while index < len(blocks):
                        nxt = classify(_display(blocks[index])) if blocks[index].kind == "paragraph" \
                            else None
                        if nxt and nxt[0] in ("decimal", "point", "article") and is_instruction(nxt[3]):
                            break
                        quoted.append(blocks[index])
                        index += 1
                    if not _CLOSE.search(_display(quoted[-1])):
                        issue = (f"nội dung trích dẫn mở ngoặc kép ở {quoted[0].location} nhưng "
                                 f"không đóng ngoặc kép; kiểm tra dấu ” cuối nội dung")
            else:
                issue = "câu dẫn kết thúc bằng “như sau:” nhưng không có nội dung trong ngoặc kép"
        quoted = _strip_quote(quoted) if quoted else []
        scope = scopes[-1][1] if scopes else ""
        try:
            actions = parse_head(head, scope)
        except GrammarError as error:
            actions = [("", [], "", "", "")]
            issue = issue or str(error)
        for part, (action, targets, anchor, phrase, new_phrase) in enumerate(actions, 1):
            rows.append({"document": info["number"] or info["name"], "seq": seq, "part": part,
                         "location": location, "where": block.location,
                         "instruction": content.split("“")[0].strip() if inline else content,
                         "action": action, "action_label": ACTION_LABELS.get(action, ""),
                         "targets": tuple(targets), "anchor": anchor, "phrase": phrase,
                         "new_phrase": new_phrase,
                         "text": "\n".join(_display(b) for b in quoted),
                         "blocks": tuple(quoted), "issue": issue})
    for row in rows:
        if row["action"] == "replace_annex" and not row["blocks"]:
            number = row["targets"][0][2:] if row["targets"] else ""
            if number in annexes:
                row["blocks"] = tuple(annexes[number])
                row["text"] = "\n".join(_display(b) for b in annexes[number])
    frame = schema.conform(rows, schema.INSTRUCTIONS) if rows else schema.empty(
        schema.INSTRUCTIONS)
    frame.attrs["document"] = info
    if not rows:
        frame.attrs["issues"] = [f"{info['name'] or 'văn bản'}: không tìm thấy lệnh sửa đổi, bổ "
                                 f"sung, bãi bỏ, thay thế nào (văn bản sửa đổi phải có các câu như "
                                 f"“Sửa đổi, bổ sung khoản 2 Điều 5 như sau:”)"]
    else:
        frame.attrs["issues"] = []
    return frame
