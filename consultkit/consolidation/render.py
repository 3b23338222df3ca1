"""The consolidated document laid out once, written as HTML, Markdown or .docx.

:func:`layout` turns a :data:`~consultkit.schema.CONSOLIDATED` frame into the pieces of
a văn bản hợp nhất (Pháp lệnh 01/2012/UBTVQH13 and its form):

* the title of the base (its title rows, or the heading of its first unit);
* the opening: the base (number, date) and the list of amending documents (number,
  date, date of effect), one line each;
* the text in order: chapters and sections centred, articles with their heading, units
  with their number, criteria-table rows gathered into tables, repealed units as their
  number followed by "(được bãi bỏ)";
* the footnotes of every changed unit, numbered in order of appearance.

The base's header, title block, signature and list of recipients are not part of the
text in force and are not repeated (the opening names the base instead).
:func:`to_html` escapes every piece of text; :func:`to_markdown` writes footnotes as
``[^n]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

import pandas as pd

from ..readers.dates import parse_date
from .apply import _date_vn, _doc_ref

__all__ = ["Piece", "layout", "opening_lines", "title_of", "to_html", "to_markdown", "CSS"]

_CENTRED = {"chapter", "section", "part", "annex"}
_SKIP = {"header", "signature", "recipients", "title"}


@dataclass
class Piece:
    """One paragraph or one table of the consolidated document."""

    kind: str                      # 'centred', 'heading', 'body', 'table'
    text: str = ""
    bold_prefix: str = ""          # the unit's number (and article heading), bold
    notes: list[int] = field(default_factory=list)   # footnote numbers after the text
    rows: list[list[str]] = field(default_factory=list)     # tables: header first
    row_notes: list[list[int]] = field(default_factory=list)
    repealed: bool = False


def title_parts(frame: pd.DataFrame) -> tuple[str, str]:
    """(document type line, subject) of the base: ('NGHỊ ĐỊNH', 'Về công tác văn thư') from
    its title rows; else the first unit's number and heading, and ''."""
    lines = []
    for text in frame[frame["kind"] == "title"]["text"]:
        lines += [x.strip() for x in (text or "").split("\n")
                  if x.strip() and not x.strip().startswith("[") and not re.fullmatch(r"[_\W]+", x.strip())]
    if lines:
        return lines[0], " ".join(lines[1:])
    first = frame[~frame["clause_id"].str.startswith("_")].head(1)
    if first.empty:
        return "VĂN BẢN", ""
    row = first.iloc[0]
    return f"{row.number} {row.heading}".strip(), ""


def title_of(frame: pd.DataFrame) -> str:
    """The base's title on one line: 'NGHỊ ĐỊNH Về công tác văn thư'."""
    kind, subject = title_parts(frame)
    return f"{kind} {subject}".strip()


def _base_info(frame: pd.DataFrame) -> dict:
    """Number and date of the base, from its header rows ('Số: 30/2020/NĐ-CP', 'Hà Nội, ngày …')."""
    info = {"number": "", "date": None}
    for text in frame[frame["kind"] == "header"]["text"]:
        number = re.search(r"Số\s*:\s*([\w./\-–]+)", text or "")
        if number and not info["number"]:
            info["number"] = number.group(1).rstrip(".")
        when = re.search(r",\s*(ngày\s.{0,40}?năm\s+\d{4})", text or "")
        if when and info["date"] is None:
            info["date"] = parse_date(when.group(1))
    return info


def opening_lines(frame: pd.DataFrame) -> list[str]:
    """The opening of the consolidated document: the base and its amending documents."""
    base = _base_info(frame)
    kind, subject = title_parts(frame)
    head = f"{kind} {subject}".strip()
    if base["number"]:
        head = f"{kind[:1].upper()}{kind[1:].lower()} số {base['number']}"
        if base["date"]:
            head += f" {_date_vn(base['date'])}"
        if subject:
            head += f" {subject[:1].lower()}{subject[1:]}"
    documents = frame.attrs.get("documents", [])
    if not documents:
        return [f"{head}, chưa được sửa đổi, bổ sung."]
    lines = [f"{head}, được sửa đổi, bổ sung bởi:"]
    for k, info in enumerate(documents, 1):
        ref = _doc_ref(info)
        if info.get("date"):
            ref += f" {_date_vn(info['date'])}"
        title = (info.get("title") or "").split(" ", 2)
        subject = title[-1] if len(title) > 1 else ""
        if info.get("title", "").upper().startswith(("THÔNG TƯ LIÊN TỊCH",)):
            subject = info["title"].split(" ", 3)[-1]
        if subject:
            ref += f" {subject[:1].lower()}{subject[1:]}"
        effect = (f", có hiệu lực kể từ {_date_vn(info['effective'])}" if info.get("effective")
                  else ", chưa rõ ngày có hiệu lực")
        end = "." if k == len(documents) else ";"
        lines.append(f"{k}. {ref}{effect}{end}")
    return lines


def layout(frame: pd.DataFrame) -> tuple[list[Piece], list[str]]:
    """The pieces of the document in order, and the footnotes (index n-1 is footnote n)."""
    pieces: list[Piece] = []
    notes: list[str] = []

    def numbered(row) -> list[int]:
        out = []
        for note in row.notes or ():
            notes.append(note)
            out.append(len(notes))
        return out

    table: Piece | None = None
    for row in frame.sort_values("order").itertuples(index=False):
        if row.kind in _SKIP:
            continue
        if row.kind == "table_row" or (row.kind == "text" and isinstance(row.cells, dict)):
            cells = row.cells if isinstance(row.cells, dict) else None
            values = list(cells.values()) if cells else [row.number] + row.text.split(" | ")
            if row.status == "repealed":
                values = [row.number, row.text] + [""] * max(0, len(values) - 2)
            if table is None:
                header = list(cells.keys()) if cells else []
                table = Piece(kind="table", rows=[header] if header else [], row_notes=[[]] if header else [])
                pieces.append(table)
            if row.kind == "text" and table.rows and values == table.rows[0]:
                continue            # the header row, already the table's first row
            table.rows.append([str(v) for v in values])
            table.row_notes.append(numbered(row))
            continue
        table = None
        number = (row.number or "").strip()
        repealed = row.status == "repealed"
        if row.kind in _CENTRED:
            pieces.append(Piece(kind="centred", bold_prefix=number, notes=numbered(row),
                                text=row.text if repealed else row.heading, repealed=repealed))
            if row.text and not repealed:
                pieces += [Piece(kind="body", text=t) for t in row.text.split("\n") if t]
            continue
        if row.kind in ("article", "annex_section") and row.heading:
            pieces.append(Piece(kind="heading", bold_prefix=f"{number} {row.heading}".strip(),
                                notes=numbered(row)))
            pieces += [Piece(kind="body", text=t) for t in (row.text or "").split("\n") if t]
            continue
        lines = (row.text or "").split("\n") if row.text else [""]
        if row.heading:
            lines = [row.heading] + [t for t in lines if t]
        first = Piece(kind="heading" if row.kind == "article" else "body", bold_prefix=number
                      if row.kind in ("article",) or repealed else "",
                      text=(lines[0] if row.kind == "article" or repealed
                            else f"{number} {lines[0]}".strip()),
                      notes=numbered(row), repealed=repealed)
        pieces.append(first)
        pieces += [Piece(kind="body", text=t) for t in lines[1:] if t]
    return pieces, notes


CSS = """
.ck-vbhn { font-family: 'Times New Roman', serif; font-size: 15px; max-width: 52em; line-height: 1.45; }
.ck-vbhn h2 { text-align: center; font-size: 17px; }
.ck-vbhn .ck-open { font-style: italic; }
.ck-vbhn .ck-centred { text-align: center; font-weight: bold; }
.ck-vbhn p { text-align: justify; margin: 4px 0; }
.ck-vbhn .ck-repealed { color: #777; }
.ck-vbhn table { border-collapse: collapse; margin: 6px 0; }
.ck-vbhn td, .ck-vbhn th { border: 1px solid #999; padding: 3px 6px; vertical-align: top; }
.ck-vbhn sup a { text-decoration: none; }
.ck-vbhn ol.ck-notes { font-size: 13px; border-top: 1px solid #999; padding-top: 6px; }
"""


def _refs_html(numbers: list[int]) -> str:
    return "".join(f'<sup><a href="#ck-fn{n}" id="ck-ref{n}">{n}</a></sup>' for n in numbers)


def to_html(frame: pd.DataFrame) -> str:
    """The consolidated document as an HTML fragment (text escaped, footnotes linked)."""
    pieces, notes = layout(frame)
    out = [f"<style>{CSS}</style>", '<div class="ck-vbhn">',
           f"<h2>{escape(title_of(frame).upper())}</h2>",
           '<p class="ck-centred">(VĂN BẢN HỢP NHẤT)</p>']
    out += [f'<p class="ck-open">{escape(line)}</p>' for line in opening_lines(frame)]
    for piece in pieces:
        cls = ' class="ck-repealed"' if piece.repealed else ""
        if piece.kind == "table":
            body = []
            for k, row in enumerate(piece.rows):
                tag = "th" if k == 0 and piece.row_notes and not piece.row_notes[0] and \
                    any(not c.strip().isdigit() for c in row[:1]) else "td"
                cells = "".join(f"<{tag}>{escape(c)}</{tag}>" for c in row)
                refs = _refs_html(piece.row_notes[k]) if k < len(piece.row_notes) else ""
                body.append(f"<tr>{cells}<td>{refs}</td></tr>" if refs else f"<tr>{cells}</tr>")
            out.append("<table>" + "".join(body) + "</table>")
            continue
        prefix = f"<b>{escape(piece.bold_prefix)}</b> " if piece.bold_prefix else ""
        text = escape(piece.text)
        refs = _refs_html(piece.notes)
        if piece.kind == "centred":
            out.append(f'<p class="ck-centred">{prefix}<br>{text}{refs}</p>')
        else:
            out.append(f"<p{cls}>{prefix}{text}{refs}</p>")
    if notes:
        out.append('<ol class="ck-notes">' + "".join(
            f'<li id="ck-fn{n}">{escape(note)}</li>' for n, note in enumerate(notes, 1)) + "</ol>")
    out.append("</div>")
    return "\n".join(out)


def to_markdown(frame: pd.DataFrame) -> str:
    """The consolidated document as Markdown with ``[^n]`` footnotes."""
    pieces, notes = layout(frame)
    out = [f"# {title_of(frame).upper()}", "", "*(VĂN BẢN HỢP NHẤT)*", ""]
    out += [f"*{line}*" for line in opening_lines(frame)] + [""]
    for piece in pieces:
        refs = "".join(f"[^{n}]" for n in piece.notes)
        if piece.kind == "table":
            for k, row in enumerate(piece.rows):
                cells = [c.replace("|", "\\|") for c in row]
                if k < len(piece.row_notes) and piece.row_notes[k]:
                    cells[-1] += "".join(f"[^{n}]" for n in piece.row_notes[k])
                out.append("| " + " | ".join(cells) + " |")
                if k == 0:
                    out.append("|" + "---|" * len(row))
            out.append("")
            continue
        prefix = f"**{piece.bold_prefix}** " if piece.bold_prefix else ""
        out += [f"{prefix}{piece.text}{refs}".strip(), ""]
    out += [f"[^{n}]: {note}" for n, note in enumerate(notes, 1)]
    return "\n".join(out).rstrip() + "\n"
